package dev.wasiotel.wit.runtime;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Lists of numbers as Java primitive arrays, copied in bulk: what generated code uses for
 * {@code list<u8>} ({@code byte[]}), {@code list<s16>}/{@code list<u16>} ({@code short[]}),
 * {@code list<s32>}/{@code list<u32>} ({@code int[]}), {@code list<s64>}/{@code list<u64>}
 * ({@code long[]}), {@code list<f32>} and {@code list<f64>}. Unsigned elements keep their bits.
 * Every lift checks length, alignment and bounds, then charges the list's byte length to the
 * call's {@link LiftBudget}, before allocating.
 */
public final class Arrays {
    private Arrays() {
    }

    /** Lifts {@code list<u8>} or {@code list<s8>}, charging its bytes to {@code budget}. */
    public static byte[] liftBytes(GuestMemory memory, int ptr, int length, LiftBudget budget) {
        int bytes = check(memory, ptr, length, 1, budget);
        byte[] out = new byte[bytes];
        memory.readBytes(ptr, out, 0, bytes);
        return out;
    }

    /** Lifts a list of 2-byte numbers, charging its bytes to {@code budget}. */
    public static short[] liftShorts(GuestMemory memory, int ptr, int length, LiftBudget budget) {
        ByteBuffer b = read(memory, ptr, length, 2, budget);
        short[] out = new short[length];
        b.asShortBuffer().get(out);
        return out;
    }

    /** Lifts a list of 4-byte integers, charging its bytes to {@code budget}. */
    public static int[] liftInts(GuestMemory memory, int ptr, int length, LiftBudget budget) {
        ByteBuffer b = read(memory, ptr, length, 4, budget);
        int[] out = new int[length];
        b.asIntBuffer().get(out);
        return out;
    }

    /** Lifts a list of 8-byte integers, charging its bytes to {@code budget}. */
    public static long[] liftLongs(GuestMemory memory, int ptr, int length, LiftBudget budget) {
        ByteBuffer b = read(memory, ptr, length, 8, budget);
        long[] out = new long[length];
        b.asLongBuffer().get(out);
        return out;
    }

    /** Lifts {@code list<f32>}, charging its bytes to {@code budget}. */
    public static float[] liftFloats(GuestMemory memory, int ptr, int length, LiftBudget budget) {
        ByteBuffer b = read(memory, ptr, length, 4, budget);
        float[] out = new float[length];
        b.asFloatBuffer().get(out);
        return out;
    }

    /** Lifts {@code list<f64>}, charging its bytes to {@code budget}. */
    public static double[] liftDoubles(GuestMemory memory, int ptr, int length, LiftBudget budget) {
        ByteBuffer b = read(memory, ptr, length, 8, budget);
        double[] out = new double[length];
        b.asDoubleBuffer().get(out);
        return out;
    }

    /** The list checks, then the charge of a packed array: its byte length, before anything is allocated. */
    private static int check(GuestMemory memory, int ptr, int length, int size, LiftBudget budget) {
        int bytes = Bounds.checkList(memory, ptr, length, size, size);
        budget.chargeArray(length, size);
        return bytes;
    }

    private static ByteBuffer read(GuestMemory memory, int ptr, int length, int size, LiftBudget budget) {
        int bytes = check(memory, ptr, length, size, budget);
        byte[] raw = new byte[bytes];
        memory.readBytes(ptr, raw, 0, bytes);
        return ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Lowers a byte array; returns ptr (low 32 bits) and length (high 32 bits). */
    public static long lowerBytes(GuestMemory memory, Realloc realloc, byte[] values) {
        int ptr = allocate(realloc, values.length, 1);
        memory.writeBytes(ptr, values, 0, values.length);
        return pair(ptr, values.length);
    }

    /** Lowers a short array. */
    public static long lowerShorts(GuestMemory memory, Realloc realloc, short[] values) {
        ByteBuffer b = buffer(values.length, 2);
        b.asShortBuffer().put(values);
        return write(memory, realloc, b, values.length, 2);
    }

    /** Lowers an int array. */
    public static long lowerInts(GuestMemory memory, Realloc realloc, int[] values) {
        ByteBuffer b = buffer(values.length, 4);
        b.asIntBuffer().put(values);
        return write(memory, realloc, b, values.length, 4);
    }

    /** Lowers a long array. */
    public static long lowerLongs(GuestMemory memory, Realloc realloc, long[] values) {
        ByteBuffer b = buffer(values.length, 8);
        b.asLongBuffer().put(values);
        return write(memory, realloc, b, values.length, 8);
    }

    /** Lowers a float array. */
    public static long lowerFloats(GuestMemory memory, Realloc realloc, float[] values) {
        ByteBuffer b = buffer(values.length, 4);
        b.asFloatBuffer().put(values);
        return write(memory, realloc, b, values.length, 4);
    }

    /** Lowers a double array. */
    public static long lowerDoubles(GuestMemory memory, Realloc realloc, double[] values) {
        ByteBuffer b = buffer(values.length, 8);
        b.asDoubleBuffer().put(values);
        return write(memory, realloc, b, values.length, 8);
    }

    /**
     * Allocates the data block of a list of {@code length} elements of {@code elementSize} bytes,
     * aligned to {@code align}; a list too long for a guest is a host error.
     */
    public static int allocate(Realloc realloc, int length, int elementSize, int align) {
        long bytes = (long) length * elementSize;
        if (bytes > Bounds.MAX_LENGTH) {
            throw new IllegalArgumentException("a list of " + bytes + " bytes is too long for the guest (2^28-1 at most)");
        }
        return realloc.realloc(0, 0, align, (int) bytes);
    }

    private static int allocate(Realloc realloc, int bytes, int align) {
        return allocate(realloc, bytes, 1, align);
    }

    private static ByteBuffer buffer(int length, int size) {
        if ((long) length * size > Bounds.MAX_LENGTH) {
            throw new IllegalArgumentException("a list of " + (long) length * size + " bytes is too long for the guest");
        }
        return ByteBuffer.allocate(length * size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static long write(GuestMemory memory, Realloc realloc, ByteBuffer b, int length, int size) {
        int ptr = allocate(realloc, length, size, size);
        memory.writeBytes(ptr, b.array(), 0, length * size);
        return pair(ptr, length);
    }

    /** Packs a pointer and a length the way lowering functions return them. */
    public static long pair(int ptr, int length) {
        return (ptr & 0xffff_ffffL) | ((long) length << 32);
    }
}
