package dev.wasiotel.wit.runtime.split;

import java.util.Arrays;

/** A growable byte buffer with the LEB128 encodings a module needs. */
final class ByteWriter {
    private byte[] buf;
    private int size;

    ByteWriter(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    int size() {
        return size;
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) {
            long want = Math.max((long) buf.length * 2, (long) size + extra);
            if (want > Integer.MAX_VALUE - 16) {
                throw new WasmFormatException("module too large to write");
            }
            buf = Arrays.copyOf(buf, (int) want);
        }
    }

    ByteWriter u8(int b) {
        ensure(1);
        buf[size++] = (byte) b;
        return this;
    }

    ByteWriter u32(int value) {
        long v = value & 0xFFFFFFFFL;
        do {
            int b = (int) (v & 0x7F);
            v >>>= 7;
            u8(v != 0 ? b | 0x80 : b);
        } while (v != 0);
        return this;
    }

    ByteWriter s33(long value) {
        long v = value;
        while (true) {
            int b = (int) (v & 0x7F);
            v >>= 7;
            boolean done = (v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0);
            u8(done ? b : b | 0x80);
            if (done) {
                return this;
            }
        }
    }

    ByteWriter bytes(byte[] src, int off, int len) {
        ensure(len);
        System.arraycopy(src, off, buf, size, len);
        size += len;
        return this;
    }

    ByteWriter bytes(ByteWriter other) {
        return bytes(other.buf, 0, other.size);
    }

    static int u32Size(int value) {
        long v = value & 0xFFFFFFFFL;
        int n = 1;
        while ((v >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }
}
