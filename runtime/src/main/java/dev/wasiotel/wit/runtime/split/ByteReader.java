package dev.wasiotel.wit.runtime.split;

/** Reads a window of a module with bounds checks: every read past the window is a {@link WasmFormatException}. */
final class ByteReader {
    private final byte[] bytes;
    private final int end;
    private int pos;

    ByteReader(byte[] bytes, int pos, int end) {
        if (pos < 0 || end > bytes.length || pos > end) {
            throw new WasmFormatException("window " + pos + ".." + end + " outside " + bytes.length + " bytes");
        }
        this.bytes = bytes;
        this.pos = pos;
        this.end = end;
    }

    int pos() {
        return pos;
    }

    int end() {
        return end;
    }

    boolean atEnd() {
        return pos >= end;
    }

    int remaining() {
        return end - pos;
    }

    int u8() {
        if (pos >= end) {
            throw new WasmFormatException("unexpected end at offset " + pos);
        }
        return bytes[pos++] & 0xFF;
    }

    void skip(int n) {
        if (n < 0 || n > end - pos) {
            throw new WasmFormatException("unexpected end at offset " + pos + " (need " + n + " bytes)");
        }
        pos += n;
    }

    /** An unsigned LEB128 of at most 32 bits that must also fit a Java int (indexes, counts and sizes). */
    int u32() {
        int start = pos;
        long result = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = u8();
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (result > Integer.MAX_VALUE) {
                    throw new WasmFormatException("u32 " + result + " too large at offset " + start);
                }
                return (int) result;
            }
        }
        throw new WasmFormatException("LEB128 longer than 5 bytes at offset " + start);
    }

    /** A count of entries that each take at least {@code minBytes}: never larger than the bytes left. */
    int count(int minBytes) {
        int at = pos;
        int n = u32();
        if ((long) n * minBytes > remaining()) {
            throw new WasmFormatException("count " + n + " at offset " + at + " exceeds the " + remaining() + " bytes left");
        }
        return n;
    }

    /** A signed LEB128 of at most 33 bits (block types). */
    long s33() {
        int start = pos;
        long result = 0;
        int shift = 0;
        for (int i = 0; i < 5; i++) {
            int b = u8();
            result |= (long) (b & 0x7F) << shift;
            shift += 7;
            if ((b & 0x80) == 0) {
                if ((b & 0x40) != 0 && shift < 64) {
                    result |= -1L << shift;
                }
                return result;
            }
        }
        throw new WasmFormatException("s33 longer than 5 bytes at offset " + start);
    }

    /** Skips a LEB128 of at most {@code maxBytes} bytes (constants and memory offsets we copy verbatim). */
    void skipLeb(int maxBytes) {
        int start = pos;
        for (int i = 0; i < maxBytes; i++) {
            if ((u8() & 0x80) == 0) {
                return;
            }
        }
        throw new WasmFormatException("LEB128 longer than " + maxBytes + " bytes at offset " + start);
    }
}
