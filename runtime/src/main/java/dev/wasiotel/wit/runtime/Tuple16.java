package dev.wasiotel.wit.runtime;

import java.util.List;
import java.util.Objects;

/**
 * The Java form of WIT {@code tuple<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16>}: 16 values in order, compared by value.
 *
 * <p>No component is ever {@code null} (WIT has no null; {@code option<T>} is an
 * {@link java.util.Optional}).
 *
 * @param v1 the first value
 * @param v2 the second value
 * @param v3 the third value
 * @param v4 the fourth value
 * @param v5 the fifth value
 * @param v6 the sixth value
 * @param v7 the seventh value
 * @param v8 the eighth value
 * @param v9 the ninth value
 * @param v10 the tenth value
 * @param v11 the eleventh value
 * @param v12 the twelfth value
 * @param v13 the thirteenth value
 * @param v14 the fourteenth value
 * @param v15 the fifteenth value
 * @param v16 the sixteenth value
 * @param <T1> the type of the first value
 * @param <T2> the type of the second value
 * @param <T3> the type of the third value
 * @param <T4> the type of the fourth value
 * @param <T5> the type of the fifth value
 * @param <T6> the type of the sixth value
 * @param <T7> the type of the seventh value
 * @param <T8> the type of the eighth value
 * @param <T9> the type of the ninth value
 * @param <T10> the type of the tenth value
 * @param <T11> the type of the eleventh value
 * @param <T12> the type of the twelfth value
 * @param <T13> the type of the thirteenth value
 * @param <T14> the type of the fourteenth value
 * @param <T15> the type of the fifteenth value
 * @param <T16> the type of the sixteenth value
 */
public record Tuple16<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16>(T1 v1, T2 v2, T3 v3, T4 v4, T5 v5, T6 v6, T7 v7, T8 v8, T9 v9, T10 v10, T11 v11, T12 v12, T13 v13, T14 v14, T15 v15, T16 v16) {

    /** Rejects null components. */
    public Tuple16 {
        Objects.requireNonNull(v1, "v1");
        Objects.requireNonNull(v2, "v2");
        Objects.requireNonNull(v3, "v3");
        Objects.requireNonNull(v4, "v4");
        Objects.requireNonNull(v5, "v5");
        Objects.requireNonNull(v6, "v6");
        Objects.requireNonNull(v7, "v7");
        Objects.requireNonNull(v8, "v8");
        Objects.requireNonNull(v9, "v9");
        Objects.requireNonNull(v10, "v10");
        Objects.requireNonNull(v11, "v11");
        Objects.requireNonNull(v12, "v12");
        Objects.requireNonNull(v13, "v13");
        Objects.requireNonNull(v14, "v14");
        Objects.requireNonNull(v15, "v15");
        Objects.requireNonNull(v16, "v16");
    }

    /** The tuple of v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15, v16. */
    public static <T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16> Tuple16<T1, T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16> of(T1 v1, T2 v2, T3 v3, T4 v4, T5 v5, T6 v6, T7 v7, T8 v8, T9 v9, T10 v10, T11 v11, T12 v12, T13 v13, T14 v14, T15 v15, T16 v16) {
        return new Tuple16<>(v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15, v16);
    }

    /** The components in order, as an immutable list. */
    public List<Object> toList() {
        return List.of(v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13, v14, v15, v16);
    }
}
