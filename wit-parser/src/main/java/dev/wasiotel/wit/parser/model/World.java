package dev.wasiotel.wit.parser.model;

import dev.wasiotel.wit.parser.diag.Span;
import java.util.Map;

/**
 * A resolved, elaborated world: includes are merged in, and every interface an import or export
 * depends on is imported.
 *
 * @param name its name
 * @param imports imports in elaborated order
 * @param exports exports in elaborated order
 * @param packageId index into {@link Resolve#packages()}
 * @param docs documentation
 * @param stability feature gate
 * @param span where the name is written
 */
public record World(String name, Map<WorldKey, WorldItem> imports, Map<WorldKey, WorldItem> exports, int packageId,
        Docs docs, Stability stability, Span span) {
}
