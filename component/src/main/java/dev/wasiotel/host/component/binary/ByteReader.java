package dev.wasiotel.host.component.binary;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the primitives of the binary format from a window of a byte array, checking every
 * length against the bytes that remain before using it. Offsets in errors are absolute.
 */
final class ByteReader {
    private final byte[] bytes;
    private int pos;
    private final int end;

    ByteReader(byte[] bytes, int start, int end) {
        this.bytes = bytes;
        this.pos = start;
        this.end = end;
    }

    int position() {
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

    byte[] bytes() {
        return bytes;
    }

    ComponentFormatException error(String message) {
        return new ComponentFormatException(pos, message);
    }

    ComponentFormatException error(int at, String message) {
        return new ComponentFormatException(at, message);
    }

    int u8(String what) {
        if (pos >= end) {
            throw error("unexpected end of input, expected " + what);
        }
        return bytes[pos++] & 0xff;
    }

    /** Peeks at the next byte without consuming it. */
    int peek(String what) {
        if (pos >= end) {
            throw error("unexpected end of input, expected " + what);
        }
        return bytes[pos] & 0xff;
    }

    /** An unsigned LEB128 of at most 32 bits, in at most 5 bytes. */
    int u32(String what) {
        int start = pos;
        long result = 0;
        for (int i = 0; i < 5; i++) {
            if (pos >= end) {
                throw error(start, "unexpected end of input in the LEB128 " + what);
            }
            int b = bytes[pos++] & 0xff;
            if (i == 4 && (b & 0xf0) != 0) {
                throw error(start, "the LEB128 " + what + " is too large for 32 bits");
            }
            result |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                return (int) result;
            }
        }
        throw error(start, "the LEB128 " + what + " is longer than 5 bytes");
    }

    /** A u32 that is used as a count or index: at most {@code Integer.MAX_VALUE}. */
    int index(String what) {
        int start = pos;
        int v = u32(what);
        if (v < 0) {
            throw error(start, what + " " + Integer.toUnsignedString(v) + " is out of range");
        }
        return v;
    }

    /**
     * The count of a vector whose elements take at least {@code minElementSize} bytes each: a
     * count larger than the remaining bytes allow is an error before anything is allocated.
     */
    int count(String what, int minElementSize) {
        int start = pos;
        int n = u32("count of " + what);
        if (n < 0 || (long) n * minElementSize > remaining()) {
            throw error(start, "count of " + what + " " + Integer.toUnsignedString(n)
                    + " exceeds the " + remaining() + " remaining bytes");
        }
        return n;
    }

    /** A signed LEB128 of 33 bits (the encoding of value types: negative = primitive). */
    long s33(String what) {
        int start = pos;
        long result = 0;
        int shift = 0;
        int b;
        do {
            if (pos >= end) {
                throw error(start, "unexpected end of input in the LEB128 " + what);
            }
            if (shift >= 35) {
                throw error(start, "the LEB128 " + what + " is longer than 5 bytes");
            }
            b = bytes[pos++] & 0xff;
            result |= (long) (b & 0x7f) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        if (shift < 64 && (b & 0x40) != 0) {
            result |= -1L << shift;
        }
        if (result < -(1L << 32) || result >= (1L << 32)) {
            throw error(start, "the LEB128 " + what + " is out of range for 33 bits");
        }
        return result;
    }

    /** A length-prefixed UTF-8 name, strictly decoded. */
    String name(String what) {
        int start = pos;
        int len = u32("length of " + what);
        if (len < 0 || len > remaining()) {
            throw error(start, "length of " + what + " " + Integer.toUnsignedString(len)
                    + " exceeds the " + remaining() + " remaining bytes");
        }
        try {
            String s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, pos, len))
                    .toString();
            pos += len;
            return s;
        } catch (CharacterCodingException e) {
            throw error(start, what + " is not valid UTF-8");
        }
    }

    /** Skips {@code n} bytes (already checked to remain). */
    void skip(int n) {
        if (n < 0 || n > remaining()) {
            throw error("cannot skip " + n + " bytes, " + remaining() + " remain");
        }
        pos += n;
    }

    /** A reader over the next {@code len} bytes; this reader moves past them. */
    ByteReader sub(int len, String what) {
        if (len < 0 || len > remaining()) {
            throw error("size of " + what + " " + Integer.toUnsignedString(len) + " exceeds the "
                    + remaining() + " remaining bytes");
        }
        ByteReader r = new ByteReader(bytes, pos, pos + len);
        pos += len;
        return r;
    }
}
