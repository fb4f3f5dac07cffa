package dev.wasiotel.wit.runtime;

/**
 * A guest's linear memory, little-endian. Addresses passed here have already been checked by the
 * caller (see {@link Bounds}); implementations may still refuse out-of-range access with an
 * exception, but lifting code never relies on that.
 */
public interface GuestMemory {

    /** The current size in bytes. */
    long size();

    /** Reads one byte. */
    byte readByte(int address);

    /** Reads a little-endian 16-bit value. */
    short readShort(int address);

    /** Reads a little-endian 32-bit value. */
    int readInt(int address);

    /** Reads a little-endian 64-bit value. */
    long readLong(int address);

    /** Reads a little-endian f32. */
    default float readFloat(int address) {
        return Float.intBitsToFloat(readInt(address));
    }

    /** Reads a little-endian f64. */
    default double readDouble(int address) {
        return Double.longBitsToDouble(readLong(address));
    }

    /** Copies {@code length} bytes at {@code address} into {@code target[offset..]}. */
    void readBytes(int address, byte[] target, int offset, int length);

    /**
     * A new array holding the {@code length} bytes at {@code address}: one copy, for memories
     * that produce fresh arrays anyway (lifting strings uses this).
     */
    default byte[] readBytes(int address, int length) {
        byte[] bytes = new byte[length];
        readBytes(address, bytes, 0, length);
        return bytes;
    }

    /** Writes one byte. */
    void writeByte(int address, byte value);

    /** Writes a little-endian 16-bit value. */
    void writeShort(int address, short value);

    /** Writes a little-endian 32-bit value. */
    void writeInt(int address, int value);

    /** Writes a little-endian 64-bit value. */
    void writeLong(int address, long value);

    /** Writes a little-endian f32. */
    default void writeFloat(int address, float value) {
        writeInt(address, Float.floatToRawIntBits(value));
    }

    /** Writes a little-endian f64. */
    default void writeDouble(int address, double value) {
        writeLong(address, Double.doubleToRawLongBits(value));
    }

    /** Copies {@code source[offset..offset+length)} to {@code address}. */
    void writeBytes(int address, byte[] source, int offset, int length);
}
