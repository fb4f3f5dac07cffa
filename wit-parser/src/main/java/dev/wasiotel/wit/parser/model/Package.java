package dev.wasiotel.wit.parser.model;

import java.util.Map;

/**
 * A resolved package.
 *
 * @param name its name
 * @param interfaces named interfaces (name to index into {@link Resolve#interfaces()})
 * @param worlds worlds (name to index into {@link Resolve#worlds()})
 * @param docs documentation of the {@code package} declaration
 */
public record Package(PackageName name, Map<String, Integer> interfaces, Map<String, Integer> worlds, Docs docs) {
}
