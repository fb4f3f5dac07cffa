package dev.wasiotel.wit.runtime;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** A {@link GuestMemory} over a byte array: for tests, vectors and host-side scratch memory. */
public final class ByteArrayMemory implements GuestMemory {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] bytes;

    /** A zeroed memory of {@code size} bytes. */
    public ByteArrayMemory(int size) {
        this.bytes = new byte[size];
    }

    /** A memory holding exactly these bytes (not copied). */
    public ByteArrayMemory(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The backing array. */
    public byte[] bytes() {
        return bytes;
    }

    @Override
    public long size() {
        return bytes.length;
    }

    @Override
    public byte readByte(int address) {
        return bytes[address];
    }

    @Override
    public short readShort(int address) {
        return (short) SHORT.get(bytes, address);
    }

    @Override
    public int readInt(int address) {
        return (int) INT.get(bytes, address);
    }

    @Override
    public long readLong(int address) {
        return (long) LONG.get(bytes, address);
    }

    @Override
    public void readBytes(int address, byte[] target, int offset, int length) {
        System.arraycopy(bytes, address, target, offset, length);
    }

    @Override
    public void writeByte(int address, byte value) {
        bytes[address] = value;
    }

    @Override
    public void writeShort(int address, short value) {
        SHORT.set(bytes, address, value);
    }

    @Override
    public void writeInt(int address, int value) {
        INT.set(bytes, address, value);
    }

    @Override
    public void writeLong(int address, long value) {
        LONG.set(bytes, address, value);
    }

    @Override
    public void writeBytes(int address, byte[] source, int offset, int length) {
        System.arraycopy(source, offset, bytes, address, length);
    }
}
