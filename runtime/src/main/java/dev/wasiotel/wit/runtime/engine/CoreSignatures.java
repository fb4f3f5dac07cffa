package dev.wasiotel.wit.runtime.engine;

import dev.wasiotel.wit.abi.CoreType;
import java.util.List;

/** Core signatures and values as every engine shows and normalises them. */
public final class CoreSignatures {
    private CoreSignatures() {
    }

    /** A signature in WebAssembly text style, e.g. {@code (param i32) (result i64)}; {@code null} types show as {@code ?}. */
    public static String format(List<CoreType> params, List<CoreType> results) {
        StringBuilder sb = new StringBuilder("(param");
        for (CoreType t : params) {
            sb.append(' ').append(t == null ? "?" : t.wasmName());
        }
        sb.append(") (result");
        for (CoreType t : results) {
            sb.append(' ').append(t == null ? "?" : t.wasmName());
        }
        return sb.append(')').toString();
    }

    /** Which values are 32 bits wide ({@code i32} or {@code f32}) and so kept as sign-extended ints. */
    public static boolean[] narrowMask(List<CoreType> types) {
        boolean[] mask = new boolean[types.size()];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = types.get(i) == CoreType.I32 || types.get(i) == CoreType.F32;
        }
        return mask;
    }

    /** {@code values}, or a copy with the {@code narrow} entries sign-extended from their low 32 bits. */
    public static long[] normalize(long[] values, boolean[] narrow) {
        long[] out = values;
        for (int i = 0; i < narrow.length && i < values.length; i++) {
            if (narrow[i] && out[i] != (int) out[i]) {
                if (out == values) {
                    out = values.clone();
                }
                out[i] = (int) out[i];
            }
        }
        return out;
    }
}
