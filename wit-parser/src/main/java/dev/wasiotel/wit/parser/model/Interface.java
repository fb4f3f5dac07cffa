package dev.wasiotel.wit.parser.model;

import dev.wasiotel.wit.parser.diag.Span;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A resolved interface.
 *
 * @param name its name; empty for an interface written inline in a world
 * @param types named types, in definition order (name to index into {@link Resolve#types()})
 * @param functions functions by canonical name, in definition order
 * @param packageId index into {@link Resolve#packages()}
 * @param docs documentation
 * @param stability feature gate
 * @param span where the name is written
 */
public record Interface(Optional<String> name, Map<String, Integer> types, Map<String, Function> functions,
        OptionalInt packageId, Docs docs, Stability stability, Span span) {
}
