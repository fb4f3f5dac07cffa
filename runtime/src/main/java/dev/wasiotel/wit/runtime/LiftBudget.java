package dev.wasiotel.wit.runtime;

/**
 * How many more bytes one call may lift out of guest memory ({@link GuestLimits#maxLiftBytesPerCall()}).
 * Every lift of a string or a list is charged here after its length, alignment and bounds are
 * checked and before any Java object is allocated for it, so a guest cannot make its host copy
 * more than the budget, however its values alias the same memory.
 *
 * <p>What a lift costs:
 * <ul>
 *   <li>a string: its byte length in guest memory (before decoding);
 *   <li>a list lifted into a primitive array ({@link Arrays}): its byte length;
 *   <li>any other list (lifted element by element into a Java collection): for each element its
 *       size in guest memory, but at least {@value #MIN_ELEMENT_CHARGE} bytes, about what one Java
 *       object and its reference cost. Without this floor a list of zero-sized or one-byte
 *       elements (2^28-1 {@code tuple<>}s need no guest memory at all) could build a Java list
 *       many times larger than the budget.
 * </ul>
 * The contents of elements (strings, inner lists) are charged again when they are lifted. Values
 * whose size is fixed by their type (numbers, records, variants, fixed-length lists outside a list)
 * are not charged: the type bounds them.
 *
 * <p>A budget belongs to one call ({@link CallContext}, or one {@link
 * dev.wasiotel.wit.runtime.abi.DynamicCanon}) and, like a guest instance, is not thread-safe.
 */
public final class LiftBudget {
    /** The least one element of a list lifted element by element costs, in bytes. */
    public static final int MIN_ELEMENT_CHARGE = 16;

    private static final long MIB = 1L << 20;
    /** Size of the per-thread scratch array for short strings. */
    static final int SCRATCH_SIZE = 256;
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[SCRATCH_SIZE]);

    private final long limit;
    private long used;
    /** The thread's scratch array for short strings, looked up once per call rather than per string. */
    private byte[] scratch;

    /**
     * A budget of {@code limit} bytes.
     *
     * @throws IllegalArgumentException if {@code limit} is negative
     */
    public LiftBudget(long limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("a lift budget must not be negative: " + limit);
        }
        this.limit = limit;
    }

    /** A budget of {@code limits.maxLiftBytesPerCall()} bytes. */
    public static LiftBudget of(GuestLimits limits) {
        return new LiftBudget(java.util.Objects.requireNonNull(limits, "limits").maxLiftBytesPerCall());
    }

    /** A budget of {@link GuestLimits#defaults()}: for callers that know no limits. */
    public static LiftBudget defaults() {
        return of(GuestLimits.defaults());
    }

    /** The bytes this budget allows in all. */
    public long limit() {
        return limit;
    }

    /** The bytes charged so far. */
    public long used() {
        return used;
    }

    /**
     * Charges a string of {@code bytes} bytes in guest memory.
     *
     * @throws WitTrap {@link WitTrap.Reason#RESOURCE_LIMIT} if the call would lift more than its budget
     */
    public void chargeString(long bytes) {
        if (!take(bytes)) {
            throw exceeded("a string of " + bytes + " bytes");
        }
    }

    /**
     * Charges a list of {@code length} elements of {@code elementSize} bytes lifted into a
     * primitive array (one Java object of the list's byte length).
     *
     * @throws WitTrap {@link WitTrap.Reason#RESOURCE_LIMIT} if the call would lift more than its budget
     */
    public void chargeArray(int length, int elementSize) {
        long bytes = times(Integer.toUnsignedLong(length), elementSize);
        if (!take(bytes)) {
            throw exceeded("a list of " + bytes + " bytes");
        }
    }

    /**
     * Charges a list of {@code length} elements of {@code elementSize} bytes lifted element by
     * element: {@code length * max(elementSize, }{@value #MIN_ELEMENT_CHARGE}{@code )}.
     *
     * @throws WitTrap {@link WitTrap.Reason#RESOURCE_LIMIT} if the call would lift more than its budget
     */
    public void chargeList(int length, int elementSize) {
        long count = Integer.toUnsignedLong(length);
        if (!take(times(count, Math.max(elementSize, MIN_ELEMENT_CHARGE)))) {
            throw exceeded("a list of " + count + " elements of " + elementSize + " bytes");
        }
    }

    /** {@code count * size}, saturating at {@link Long#MAX_VALUE} (which no budget allows). */
    /**
     * The calling thread's scratch array of {@link #SCRATCH_SIZE} bytes, which {@link Strings} reads
     * short strings into; fetched on first use, since a budget belongs to one call on one thread.
     * Lifting never calls out while it holds it, so one per thread suffices.
     */
    byte[] scratch() {
        byte[] s = scratch;
        if (s == null) {
            s = SCRATCH.get();
            scratch = s;
        }
        return s;
    }

    private static long times(long count, int size) {
        long product = count * size;
        return size != 0 && product / size != count ? Long.MAX_VALUE : product;
    }

    /** Takes {@code bytes} if they fit; the message of a refusal is built only then, off the hot path. */
    private boolean take(long bytes) {
        // used <= limit always, so limit - used cannot overflow.
        if (bytes < 0 || bytes > limit - used) {
            return false;
        }
        used += bytes;
        return true;
    }

    private WitTrap exceeded(String what) {
        return new WitTrap(WitTrap.Reason.RESOURCE_LIMIT, "call lifted more than " + describe(limit)
                + " of strings and lists from guest memory (limit maxLiftBytesPerCall): " + what + " after "
                + used + " bytes");
    }

    private static String describe(long bytes) {
        return bytes >= MIB && bytes % MIB == 0 ? bytes / MIB + " MiB" : bytes + " bytes";
    }
}
