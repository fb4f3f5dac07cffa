package dev.wasiotel.wit.runtime.chicory;

import com.dylibso.chicory.runtime.Memory;
import dev.wasiotel.wit.runtime.GuestMemory;
import dev.wasiotel.wit.runtime.WitTrap;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A {@link GuestMemory} over a Chicory {@link Memory}. The size follows the memory as it grows
 * ({@code pages * 65536}). An access outside the memory, which checked lifting code never makes,
 * throws a {@link WitTrap} ({@link WitTrap.Reason#OUT_OF_BOUNDS}) rather than a Chicory exception.
 */
public final class ChicoryGuestMemory implements GuestMemory {
    /** Reads up to this many bytes word by word instead of through Chicory's {@code readBytes}. */
    private static final int WORDWISE_MAX = 64;
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final Memory memory;

    /** Wraps {@code memory}; nothing is copied. */
    public ChicoryGuestMemory(Memory memory) {
        this.memory = Objects.requireNonNull(memory, "memory");
    }

    @Override
    public long size() {
        return (long) memory.pages() * Memory.PAGE_SIZE;
    }

    @Override
    public byte readByte(int address) {
        try {
            return memory.read(address);
        } catch (RuntimeException e) {
            throw outOfBounds(address, 1, e);
        }
    }

    @Override
    public short readShort(int address) {
        try {
            return memory.readShort(address);
        } catch (RuntimeException e) {
            throw outOfBounds(address, 2, e);
        }
    }

    @Override
    public int readInt(int address) {
        try {
            return memory.readInt(address);
        } catch (RuntimeException e) {
            throw outOfBounds(address, 4, e);
        }
    }

    @Override
    public long readLong(int address) {
        try {
            return memory.readLong(address);
        } catch (RuntimeException e) {
            throw outOfBounds(address, 8, e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Chicory's {@code Memory} has no bulk read into a caller's array, so this is one bulk read
     * into a fresh array and one {@code System.arraycopy}.
     */
    @Override
    public void readBytes(int address, byte[] target, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, target.length);
        if (length == 0) {
            return;
        }
        if (length <= WORDWISE_MAX) {
            readWordwise(address, target, offset, length);
            return;
        }
        byte[] bytes;
        try {
            bytes = memory.readBytes(address, length);
        } catch (RuntimeException e) {
            throw outOfBounds(address, length, e);
        }
        System.arraycopy(bytes, 0, target, offset, length);
    }

    /**
     * A short read (most strings) eight bytes at a time, without the array Chicory's {@code
     * readBytes} would allocate.
     */
    private void readWordwise(int address, byte[] target, int offset, int length) {
        try {
            if (length >= 8) {
                int i = 0;
                for (; i + 8 <= length; i += 8) {
                    LONG_LE.set(target, offset + i, memory.readLong(address + i));
                }
                if (i < length) {
                    // the tail as the last eight bytes, overlapping what was read already
                    LONG_LE.set(target, offset + length - 8, memory.readLong(address + length - 8));
                }
            } else if (Integer.toUnsignedLong(address) + 8 <= size()) {
                // a short string as one word (the bytes after it are in bounds, and not kept)
                long word = memory.readLong(address);
                for (int i = 0; i < length; i++) {
                    target[offset + i] = (byte) (word >>> (8 * i));
                }
            } else {
                for (int i = 0; i < length; i++) {
                    target[offset + i] = memory.read(address + i);
                }
            }
        } catch (RuntimeException e) {
            throw outOfBounds(address, length, e);
        }
    }

    /** Chicory's own fresh array, without a second copy. */
    @Override
    public byte[] readBytes(int address, int length) {
        if (length == 0) {
            return new byte[0];
        }
        try {
            return memory.readBytes(address, length);
        } catch (RuntimeException e) {
            throw outOfBounds(address, length, e);
        }
    }

    @Override
    public void writeByte(int address, byte value) {
        try {
            memory.writeByte(address, value);
        } catch (RuntimeException e) {
            throw outOfBounds(address, 1, e);
        }
    }

    @Override
    public void writeShort(int address, short value) {
        try {
            memory.writeShort(address, value);
        } catch (RuntimeException e) {
            throw outOfBounds(address, 2, e);
        }
    }

    @Override
    public void writeInt(int address, int value) {
        try {
            memory.writeI32(address, value);
        } catch (RuntimeException e) {
            throw outOfBounds(address, 4, e);
        }
    }

    @Override
    public void writeLong(int address, long value) {
        try {
            memory.writeLong(address, value);
        } catch (RuntimeException e) {
            throw outOfBounds(address, 8, e);
        }
    }

    @Override
    public void writeBytes(int address, byte[] source, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, source.length);
        if (length == 0) {
            return;
        }
        try {
            memory.write(address, source, offset, length);
        } catch (RuntimeException e) {
            throw outOfBounds(address, length, e);
        }
    }

    private WitTrap outOfBounds(int address, long length, RuntimeException cause) {
        return new WitTrap(WitTrap.Reason.OUT_OF_BOUNDS, "memory access at " + Integer.toUnsignedString(address)
                + " of " + length + " bytes, memory has " + size() + " bytes", cause);
    }
}
