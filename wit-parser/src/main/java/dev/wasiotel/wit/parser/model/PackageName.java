package dev.wasiotel.wit.parser.model;

import java.util.Optional;

/**
 * A WIT package name such as {@code wasi:otel@0.2.0-rc.2}.
 *
 * @param namespace the part before the colon
 * @param name the part after the colon
 * @param version the optional version
 */
public record PackageName(String namespace, String name, Optional<Version> version) {

    /** {@code namespace:name} without the version. */
    public String withoutVersion() {
        return namespace + ":" + name;
    }

    /** The fully qualified name of an interface or world in this package: {@code ns:pkg/item@v}. */
    public String qualify(String item) {
        return withoutVersion() + "/" + item + version.map(v -> "@" + v).orElse("");
    }

    @Override
    public String toString() {
        return withoutVersion() + version.map(v -> "@" + v).orElse("");
    }
}
