package dev.wasiotel.wit.codegen;

import dev.wasiotel.wit.abi.AbiType;
import dev.wasiotel.wit.abi.VariantValue;
import java.util.ArrayList;
import java.util.List;

/** Deterministic sample values of ABI types, in {@code DynamicCanon}'s representation. */
final class SampleValues {
    private SampleValues() {
    }

    /** A sample value of {@code t}. */
    static Object of(AbiType t) {
        return sample(t, 0);
    }

    /**
     * A value with every part non-zero: negative and above-signed-range integers, a string of 1,
     * 2, 3 and 4 UTF-8 bytes per char, lists of two (one when deep), every flag, the last case.
     */
    private static Object sample(AbiType t, int depth) {
        if (t instanceof AbiType.Prim p) {
            switch (p) {
                case BOOL: return true;
                case S8: return -5;
                case U8: return 200;
                case S16: return -300;
                case U16: return 60000;
                case S32: return -70000;
                case U32: return 4_000_000_000L;
                case S64: return -5_000_000_000L;
                case U64: return -2L; // 2^64 - 2
                case F32: return 1.5f;
                case F64: return -2.25;
                case CHAR: return 0x1F600;
                default: return "a\u00f1\u20ac\ud83d\ude00";
            }
        }
        if (t instanceof AbiType.ListOf l) {
            List<Object> out = new ArrayList<>();
            for (int i = depth > 2 ? 1 : 2; i > 0; i--) {
                out.add(sample(l.element(), depth + 1));
            }
            return out;
        }
        if (t instanceof AbiType.Record r) {
            List<Object> out = new ArrayList<>();
            r.fields().forEach(f -> out.add(sample(f.type(), depth + 1)));
            return out;
        }
        if (t instanceof AbiType.Tuple tu) {
            List<Object> out = new ArrayList<>();
            tu.types().forEach(e -> out.add(sample(e, depth + 1)));
            return out;
        }
        if (t instanceof AbiType.Flags fl) {
            return fl.labels().size() == 32 ? -1 : (1 << fl.labels().size()) - 1;
        }
        if (t instanceof AbiType.Option o) {
            return new VariantValue(1, sample(o.payload(), depth + 1));
        }
        if (t instanceof AbiType.Result r) {
            return r.err().isPresent() ? new VariantValue(1, sample(r.err().get(), depth + 1))
                    : new VariantValue(0, r.ok().map(x -> sample(x, depth + 1)).orElse(null));
        }
        if (t instanceof AbiType.Enum e) {
            return new VariantValue(e.labels().size() - 1, null);
        }
        AbiType.Variant v = (AbiType.Variant) t;
        int last = v.cases().size() - 1;
        return new VariantValue(last, v.cases().get(last).payload()
                .map(x -> sample(x, depth + 1)).orElse(null));
    }
}
