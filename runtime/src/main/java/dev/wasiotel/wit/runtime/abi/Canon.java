package dev.wasiotel.wit.runtime.abi;

import dev.wasiotel.wit.runtime.WitTrap;
import java.util.List;

/**
 * The small value rules of the canonical ABI, shared by the interpreter and generated code:
 * validating chars, masking flags, and checking host values that must fit a narrower WIT type.
 */
public final class Canon {
    private Canon() {
    }

    /** A lifted {@code char}: traps on surrogates and values above U+10FFFF. */
    public static int checkChar(int codePoint) {
        if (Integer.toUnsignedLong(codePoint) >= 0x110000 || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
            throw new WitTrap(WitTrap.Reason.INVALID_CHAR, String.format("0x%X is not a Unicode scalar value",
                    Integer.toUnsignedLong(codePoint)));
        }
        return codePoint;
    }

    /** A host {@code char} about to be lowered: must be a Unicode scalar value. */
    public static int checkCharForLowering(int codePoint) {
        if (codePoint < 0 || codePoint >= 0x110000 || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
            throw new IllegalArgumentException(String.format("0x%X is not a Unicode scalar value", codePoint));
        }
        return codePoint;
    }

    /** Lifted flags: bits above the last label are ignored. */
    public static int maskFlags(int bits, int labels) {
        return labels >= 32 ? bits : bits & ((1 << labels) - 1);
    }

    /** A host value for a {@code u8}. */
    public static int checkU8(int value) {
        return checkRange(value, 0, 0xff, "u8");
    }

    /** A host value for an {@code s8}. */
    public static int checkS8(int value) {
        return checkRange(value, Byte.MIN_VALUE, Byte.MAX_VALUE, "s8");
    }

    /** A host value for a {@code u16}. */
    public static int checkU16(int value) {
        return checkRange(value, 0, 0xffff, "u16");
    }

    /** A host value for an {@code s16}. */
    public static int checkS16(int value) {
        return checkRange(value, Short.MIN_VALUE, Short.MAX_VALUE, "s16");
    }

    /** A host value for a {@code u32} (held in a long); returns its 32 bits. */
    public static int checkU32(long value) {
        if (value < 0 || value > 0xffff_ffffL) {
            throw new IllegalArgumentException(value + " does not fit in u32");
        }
        return (int) value;
    }

    /** A host list for {@code list<T, N>}: must have N elements. */
    public static <T extends List<?>> T checkFixedLength(T list, int length) {
        if (list.size() != length) {
            throw new IllegalArgumentException("list has " + list.size() + " elements, the type needs " + length);
        }
        return list;
    }

    /**
     * Checks that a fixed-length list held in a primitive array has {@code length} elements.
     *
     * @param elements the array's length
     * @param length the length the type {@code list<T, length>} needs
     * @throws IllegalArgumentException if they differ
     */
    public static void checkFixedLength(int elements, int length) {
        if (elements != length) {
            throw new IllegalArgumentException("list has " + elements + " elements, the type needs " + length);
        }
    }

    private static int checkRange(int value, int min, int max, String type) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(value + " does not fit in " + type);
        }
        return value;
    }

    /**
     * The lifted {@code elements} as an unmodifiable list ({@link List#of}), for generated lifts of
     * lists whose element type is generic (Java has no arrays of those, so they fill an {@code
     * Object[]} with values of the element type).
     *
     * @throws NullPointerException if an element is null
     */
    @SuppressWarnings("unchecked")
    public static <T> List<T> listOf(Object[] elements) {
        return (List<T>) (List<?>) List.of(elements);
    }
}
