package dev.wasiotel.wit.runtime;

import java.util.Objects;

/**
 * Names one resource type, for the type checks of a {@link ResourceTable}: a handle of one resource
 * type used where another is expected traps. Two values with the same names are the same type.
 *
 * @param interfaceName the WIT interface that defines the resource, e.g. {@code wasi:otel/tracing}
 *     (a world-level resource uses the world's name)
 * @param resourceName the resource's WIT name, e.g. {@code span}
 */
public record ResourceType(String interfaceName, String resourceName) {

    /** Rejects null or empty names. */
    public ResourceType {
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(resourceName, "resourceName");
        if (resourceName.isEmpty()) {
            throw new IllegalArgumentException("resourceName is empty");
        }
    }

    /** {@code interface#resource}, as used in trap messages. */
    @Override
    public String toString() {
        return interfaceName + "#" + resourceName;
    }
}
