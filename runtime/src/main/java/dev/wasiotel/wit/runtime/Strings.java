package dev.wasiotel.wit.runtime;

import dev.wasiotel.wit.abi.StringEncoding;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Lifting and lowering of the canonical ABI's {@code string}, following {@code
 * load_string_from_range} and {@code store_string_into_range} of the reference {@code
 * definitions.py} (WebAssembly/component-model, {@code design/mvp/canonical-abi}).
 *
 * <p><b>Lifting</b> ({@link #lift}) checks, in the reference's order, the size limit (2^28-1
 * bytes), the alignment of the data pointer (2 for {@code utf16} and {@code latin1+utf16}, even
 * for the empty string) and the bounds, charges the byte length to the call's {@link LiftBudget}
 * (a trap with {@link WitTrap.Reason#RESOURCE_LIMIT} when it is spent), then reads the bytes with
 * one bulk copy and decodes them strictly: malformed UTF-8 traps with {@link
 * WitTrap.Reason#INVALID_UTF8}, an unpaired surrogate with {@link WitTrap.Reason#INVALID_UTF16};
 * Latin-1 never fails.
 *
 * <p><b>Lowering</b> ({@link #lower} for a Java {@link String}, {@link #lowerUtf8} for UTF-8
 * bytes) makes exactly the reference's sequence of {@code cabi_realloc} calls for a host holding
 * its string as UTF-16 or as UTF-8 respectively, and writes the same bytes - including the bytes
 * written into a first block that a growing realloc later abandons. Every pointer the guest returns
 * is checked with {@link Bounds#checkRealloc}. A value the guest could not hold (a byte length over
 * 2^28-1 in the guest's encoding) or that is not a sequence of Unicode scalar values (an unpaired
 * surrogate in a Java string, malformed UTF-8 bytes) is a host error: {@link
 * IllegalArgumentException}, thrown before any realloc.
 *
 * <p>A lowered string is returned as one {@code long}: the data pointer in the low 32 bits and the
 * (possibly tagged) length in the high 32 bits; see {@link #pointer(long)} and {@link
 * #taggedLength(long)}.
 */
public final class Strings {
    /** Bit 31 of a {@code latin1+utf16} length: set when the data is UTF-16 code units. */
    public static final int UTF16_TAG = 0x8000_0000;

    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;
    private static final int MAX = (int) Bounds.MAX_LENGTH;
    /** Longest string read into the per-thread scratch array ({@link LiftBudget#scratch}) rather than a fresh one. */
    private static final int SCRATCH_SIZE = LiftBudget.SCRATCH_SIZE;

    private Strings() {
    }

    // ------------------------------------------------------------------------------------------
    // Lifting

    /**
     * Reads a string of {@code taggedLength} code units at {@code ptr} in the guest's encoding,
     * charging its byte length to {@code budget} once it is known to be in bounds and before
     * copying it: the lift every string of a call goes through.
     *
     * @param memory the guest's memory
     * @param ptr the data pointer (unsigned)
     * @param taggedLength the length as the guest passed it (unsigned; bit 31 is the UTF-16 tag
     *     under {@code latin1+utf16})
     * @param encoding the guest's string encoding
     * @param budget what the call may still lift
     * @return the decoded string
     * @throws WitTrap STRING_TOO_LONG, MISALIGNED_POINTER, OUT_OF_BOUNDS, RESOURCE_LIMIT,
     *     INVALID_UTF8 or INVALID_UTF16, checked in that order
     */
    public static String lift(GuestMemory memory, int ptr, int taggedLength, StringEncoding encoding,
            LiftBudget budget) {
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(encoding, "encoding");
        long byteLength;
        int alignment;
        boolean utf16;
        boolean latin1 = false;
        switch (encoding) {
            case UTF8:
                alignment = 1;
                byteLength = Integer.toUnsignedLong(taggedLength);
                utf16 = false;
                break;
            case UTF16:
                alignment = 2;
                byteLength = 2 * Integer.toUnsignedLong(taggedLength);
                utf16 = true;
                break;
            case LATIN1_UTF16:
                alignment = 2;
                if ((taggedLength & UTF16_TAG) != 0) {
                    byteLength = 2L * (taggedLength & ~UTF16_TAG);
                    utf16 = true;
                } else {
                    byteLength = taggedLength;
                    utf16 = false;
                    latin1 = true;
                }
                break;
            default:
                throw new IllegalArgumentException("unknown string encoding " + encoding);
        }
        if (byteLength > Bounds.MAX_LENGTH) {
            throw new WitTrap(WitTrap.Reason.STRING_TOO_LONG, "string of " + byteLength
                    + " bytes (length " + Integer.toUnsignedString(taggedLength) + ", " + encoding
                    + ") is over 2^28-1");
        }
        Bounds.checkAligned(ptr, alignment, "string data");
        Bounds.checkRange(memory, ptr, byteLength, "string data");
        budget.chargeString(byteLength);
        int n = (int) byteLength;
        if (n == 0) {
            return "";
        }
        // Short strings (most of them) are read into this thread's scratch array, which the String
        // constructor copies anyway: one copy out of guest memory and one allocation per string.
        byte[] bytes = n <= SCRATCH_SIZE ? budget.scratch() : new byte[n];
        memory.readBytes(ptr, bytes, 0, n);
        if (latin1) {
            return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
        }
        if (utf16) {
            return decodeUtf16Le(bytes, n);
        }
        return decodeUtf8(bytes, n);
    }

    /** Strict UTF-8: an ASCII fast path, otherwise validation and then the JDK's decoder. */
    private static String decodeUtf8(byte[] bytes, int n) {
        int firstNonAscii = firstNonAscii(bytes, 0, n);
        if (firstNonAscii == n) {
            // One copy into a compact Latin-1 string.
            return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
        }
        int bad = firstInvalidUtf8(bytes, firstNonAscii, n);
        if (bad >= 0) {
            throw new WitTrap(WitTrap.Reason.INVALID_UTF8, "malformed UTF-8 at byte " + bad + " of " + n
                    + " (0x" + Integer.toHexString(bytes[bad] & 0xFF) + ")");
        }
        // The bytes are well-formed, so the JDK decoder replaces nothing.
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }

    /** Strict UTF-16LE: every high surrogate followed by a low one, no other low surrogate. */
    private static String decodeUtf16Le(byte[] bytes, int n) {
        int units = n >>> 1;
        char[] chars = new char[units];
        boolean pendingHigh = false;
        for (int i = 0; i < units; i++) {
            char c = (char) ((bytes[2 * i] & 0xFF) | ((bytes[2 * i + 1] & 0xFF) << 8));
            if (pendingHigh) {
                if (!Character.isLowSurrogate(c)) {
                    throw unpaired(i - 1, chars[i - 1], units);
                }
                pendingHigh = false;
            } else if (Character.isHighSurrogate(c)) {
                pendingHigh = true;
            } else if (Character.isLowSurrogate(c)) {
                throw unpaired(i, c, units);
            }
            chars[i] = c;
        }
        if (pendingHigh) {
            throw unpaired(units - 1, chars[units - 1], units);
        }
        return new String(chars);
    }

    private static WitTrap unpaired(int index, char c, int units) {
        return new WitTrap(WitTrap.Reason.INVALID_UTF16, "unpaired surrogate U+"
                + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + " at code unit " + index + " of "
                + units);
    }

    /** The index of the first byte >= 0x80 in {@code [from, to)}, or {@code to}. */
    private static int firstNonAscii(byte[] bytes, int from, int to) {
        int i = from;
        while (i + 8 <= to) {
            if (((long) LONG_LE.get(bytes, i) & HIGH_BITS) != 0) {
                break;
            }
            i += 8;
        }
        while (i < to && bytes[i] >= 0) {
            i++;
        }
        return i;
    }

    /**
     * The index of the first byte of the first ill-formed sequence in {@code [from, to)}, or -1
     * when the range is well-formed UTF-8 (Unicode Table 3-7: no overlong forms, no encoded
     * surrogates, nothing above U+10FFFF, no truncated sequence, no stray continuation byte).
     */
    private static int firstInvalidUtf8(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            int b0 = b[i] & 0xFF;
            if (b0 < 0x80) {
                i++;
                continue;
            }
            if (b0 < 0xC2) {
                return i; // a continuation byte, or the overlong leads C0 and C1
            }
            if (b0 < 0xE0) {
                if (i + 1 >= to || !isContinuation(b[i + 1])) {
                    return i;
                }
                i += 2;
            } else if (b0 < 0xF0) {
                if (i + 2 >= to) {
                    return i;
                }
                int b1 = b[i + 1] & 0xFF;
                int lo = b0 == 0xE0 ? 0xA0 : 0x80; // E0 80..9F would be overlong
                int hi = b0 == 0xED ? 0x9F : 0xBF; // ED A0..BF would be a surrogate
                if (b1 < lo || b1 > hi || !isContinuation(b[i + 2])) {
                    return i;
                }
                i += 3;
            } else if (b0 < 0xF5) {
                if (i + 3 >= to) {
                    return i;
                }
                int b1 = b[i + 1] & 0xFF;
                int lo = b0 == 0xF0 ? 0x90 : 0x80; // F0 80..8F would be overlong
                int hi = b0 == 0xF4 ? 0x8F : 0xBF; // F4 90.. would be above U+10FFFF
                if (b1 < lo || b1 > hi || !isContinuation(b[i + 2]) || !isContinuation(b[i + 3])) {
                    return i;
                }
                i += 4;
            } else {
                return i; // F5..FF never appear
            }
        }
        return -1;
    }

    private static boolean isContinuation(byte b) {
        return (b & 0xC0) == 0x80;
    }

    // ------------------------------------------------------------------------------------------
    // Lowering

    /** The data pointer of a lowered string (the low 32 bits). */
    public static int pointer(long lowered) {
        return (int) lowered;
    }

    /** The (tagged) length of a lowered string (the high 32 bits). */
    public static int taggedLength(long lowered) {
        return (int) (lowered >>> 32);
    }

    /**
     * Writes a Java string into guest memory, making the reference's realloc calls for a UTF-16
     * source of N code units: {@code utf8} guest - {@code realloc(0,0,1,N)}, and at the first
     * non-ASCII character (after writing the ASCII prefix) a grow to 3N and a shrink to the UTF-8
     * size if smaller; {@code utf16} guest - one {@code realloc(0,0,2,2N)}; {@code latin1+utf16}
     * guest - {@code realloc(0,0,2,N)}, and at the first character above U+00FF (after writing
     * the Latin-1 prefix) a grow to 2N holding UTF-16 with the length tagged.
     *
     * @return the data pointer in the low 32 bits, the (tagged) length in the high 32 bits
     * @throws IllegalArgumentException if the string holds an unpaired surrogate or is longer than
     *     2^28-1 bytes in the guest's encoding (before any realloc)
     * @throws WitTrap REALLOC if the guest's realloc returns a misaligned or out-of-bounds block
     */
    public static long lower(GuestMemory memory, Realloc realloc, String value, StringEncoding encoding) {
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(realloc, "realloc");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(encoding, "encoding");
        switch (encoding) {
            case UTF8:
                return lowerUtf16ToUtf8(memory, realloc, value);
            case UTF16:
                return lowerUtf16ToUtf16(memory, realloc, value);
            case LATIN1_UTF16:
                return lowerUtf16ToLatin1OrUtf16(memory, realloc, value);
            default:
                throw new IllegalArgumentException("unknown string encoding " + encoding);
        }
    }

    private static long lowerUtf16ToUtf8(GuestMemory memory, Realloc realloc, String s) {
        int n = s.length();
        int k = firstNonAscii(s);
        if (k == n) {
            checkSize(n, "UTF-8");
            byte[] ascii = s.getBytes(StandardCharsets.ISO_8859_1); // exact: all chars < 0x80
            int ptr = allocate(memory, realloc, 0, 0, 1, n);
            memory.writeBytes(ptr, ascii, 0, n);
            return pack(ptr, n);
        }
        checkSize(n, "UTF-8"); // the UTF-8 form is at least n bytes
        requireWellFormed(s, k);
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8); // exact: no unpaired surrogates
        int len = utf8.length;
        checkSize(len, "UTF-8");
        int worst = 3 * n; // <= 3 * (2^28-1), fits
        int first = allocate(memory, realloc, 0, 0, 1, n);
        memory.writeBytes(first, utf8, 0, k); // the ASCII prefix, as the reference writes it
        int ptr = allocate(memory, realloc, first, n, 1, worst);
        memory.writeBytes(ptr, utf8, 0, len);
        if (worst > len) {
            ptr = allocate(memory, realloc, ptr, worst, 1, len);
        }
        return pack(ptr, len);
    }

    private static long lowerUtf16ToUtf16(GuestMemory memory, Realloc realloc, String s) {
        int n = s.length();
        checkSize(2L * n, "UTF-16");
        byte[] utf16 = encodeUtf16Le(s);
        int ptr = allocate(memory, realloc, 0, 0, 2, 2 * n);
        memory.writeBytes(ptr, utf16, 0, utf16.length);
        return pack(ptr, n);
    }

    private static long lowerUtf16ToLatin1OrUtf16(GuestMemory memory, Realloc realloc, String s) {
        int n = s.length();
        int k = firstAboveLatin1(s);
        if (k == n) {
            checkSize(n, "Latin-1");
            byte[] latin1 = s.getBytes(StandardCharsets.ISO_8859_1); // exact: all chars <= 0xFF
            int ptr = allocate(memory, realloc, 0, 0, 2, n);
            memory.writeBytes(ptr, latin1, 0, n);
            return pack(ptr, n); // the Latin-1 size is n: no shrink
        }
        checkSize(2L * n, "UTF-16");
        byte[] utf16 = encodeUtf16Le(s);
        int first = allocate(memory, realloc, 0, 0, 2, n);
        memory.writeBytes(first, latin1Prefix(s, k), 0, k);
        int ptr = allocate(memory, realloc, first, n, 2, 2 * n); // 2N is exactly the UTF-16 size
        memory.writeBytes(ptr, utf16, 0, utf16.length);
        return pack(ptr, n | UTF16_TAG);
    }

    /**
     * Writes a string the host holds as UTF-8 bytes, making the reference's realloc calls for a
     * UTF-8 source of L bytes: {@code utf8} guest - one {@code realloc(0,0,1,L)}; {@code utf16}
     * guest - {@code realloc(0,0,2,2L)} then a shrink to the UTF-16 size if smaller; {@code
     * latin1+utf16} guest - {@code realloc(0,0,2,L)}, and at the first character above U+00FF
     * (after writing the Latin-1 prefix) a grow to 2L and a shrink to the UTF-16 size if smaller
     * (length tagged), otherwise a shrink to the Latin-1 size if smaller.
     *
     * @param utf8 well-formed UTF-8 (not modified, not retained)
     * @return the data pointer in the low 32 bits, the (tagged) length in the high 32 bits
     * @throws IllegalArgumentException if the bytes are not well-formed UTF-8 or the string is
     *     longer than 2^28-1 bytes in the guest's encoding (before any realloc)
     * @throws WitTrap REALLOC if the guest's realloc returns a misaligned or out-of-bounds block
     */
    public static long lowerUtf8(GuestMemory memory, Realloc realloc, byte[] utf8, StringEncoding encoding) {
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(realloc, "realloc");
        Objects.requireNonNull(utf8, "utf8");
        Objects.requireNonNull(encoding, "encoding");
        int len = utf8.length;
        int k = firstNonAscii(utf8, 0, len);
        boolean ascii = k == len;
        if (!ascii) {
            int bad = firstInvalidUtf8(utf8, k, len);
            if (bad >= 0) {
                throw new IllegalArgumentException("malformed UTF-8 at byte " + bad + " of " + len);
            }
        }
        switch (encoding) {
            case UTF8: {
                checkSize(len, "UTF-8");
                int ptr = allocate(memory, realloc, 0, 0, 1, len);
                memory.writeBytes(ptr, utf8, 0, len);
                return pack(ptr, len);
            }
            case UTF16: {
                byte[] utf16;
                if (ascii) {
                    checkSize(2L * len, "UTF-16");
                    utf16 = widenAscii(utf8);
                } else {
                    String s = new String(utf8, StandardCharsets.UTF_8); // exact: validated
                    checkSize(2L * s.length(), "UTF-16");
                    utf16 = encodeUtf16Le(s);
                }
                int worst = 2 * len; // len <= 3 * (2^28-1) / 2 here, so this fits
                int ptr = allocate(memory, realloc, 0, 0, 2, worst);
                memory.writeBytes(ptr, utf16, 0, utf16.length);
                if (utf16.length < worst) {
                    ptr = allocate(memory, realloc, ptr, worst, 2, utf16.length);
                }
                return pack(ptr, utf16.length >>> 1);
            }
            case LATIN1_UTF16: {
                if (ascii) {
                    checkSize(len, "Latin-1");
                    int ptr = allocate(memory, realloc, 0, 0, 2, len);
                    memory.writeBytes(ptr, utf8, 0, len);
                    return pack(ptr, len); // the Latin-1 size is L: no shrink
                }
                String s = new String(utf8, StandardCharsets.UTF_8); // exact: validated
                int n = s.length();
                int above = firstAboveLatin1(s);
                if (above == n) {
                    checkSize(n, "Latin-1");
                    byte[] latin1 = s.getBytes(StandardCharsets.ISO_8859_1); // exact
                    int ptr = allocate(memory, realloc, 0, 0, 2, len);
                    memory.writeBytes(ptr, latin1, 0, n);
                    if (n < len) {
                        ptr = allocate(memory, realloc, ptr, len, 2, n);
                    }
                    return pack(ptr, n);
                }
                checkSize(2L * n, "UTF-16");
                byte[] utf16 = encodeUtf16Le(s);
                int first = allocate(memory, realloc, 0, 0, 2, len);
                memory.writeBytes(first, latin1Prefix(s, above), 0, above);
                int worst = 2 * len; // len <= 3 * n <= 3 * (2^28-1) / 2, so this fits
                int ptr = allocate(memory, realloc, first, len, 2, worst);
                memory.writeBytes(ptr, utf16, 0, utf16.length);
                if (worst > utf16.length) {
                    ptr = allocate(memory, realloc, ptr, worst, 2, utf16.length);
                }
                return pack(ptr, n | UTF16_TAG);
            }
            default:
                throw new IllegalArgumentException("unknown string encoding " + encoding);
        }
    }

    /** Calls the guest's realloc and validates the block it returns. */
    private static int allocate(GuestMemory memory, Realloc realloc, int oldPtr, int oldSize, int align, int size) {
        int ptr = realloc.realloc(oldPtr, oldSize, align, size);
        return Bounds.checkRealloc(memory, ptr, align, size);
    }

    private static long pack(int ptr, int taggedLength) {
        return ((long) taggedLength << 32) | Integer.toUnsignedLong(ptr);
    }

    private static void checkSize(long byteLength, String form) {
        if (byteLength > MAX) {
            throw new IllegalArgumentException("string of " + byteLength + " bytes in " + form
                    + " is over the canonical ABI's limit of 2^28-1 bytes");
        }
    }

    /** The index of the first char >= 0x80, or the length. */
    private static int firstNonAscii(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) >= 0x80) {
                return i;
            }
        }
        return n;
    }

    /** The index of the first char > 0xFF, or the length. */
    private static int firstAboveLatin1(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) > 0xFF) {
                return i;
            }
        }
        return n;
    }

    /** Throws unless every surrogate from {@code from} on is part of a pair. */
    private static void requireWellFormed(String s, int from) {
        int n = s.length();
        for (int i = from; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    throw unpairedArgument(i, c);
                }
            }
        }
    }

    /** UTF-16LE bytes of a well-formed string; throws on an unpaired surrogate. */
    private static byte[] encodeUtf16Le(String s) {
        int n = s.length();
        byte[] out = new byte[2 * n];
        boolean pendingHigh = false;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (pendingHigh) {
                if (!Character.isLowSurrogate(c)) {
                    throw unpairedArgument(i - 1, s.charAt(i - 1));
                }
                pendingHigh = false;
            } else if (Character.isHighSurrogate(c)) {
                pendingHigh = true;
            } else if (Character.isLowSurrogate(c)) {
                throw unpairedArgument(i, c);
            }
            out[2 * i] = (byte) c;
            out[2 * i + 1] = (byte) (c >>> 8);
        }
        if (pendingHigh) {
            throw unpairedArgument(n - 1, s.charAt(n - 1));
        }
        return out;
    }

    private static IllegalArgumentException unpairedArgument(int index, char c) {
        return new IllegalArgumentException("string holds an unpaired surrogate U+"
                + Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT) + " at index " + index
                + "; only Unicode scalar values can be lowered");
    }

    /** The first {@code k} chars, all <= 0xFF, as Latin-1 bytes. */
    private static byte[] latin1Prefix(String s, int k) {
        byte[] out = new byte[k];
        for (int i = 0; i < k; i++) {
            out[i] = (byte) s.charAt(i);
        }
        return out;
    }

    /** UTF-16LE of ASCII bytes. */
    private static byte[] widenAscii(byte[] ascii) {
        byte[] out = new byte[2 * ascii.length];
        for (int i = 0; i < ascii.length; i++) {
            out[2 * i] = ascii[i];
        }
        return out;
    }

    /** Lowers {@code value} and writes its pointer and (tagged) length at {@code ptr}: a string field in memory. */
    public static void store(GuestMemory memory, Realloc realloc, String value, StringEncoding encoding, int ptr) {
        long pair = lower(memory, realloc, value, encoding);
        memory.writeInt(ptr, (int) pair);
        memory.writeInt(ptr + 4, (int) (pair >>> 32));
    }

    /** Lowers {@code value} into two flat values {@code out[index]} (pointer) and {@code out[index + 1]} (length). */
    public static void lowerFlat(GuestMemory memory, Realloc realloc, String value, StringEncoding encoding,
            long[] out, int index) {
        long pair = lower(memory, realloc, value, encoding);
        out[index] = pair & 0xffff_ffffL;
        out[index + 1] = pair >>> 32;
    }

    /**
     * Lifts the string whose pointer and (tagged) length are stored at {@code ptr}: a string field
     * in memory, charged to {@code budget}.
     */
    public static String load(GuestMemory memory, int ptr, StringEncoding encoding, LiftBudget budget) {
        // one 8-byte read instead of two 4-byte ones: the pointer is the low word, the length the high
        long pointerAndLength = memory.readLong(ptr);
        return lift(memory, (int) pointerAndLength, (int) (pointerAndLength >>> 32), encoding, budget);
    }
}
