package dev.wasiotel.wit.runtime;

import java.util.List;
import java.util.Objects;

/**
 * The Java form of WIT {@code tuple<T1>}: one value, compared by value.
 *
 * <p>No component is ever {@code null} (WIT has no null; {@code option<T>} is an
 * {@link java.util.Optional}).
 *
 * @param v1 the value
 * @param <T1> the type of the value
 */
public record Tuple1<T1>(T1 v1) {

    /** Rejects null components. */
    public Tuple1 {
        Objects.requireNonNull(v1, "v1");
    }

    /** The tuple of v1. */
    public static <T1> Tuple1<T1> of(T1 v1) {
        return new Tuple1<>(v1);
    }

    /** The components in order, as an immutable list. */
    public List<Object> toList() {
        return List.of(v1);
    }
}
