package dev.wasiotel.engine.graalwasm;

import dev.wasiotel.wit.runtime.GuestMemory;
import dev.wasiotel.wit.runtime.WitTrap;
import java.nio.ByteOrder;
import java.util.Objects;
import org.graalvm.polyglot.Value;

/**
 * A {@link GuestMemory} over a GraalWasm memory, through the polyglot buffer API (little-endian,
 * as WebAssembly). The size follows the memory as it grows. An access outside the memory throws a
 * {@link WitTrap} ({@link WitTrap.Reason#OUT_OF_BOUNDS}).
 */
final class GraalGuestMemory implements GuestMemory {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private final Value memory;

    GraalGuestMemory(Value memory) {
        if (!memory.hasBufferElements()) {
            throw new IllegalArgumentException("not a GraalWasm memory: " + memory);
        }
        this.memory = memory;
    }

    @Override
    public long size() {
        return memory.getBufferSize();
    }

    @Override
    public byte readByte(int address) {
        try {
            return memory.readBufferByte(Integer.toUnsignedLong(address));
        } catch (RuntimeException e) {
            throw outOfBounds(address, 1, e);
        }
    }

    @Override
    public short readShort(int address) {
        try {
            return memory.readBufferShort(LE, Integer.toUnsignedLong(address));
        } catch (RuntimeException e) {
            throw outOfBounds(address, 2, e);
        }
    }

    @Override
    public int readInt(int address) {
        try {
            return memory.readBufferInt(LE, Integer.toUnsignedLong(address));
        } catch (RuntimeException e) {
            throw outOfBounds(address, 4, e);
        }
    }

    @Override
    public long readLong(int address) {
        try {
            return memory.readBufferLong(LE, Integer.toUnsignedLong(address));
        } catch (RuntimeException e) {
            throw outOfBounds(address, 8, e);
        }
    }

    @Override
    public void readBytes(int address, byte[] target, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, target.length);
        if (length == 0) {
            return;
        }
        try {
            memory.readBuffer(Integer.toUnsignedLong(address), target, offset, length);
        } catch (RuntimeException e) {
            throw outOfBounds(address, length, e);
        }
    }

    @Override
    public void writeByte(int address, byte value) {
        try {
            memory.writeBufferByte(Integer.toUnsignedLong(address), value);
        } catch (RuntimeException e) {
            throw outOfBounds(address, 1, e);
        }
    }

    @Override
    public void writeShort(int address, short value) {
        try {
            memory.writeBufferShort(LE, Integer.toUnsignedLong(address), value);
        } catch (RuntimeException e) {
            throw outOfBounds(address, 2, e);
        }
    }

    @Override
    public void writeInt(int address, int value) {
        try {
            memory.writeBufferInt(LE, Integer.toUnsignedLong(address), value);
        } catch (RuntimeException e) {
            throw outOfBounds(address, 4, e);
        }
    }

    @Override
    public void writeLong(int address, long value) {
        try {
            memory.writeBufferLong(LE, Integer.toUnsignedLong(address), value);
        } catch (RuntimeException e) {
            throw outOfBounds(address, 8, e);
        }
    }

    /** Eight bytes at a time where it can: the polyglot API has no bulk write. */
    @Override
    public void writeBytes(int address, byte[] source, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, source.length);
        long start = Integer.toUnsignedLong(address);
        if (start + length > size()) {
            throw outOfBounds(address, length, null);
        }
        try {
            int i = 0;
            for (; i + 8 <= length; i += 8) {
                long word = 0;
                for (int b = 7; b >= 0; b--) {
                    word = (word << 8) | (source[offset + i + b] & 0xffL);
                }
                memory.writeBufferLong(LE, start + i, word);
            }
            for (; i < length; i++) {
                memory.writeBufferByte(start + i, source[offset + i]);
            }
        } catch (RuntimeException e) {
            throw outOfBounds(address, length, e);
        }
    }

    private WitTrap outOfBounds(int address, long length, RuntimeException cause) {
        return new WitTrap(WitTrap.Reason.OUT_OF_BOUNDS, "memory access at " + Integer.toUnsignedString(address)
                + " of " + length + " bytes, memory has " + size() + " bytes", cause);
    }
}
