package dev.wasiotel.wit.runtime;

/**
 * The checks the canonical ABI makes before reading guest memory, in the reference's order (size
 * limit, then alignment, then bounds), computed without wrapping at 2^32. Nothing is allocated on
 * the guest's word before these pass.
 */
public final class Bounds {
    /** Largest byte length of a string or list: 2^28 - 1. */
    public static final long MAX_LENGTH = (1L << 28) - 1;

    private Bounds() {
    }

    /** Traps unless {@code ptr} (unsigned) is a multiple of {@code align}. */
    public static void checkAligned(int ptr, int align, String what) {
        if ((Integer.toUnsignedLong(ptr) & (align - 1)) != 0) {
            throw new WitTrap(WitTrap.Reason.MISALIGNED_POINTER,
                    what + " pointer " + Integer.toUnsignedString(ptr) + " is not " + align + "-aligned");
        }
    }

    /** Traps unless {@code [ptr, ptr + byteLength)} (unsigned, unwrapped) lies within memory. */
    public static void checkRange(GuestMemory memory, int ptr, long byteLength, String what) {
        long end = Integer.toUnsignedLong(ptr) + byteLength;
        if (end > memory.size()) {
            throw new WitTrap(WitTrap.Reason.OUT_OF_BOUNDS, what + " at " + Integer.toUnsignedString(ptr) + " with "
                    + byteLength + " bytes ends at " + end + ", past the memory's " + memory.size() + " bytes");
        }
    }

    /** Alignment then bounds, for a value of a known size at {@code ptr}. */
    public static void checkValue(GuestMemory memory, int ptr, int size, int align, String what) {
        checkAligned(ptr, align, what);
        checkRange(memory, ptr, size, what);
    }

    /**
     * The checks for a list lifted element by element into a Java collection, then its charge to
     * the call's budget ({@link LiftBudget#chargeList}): what every such lift goes through before
     * it allocates anything. Returns the byte length, which fits in an int.
     *
     * @throws WitTrap LIST_TOO_LONG, MISALIGNED_POINTER or OUT_OF_BOUNDS (in that order), then
     *     RESOURCE_LIMIT if the call's budget cannot pay for the list
     */
    public static int checkList(GuestMemory memory, int ptr, int length, int elementSize, int align,
            LiftBudget budget) {
        int bytes = checkList(memory, ptr, length, elementSize, align);
        budget.chargeList(length, elementSize);
        return bytes;
    }

    /**
     * The checks for a list's data: size limit, alignment (even when empty), bounds. Returns the
     * byte length, which then fits in an int. This charges no budget: lifts use {@link
     * #checkList(GuestMemory, int, int, int, int, LiftBudget)} or {@link Arrays}.
     */
    public static int checkList(GuestMemory memory, int ptr, int length, int elementSize, int align) {
        // Zero-sized elements take no memory, so memory cannot bound their count; bound it here so
        // a guest's claimed length never sizes an unbounded host allocation.
        if (elementSize == 0 && Integer.toUnsignedLong(length) > MAX_LENGTH) {
            throw new WitTrap(WitTrap.Reason.LIST_TOO_LONG, "list of " + Integer.toUnsignedString(length)
                    + " zero-sized elements, over 2^28-1");
        }
        long bytes = Integer.toUnsignedLong(length) * elementSize;
        if (bytes > MAX_LENGTH) {
            throw new WitTrap(WitTrap.Reason.LIST_TOO_LONG, "list of " + Integer.toUnsignedString(length)
                    + " elements of " + elementSize + " bytes is " + bytes + " bytes, over 2^28-1");
        }
        checkAligned(ptr, align, "list data");
        checkRange(memory, ptr, bytes, "list data");
        return (int) bytes;
    }

    /** Traps unless a pointer returned by {@code cabi_realloc} is aligned and its block in bounds. */
    public static int checkRealloc(GuestMemory memory, int ptr, int align, int size) {
        if ((Integer.toUnsignedLong(ptr) & (align - 1)) != 0) {
            throw new WitTrap(WitTrap.Reason.REALLOC, "cabi_realloc returned " + Integer.toUnsignedString(ptr)
                    + ", not " + align + "-aligned");
        }
        long end = Integer.toUnsignedLong(ptr) + Integer.toUnsignedLong(size);
        if (end > memory.size()) {
            throw new WitTrap(WitTrap.Reason.REALLOC, "cabi_realloc returned " + Integer.toUnsignedString(ptr)
                    + " for " + Integer.toUnsignedString(size) + " bytes, past the memory's " + memory.size() + " bytes");
        }
        return ptr;
    }
}
