package dev.wasiotel.wit.runtime;

import java.util.List;
import java.util.Objects;

/**
 * The Java form of WIT {@code tuple<T1, T2, T3, T4>}: 4 values in order, compared by value.
 *
 * <p>No component is ever {@code null} (WIT has no null; {@code option<T>} is an
 * {@link java.util.Optional}).
 *
 * @param v1 the first value
 * @param v2 the second value
 * @param v3 the third value
 * @param v4 the fourth value
 * @param <T1> the type of the first value
 * @param <T2> the type of the second value
 * @param <T3> the type of the third value
 * @param <T4> the type of the fourth value
 */
public record Tuple4<T1, T2, T3, T4>(T1 v1, T2 v2, T3 v3, T4 v4) {

    /** Rejects null components. */
    public Tuple4 {
        Objects.requireNonNull(v1, "v1");
        Objects.requireNonNull(v2, "v2");
        Objects.requireNonNull(v3, "v3");
        Objects.requireNonNull(v4, "v4");
    }

    /** The tuple of v1, v2, v3, v4. */
    public static <T1, T2, T3, T4> Tuple4<T1, T2, T3, T4> of(T1 v1, T2 v2, T3 v3, T4 v4) {
        return new Tuple4<>(v1, v2, v3, v4);
    }

    /** The components in order, as an immutable list. */
    public List<Object> toList() {
        return List.of(v1, v2, v3, v4);
    }
}
