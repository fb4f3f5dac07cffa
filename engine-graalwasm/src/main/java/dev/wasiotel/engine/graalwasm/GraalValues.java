package dev.wasiotel.engine.graalwasm;

import dev.wasiotel.wit.abi.CoreType;
import java.util.List;
import org.graalvm.polyglot.Value;

/**
 * Core values between our representation (one {@code long} each, as {@link
 * dev.wasiotel.wit.runtime.CoreFunction} says) and GraalWasm's (boxed {@code int}, {@code long},
 * {@code float}, {@code double}).
 */
final class GraalValues {
    private GraalValues() {
    }

    /** Arguments for a guest function. */
    static Object[] toGuest(long[] values, List<CoreType> types) {
        Object[] out = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = toGuest(values[i], types.get(i));
        }
        return out;
    }

    /** One value as GraalWasm takes it. */
    static Object toGuest(long value, CoreType type) {
        if (type == null) {
            throw new IllegalArgumentException("a value of a type outside i32/i64/f32/f64");
        }
        return switch (type) {
            case I32 -> (int) value;
            case I64 -> value;
            case F32 -> Float.intBitsToFloat((int) value);
            case F64 -> Double.longBitsToDouble(value);
        };
    }

    /** The results of a guest function: one value, or an array of them (multi-value). */
    static long[] fromGuest(Value result, List<CoreType> types) {
        long[] out = new long[types.size()];
        if (types.size() == 1) {
            out[0] = fromGuest(result, types.get(0));
            return out;
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = fromGuest(result.getArrayElement(i), types.get(i));
        }
        return out;
    }

    /** One value in our representation. */
    static long fromGuest(Value value, CoreType type) {
        if (type == null) {
            throw new IllegalArgumentException("a value of a type outside i32/i64/f32/f64");
        }
        return switch (type) {
            case I32 -> value.asInt();
            case I64 -> value.asLong();
            case F32 -> Float.floatToRawIntBits(value.asFloat());
            case F64 -> Double.doubleToRawLongBits(value.asDouble());
        };
    }
}
