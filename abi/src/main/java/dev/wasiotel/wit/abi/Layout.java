package dev.wasiotel.wit.abi;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Size, alignment, field offsets, discriminants and flattening of {@link AbiType}s, as the
 * canonical ABI defines them (32-bit memories). Computed here once; the interpreter and the code
 * generator both take their numbers from this class.
 */
public final class Layout {
    /** Flat parameters beyond this travel through memory. */
    public static final int MAX_FLAT_PARAMS = 16;
    /** Flat results beyond this travel through memory. */
    public static final int MAX_FLAT_RESULTS = 1;

    private Layout() {
    }

    /** Alignment in bytes. */
    public static int align(AbiType type) {
        if (type instanceof AbiType.Prim p) {
            switch (p) {
                case BOOL: case S8: case U8: return 1;
                case S16: case U16: return 2;
                case S64: case U64: case F64: return 8;
                default: return 4;
            }
        }
        if (type instanceof AbiType.ListOf || type instanceof AbiType.Handle || type instanceof AbiType.Opaque) {
            return 4;
        }
        if (type instanceof AbiType.FixedList f) {
            return align(f.element());
        }
        if (type instanceof AbiType.Flags f) {
            return flagsSize(f.labels().size());
        }
        AbiType.Record record = AbiType.asRecord(type);
        if (record != null) {
            int a = 1;
            for (AbiType.Field f : record.fields()) {
                a = Math.max(a, align(f.type()));
            }
            return a;
        }
        AbiType.Variant variant = AbiType.asVariant(type);
        return Math.max(discriminantSize(variant.cases().size()), maxCaseAlign(variant));
    }

    /** Size in bytes (a multiple of the alignment). */
    public static int size(AbiType type) {
        if (type instanceof AbiType.Prim p) {
            switch (p) {
                case BOOL: case S8: case U8: return 1;
                case S16: case U16: return 2;
                case S64: case U64: case F64: return 8;
                case STRING: return 8;
                default: return 4;
            }
        }
        if (type instanceof AbiType.ListOf) {
            return 8;
        }
        if (type instanceof AbiType.Handle || type instanceof AbiType.Opaque) {
            return 4;
        }
        if (type instanceof AbiType.FixedList f) {
            return Math.multiplyExact(size(f.element()), f.length());
        }
        if (type instanceof AbiType.Flags f) {
            return flagsSize(f.labels().size());
        }
        AbiType.Record record = AbiType.asRecord(type);
        if (record != null) {
            int s = 0;
            for (AbiType.Field f : record.fields()) {
                s = alignTo(s, align(f.type())) + size(f.type());
            }
            return alignTo(s, align(type));
        }
        AbiType.Variant variant = AbiType.asVariant(type);
        int s = payloadOffset(variant);
        int max = 0;
        for (AbiType.Case c : variant.cases()) {
            if (c.payload().isPresent()) {
                max = Math.max(max, size(c.payload().get()));
            }
        }
        return alignTo(s + max, align(type));
    }

    /** Offsets of a record's (or tuple's) fields. */
    public static int[] fieldOffsets(AbiType recordOrTuple) {
        AbiType.Record record = AbiType.asRecord(recordOrTuple);
        int[] offsets = new int[record.fields().size()];
        int s = 0;
        for (int i = 0; i < offsets.length; i++) {
            AbiType t = record.fields().get(i).type();
            s = alignTo(s, align(t));
            offsets[i] = s;
            s += size(t);
        }
        return offsets;
    }

    /** Bytes of the discriminant of a variant with {@code cases} cases: 1, 2 or 4. */
    public static int discriminantSize(int cases) {
        if (cases <= 1 << 8) {
            return 1;
        }
        if (cases <= 1 << 16) {
            return 2;
        }
        return 4;
    }

    /** Where a variant's (enum's, option's, result's) payload starts. */
    public static int payloadOffset(AbiType variantLike) {
        AbiType.Variant v = AbiType.asVariant(variantLike);
        return alignTo(discriminantSize(v.cases().size()), maxCaseAlign(v));
    }

    private static int maxCaseAlign(AbiType.Variant v) {
        int a = 1;
        for (AbiType.Case c : v.cases()) {
            if (c.payload().isPresent()) {
                a = Math.max(a, align(c.payload().get()));
            }
        }
        return a;
    }

    /** Bytes of a flags value with {@code labels} labels. */
    public static int flagsSize(int labels) {
        if (labels == 0) {
            return 0;
        }
        if (labels <= 8) {
            return 1;
        }
        if (labels <= 16) {
            return 2;
        }
        return 4; // AbiType.Flags has at most 32
    }

    /** Rounds {@code offset} up to a multiple of {@code align}. */
    public static int alignTo(int offset, int align) {
        return (offset + align - 1) / align * align;
    }

    // ------------------------------------------------------------------ flattening

    /** The core values a value of this type flattens to. */
    public static List<CoreType> flat(AbiType type) {
        List<CoreType> out = new ArrayList<>();
        flatInto(type, out);
        return out;
    }

    private static void flatInto(AbiType type, List<CoreType> out) {
        if (type instanceof AbiType.Prim p) {
            switch (p) {
                case S64: case U64: out.add(CoreType.I64); return;
                case F32: out.add(CoreType.F32); return;
                case F64: out.add(CoreType.F64); return;
                case STRING: out.add(CoreType.I32); out.add(CoreType.I32); return;
                default: out.add(CoreType.I32); return;
            }
        }
        if (type instanceof AbiType.ListOf) {
            out.add(CoreType.I32);
            out.add(CoreType.I32);
            return;
        }
        if (type instanceof AbiType.FixedList f) {
            List<CoreType> element = flat(f.element());
            for (int i = 0; i < f.length(); i++) {
                out.addAll(element);
            }
            return;
        }
        if (type instanceof AbiType.Handle || type instanceof AbiType.Opaque) {
            out.add(CoreType.I32);
            return;
        }
        if (type instanceof AbiType.Flags f) {
            if (!f.labels().isEmpty()) {
                out.add(CoreType.I32);
            }
            return;
        }
        AbiType.Record record = AbiType.asRecord(type);
        if (record != null) {
            for (AbiType.Field f : record.fields()) {
                flatInto(f.type(), out);
            }
            return;
        }
        out.add(CoreType.I32);
        out.addAll(variantPayloadSlots(AbiType.asVariant(type)));
    }

    /** A variant's joined payload slots (after its discriminant). */
    public static List<CoreType> variantPayloadSlots(AbiType variantLike) {
        AbiType.Variant v = AbiType.asVariant(variantLike);
        List<CoreType> slots = new ArrayList<>();
        for (AbiType.Case c : v.cases()) {
            if (c.payload().isEmpty()) {
                continue;
            }
            List<CoreType> caseFlat = flat(c.payload().get());
            for (int i = 0; i < caseFlat.size(); i++) {
                if (i < slots.size()) {
                    slots.set(i, join(slots.get(i), caseFlat.get(i)));
                } else {
                    slots.add(caseFlat.get(i));
                }
            }
        }
        return slots;
    }

    /** The slot type that can carry both {@code a} and {@code b}. */
    public static CoreType join(CoreType a, CoreType b) {
        if (a == b) {
            return a;
        }
        if ((a == CoreType.I32 && b == CoreType.F32) || (a == CoreType.F32 && b == CoreType.I32)) {
            return CoreType.I32;
        }
        return CoreType.I64;
    }

    /** The type of a case payload, if the case has one. */
    public static Optional<AbiType> casePayload(AbiType variantLike, int caseIndex) {
        return AbiType.asVariant(variantLike).cases().get(caseIndex).payload();
    }
}
