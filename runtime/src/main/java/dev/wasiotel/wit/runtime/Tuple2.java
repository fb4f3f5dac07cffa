package dev.wasiotel.wit.runtime;

import java.util.List;
import java.util.Objects;

/**
 * The Java form of WIT {@code tuple<T1, T2>}: 2 values in order, compared by value.
 *
 * <p>No component is ever {@code null} (WIT has no null; {@code option<T>} is an
 * {@link java.util.Optional}).
 *
 * @param v1 the first value
 * @param v2 the second value
 * @param <T1> the type of the first value
 * @param <T2> the type of the second value
 */
public record Tuple2<T1, T2>(T1 v1, T2 v2) {

    /** Rejects null components. */
    public Tuple2 {
        Objects.requireNonNull(v1, "v1");
        Objects.requireNonNull(v2, "v2");
    }

    /** The tuple of v1, v2. */
    public static <T1, T2> Tuple2<T1, T2> of(T1 v1, T2 v2) {
        return new Tuple2<>(v1, v2);
    }

    /** The components in order, as an immutable list. */
    public List<Object> toList() {
        return List.of(v1, v2);
    }
}
