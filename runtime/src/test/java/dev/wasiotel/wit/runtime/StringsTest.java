package dev.wasiotel.wit.runtime;

import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.runtime.testing.SeededRuns;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Strings} against the canonical ABI conformance vectors (lift.json, traps.json,
 * store.json under {@code shared/conformance/canonical-abi}) and against properties.
 */
class StringsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    static Path vectors() {
        return Path.of(System.getProperty("wasiotel.shared.dir", "../../shared"))
                .resolve("conformance").resolve("canonical-abi");
    }

    private static JsonNode read(String file) throws IOException {
        Path path = vectors().resolve(file);
        assertTrue(Files.isRegularFile(path), "missing " + path + " (set -Dwasiotel.shared.dir=<path of shared/>)");
        return JSON.readTree(path.toFile());
    }

    private static boolean isString(JsonNode c) {
        JsonNode type = c.get("type");
        return type != null && type.isTextual() && type.asText().equals("string");
    }

    static StringEncoding encoding(String name) {
        switch (name) {
            case "utf8":
                return StringEncoding.UTF8;
            case "utf16":
                return StringEncoding.UTF16;
            case "latin1+utf16":
                return StringEncoding.LATIN1_UTF16;
            default:
                throw new IllegalArgumentException("unknown encoding " + name);
        }
    }

    /** A fresh memory of {@code memory_size} bytes holding the case's {@code memory} hex. */
    private static ByteArrayMemory memory(JsonNode c) {
        byte[] bytes = new byte[c.get("memory_size").asInt()];
        byte[] given = HEX.parseHex(c.get("memory").asText());
        System.arraycopy(given, 0, bytes, 0, given.length);
        return new ByteArrayMemory(bytes);
    }

    private static String lift(JsonNode c) {
        ByteArrayMemory memory = memory(c);
        StringEncoding enc = encoding(c.get("encoding").asText());
        String mode = c.has("mode") ? c.get("mode").asText() : "load";
        if (mode.equals("lift_flat")) {
            JsonNode flat = c.get("flat");
            return Strings.lift(memory, (int) flat.get(0).asLong(), (int) flat.get(1).asLong(), enc, LiftBudget.defaults());
        }
        int ptr = c.get("ptr").asInt();
        return Strings.lift(memory, memory.readInt(ptr), memory.readInt(ptr + 4), enc, LiftBudget.defaults());
    }

    @Test
    void liftVectors() throws IOException {
        JsonNode lift = read("lift.json");
        int load = 0;
        int flat = 0;
        for (JsonNode c : lift.get("load")) {
            if (isString(c)) {
                assertEquals(c.get("value").asText(), lift(c), c.get("id").asText());
                load++;
            }
        }
        for (JsonNode c : lift.get("lift_flat")) {
            if (isString(c)) {
                assertEquals("[\"i32\",\"i32\"]", c.get("flat_types").toString(), c.get("id").asText());
                JsonNode f = c.get("flat");
                String got = Strings.lift(memory(c), (int) f.get(0).asLong(), (int) f.get(1).asLong(),
                        encoding(c.get("encoding").asText()), LiftBudget.defaults());
                assertEquals(c.get("value").asText(), got, c.get("id").asText());
                flat++;
            }
        }
        System.out.println("StringsTest: lift.json string cases checked: load=" + load + " lift_flat=" + flat);
        assertTrue(load > 0, "no lift.json load string cases");
        assertTrue(flat > 0, "no lift.json lift_flat string cases");
    }

    @Test
    void trapVectors() throws IOException {
        int load = 0;
        int flat = 0;
        for (JsonNode c : read("traps.json").get("cases")) {
            if (!isString(c)) {
                continue;
            }
            String mode = c.get("mode").asText();
            if (!mode.equals("load") && !mode.equals("lift_flat")) {
                continue;
            }
            String id = c.get("id").asText();
            WitTrap.Reason expected = WitTrap.Reason.valueOf(
                    c.get("reason").asText().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
            WitTrap trap = assertThrows(WitTrap.class, () -> lift(c), id + ": " + c.get("detail").asText());
            assertEquals(expected, trap.reason(), id + ": " + trap.getMessage());
            if (mode.equals("load")) {
                load++;
            } else {
                flat++;
            }
        }
        System.out.println("StringsTest: traps.json string cases checked: load=" + load + " lift_flat=" + flat);
        assertTrue(load > 0, "no traps.json load string cases");
        assertTrue(flat > 0, "no traps.json lift_flat string cases");
    }

    /** The README's bump allocator, logging every call as [old_ptr, old_size, align, new_size, ret]. */
    static final class BumpAllocator implements Realloc {
        private final GuestMemory memory;
        private int next;
        final List<List<Long>> log = new ArrayList<>();

        BumpAllocator(GuestMemory memory, int base) {
            this.memory = memory;
            this.next = base;
        }

        int next() {
            return next;
        }

        private static int alignUp(int value, int align) {
            return (value + align - 1) / align * align;
        }

        @Override
        public int realloc(int oldPtr, int oldSize, int align, int newSize) {
            int ret;
            if (oldPtr != 0 && newSize < oldSize) {
                ret = alignUp(oldPtr, align);
            } else {
                ret = alignUp(next, align);
                next = ret + newSize;
                if (oldPtr != 0) {
                    byte[] copy = new byte[oldSize];
                    memory.readBytes(oldPtr, copy, 0, oldSize);
                    memory.writeBytes(ret, copy, 0, oldSize);
                }
            }
            log.add(List.of((long) oldPtr, (long) oldSize, (long) align, (long) newSize, (long) ret));
            return ret;
        }
    }

    private static List<List<Long>> expectedLog(JsonNode log) {
        List<List<Long>> out = new ArrayList<>();
        for (JsonNode call : log) {
            List<Long> row = new ArrayList<>();
            for (JsonNode v : call) {
                row.add(v.asLong());
            }
            out.add(row);
        }
        return out;
    }

    private static long lowerCase(ByteArrayMemory memory, BumpAllocator alloc, JsonNode c) {
        String value = c.get("value").asText();
        StringEncoding enc = encoding(c.get("encoding").asText());
        String src = c.get("src_encoding").asText();
        if (src.equals("utf16")) {
            return Strings.lower(memory, alloc, value, enc);
        } else if (src.equals("utf8")) {
            return Strings.lowerUtf8(memory, alloc, value.getBytes(StandardCharsets.UTF_8), enc);
        }
        throw new IllegalArgumentException("unknown src_encoding " + src);
    }

    /** Region bytes equal, and nothing outside the region written. */
    private static void assertRegion(String id, ByteArrayMemory memory, BumpAllocator alloc, JsonNode region) {
        int start = region.get("start").asInt();
        int end = region.get("end").asInt();
        assertEquals(end, alloc.next(), id + ": region end");
        byte[] bytes = memory.bytes();
        assertEquals(region.get("hex").asText(), HEX.formatHex(Arrays.copyOfRange(bytes, start, end)), id + ": region");
        for (int i = 0; i < bytes.length; i++) {
            if ((i < start || i >= end) && bytes[i] != 0) {
                fail(id + ": byte " + i + " outside the region was written");
            }
        }
    }

    @Test
    void storeVectors() throws IOException {
        int exact = 0;
        int flat = 0;
        for (JsonNode c : read("store.json").get("cases")) {
            if (!isString(c)) {
                continue;
            }
            String id = c.get("id").asText();
            String value = c.get("value").asText();
            StringEncoding enc = encoding(c.get("encoding").asText());
            int base = c.get("base").asInt();
            int size = c.get("memory_size").asInt();

            // store: the outer (ptr, len) pair first, then the string, then the pair.
            ByteArrayMemory memory = new ByteArrayMemory(size);
            BumpAllocator alloc = new BumpAllocator(memory, base);
            int outer = Bounds.checkRealloc(memory, alloc.realloc(0, 0, 4, 8), 4, 8);
            assertEquals(c.get("ptr").asInt(), outer, id + ": outer pointer");
            long lowered = lowerCase(memory, alloc, c);
            memory.writeInt(outer, Strings.pointer(lowered));
            memory.writeInt(outer + 4, Strings.taggedLength(lowered));
            assertEquals(expectedLog(c.get("realloc_log")), alloc.log, id + ": realloc_log");
            assertRegion(id, memory, alloc, c.get("region"));
            assertEquals(value, Strings.lift(memory, memory.readInt(outer), memory.readInt(outer + 4), enc, LiftBudget.defaults()),
                    id + ": lifts back");
            exact++;

            // lower_flat: no outer allocation.
            JsonNode lf = c.get("lower_flat");
            ByteArrayMemory flatMemory = new ByteArrayMemory(size);
            BumpAllocator flatAlloc = new BumpAllocator(flatMemory, base);
            long flatLowered = lowerCase(flatMemory, flatAlloc, c);
            assertEquals(lf.get("flat").get(0).asLong(), Integer.toUnsignedLong(Strings.pointer(flatLowered)),
                    id + ": flat pointer");
            assertEquals(lf.get("flat").get(1).asLong(), Integer.toUnsignedLong(Strings.taggedLength(flatLowered)),
                    id + ": flat length");
            assertEquals(expectedLog(lf.get("realloc_log")), flatAlloc.log, id + ": lower_flat realloc_log");
            assertRegion(id + " lower_flat", flatMemory, flatAlloc, lf.get("region"));
            flat++;
        }
        System.out.println("StringsTest: store.json string cases checked: store=" + exact + " lower_flat=" + flat);
        assertTrue(exact > 0, "no store.json string cases");
    }

    // ------------------------------------------------------------------------------------------
    // Hand-written cases

    @Test
    void unpairedSurrogatesAreHostErrorsBeforeAnyRealloc() {
        Realloc never = (p, o, a, n) -> {
            throw new AssertionError("realloc called");
        };
        ByteArrayMemory memory = new ByteArrayMemory(64);
        for (String bad : new String[] {"\ud800", "a\udc00", "\ud83d\ud83d\ude00x\ud800", "\u20ac\udfff"}) {
            for (StringEncoding enc : StringEncoding.values()) {
                assertThrows(IllegalArgumentException.class, () -> Strings.lower(memory, never, bad, enc),
                        bad + " " + enc);
            }
        }
        // Lone surrogates that come after only Latin-1 text are still caught for latin1+utf16.
        assertThrows(IllegalArgumentException.class,
                () -> Strings.lower(memory, never, "\u00e9\ud800", StringEncoding.LATIN1_UTF16));
        byte[] overlong = {(byte) 0xC0, (byte) 0x80};
        for (StringEncoding enc : StringEncoding.values()) {
            assertThrows(IllegalArgumentException.class, () -> Strings.lowerUtf8(memory, never, overlong, enc));
        }
    }

    @Test
    void tooLongForTheGuestIsAHostErrorBeforeAnyRealloc() {
        Realloc never = (p, o, a, n) -> {
            throw new AssertionError("realloc called");
        };
        ByteArrayMemory memory = new ByteArrayMemory(64);
        String big = "a".repeat(1 << 27); // 2^27 units: 2^28 bytes as UTF-16, fine as Latin-1 or UTF-8
        assertThrows(IllegalArgumentException.class, () -> Strings.lower(memory, never, big, StringEncoding.UTF16));
        byte[] bigUtf8 = big.getBytes(StandardCharsets.ISO_8859_1);
        assertThrows(IllegalArgumentException.class,
                () -> Strings.lowerUtf8(memory, never, bigUtf8, StringEncoding.UTF16));
    }

    @Test
    void reallocResultsAreChecked() {
        ByteArrayMemory memory = new ByteArrayMemory(64);
        WitTrap misaligned = assertThrows(WitTrap.class,
                () -> Strings.lower(memory, (p, o, a, n) -> 3, "ab", StringEncoding.UTF16));
        assertEquals(WitTrap.Reason.REALLOC, misaligned.reason());
        WitTrap outside = assertThrows(WitTrap.class,
                () -> Strings.lower(memory, (p, o, a, n) -> 60, "hello", StringEncoding.UTF8));
        assertEquals(WitTrap.Reason.REALLOC, outside.reason());
        // The grow is checked too: the first block fits, the grown one does not.
        WitTrap grown = assertThrows(WitTrap.class,
                () -> Strings.lower(memory, (p, o, a, n) -> p == 0 ? 8 : 56, "h\u00e9llo", StringEncoding.UTF8));
        assertEquals(WitTrap.Reason.REALLOC, grown.reason());
    }

    @Test
    void liftLatin1HighBytesAreCodePoints() {
        byte[] bytes = new byte[256];
        for (int i = 0; i < 256; i++) {
            bytes[i] = (byte) i;
        }
        String s = Strings.lift(new ByteArrayMemory(bytes), 0, 256, StringEncoding.LATIN1_UTF16, LiftBudget.defaults());
        for (int i = 0; i < 256; i++) {
            assertEquals(i, s.charAt(i));
        }
    }

    // ------------------------------------------------------------------------------------------
    // Seeded properties (fixed seeds; see SeededRuns)

    /** Code points as the old generator drew them: ASCII 5, Latin-1 2, BMP 2, astral 2, NUL 1. */
    private static int anyCodePoint(Random r) {
        int pick = r.nextInt(12);
        if (pick < 5) {
            return r.nextInt(0x80);
        } else if (pick < 7) {
            return r.nextInt(0x100);
        } else if (pick < 9) {
            int cp;
            do {
                cp = r.nextInt(0x10000);
            } while (cp >= 0xD800 && cp <= 0xDFFF);
            return cp;
        } else if (pick < 11) {
            return 0x10000 + r.nextInt(0x100000);
        }
        return 0;
    }

    private static String codePointString(Random r, java.util.function.ToIntFunction<Random> codePoint) {
        StringBuilder sb = new StringBuilder();
        for (int i = r.nextInt(65); i > 0; i--) {
            sb.appendCodePoint(codePoint.applyAsInt(r));
        }
        return sb.toString();
    }

    private static final String[] FIXED_STRINGS = {"", "\u0000", "\ud83d\ude00", "\u00ff", "\u0100", "\u007f\u0080"};

    /** ASCII, Latin-1, mixed text, Latin-1 then a wider char (the grow paths), or a fixed edge. */
    static String randomString(Random r) {
        switch (r.nextInt(5)) {
            case 0:
                return codePointString(r, x -> x.nextInt(0x80));
            case 1:
                return codePointString(r, x -> x.nextInt(0x100));
            case 2:
                return codePointString(r, StringsTest::anyCodePoint);
            case 3:
                return codePointString(r, x -> x.nextInt(0x100)) + "\u20ac" + codePointString(r, StringsTest::anyCodePoint);
            default:
                return FIXED_STRINGS[r.nextInt(FIXED_STRINGS.length)];
        }
    }

    @Test
    void lowerThenLiftRoundTrips() {
        SeededRuns.run("lowerThenLiftRoundTrips", 0x57_1265L, 1000, StringsTest::randomString, s -> {
            for (StringEncoding enc : StringEncoding.values()) {
                ByteArrayMemory memory = new ByteArrayMemory(4096);
                BumpAllocator alloc = new BumpAllocator(memory, 8);
                long lowered = Strings.lower(memory, alloc, s, enc);
                assertEquals(s, Strings.lift(memory, Strings.pointer(lowered), Strings.taggedLength(lowered), enc, LiftBudget.defaults()),
                        "lower " + enc);

                ByteArrayMemory memory8 = new ByteArrayMemory(4096);
                BumpAllocator alloc8 = new BumpAllocator(memory8, 8);
                long lowered8 = Strings.lowerUtf8(memory8, alloc8, s.getBytes(StandardCharsets.UTF_8), enc);
                assertEquals(s, Strings.lift(memory8, Strings.pointer(lowered8), Strings.taggedLength(lowered8), enc, LiftBudget.defaults()),
                        "lowerUtf8 " + enc);
            }
        });
    }

    private static final int[] EDGE_LEADS = {0x41, 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED,
        0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF8, 0xFE, 0xFF};
    private static final int[] EDGE_TAILS = {0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2};

    /**
     * Byte strings for the UTF-8 validator: random bytes, valid UTF-8 with one byte replaced (near
     * misses), valid UTF-8, only bytes at or above 0x80 (lead and continuation bytes in every
     * combination), and lead bytes at the edges of the UTF-8 rules followed by bytes at the edges of
     * the continuation ranges (overlong, surrogate and above-U+10FFFF forms and their neighbours).
     */
    static byte[] randomBytes(Random r) {
        switch (r.nextInt(5)) {
            case 0: {
                byte[] bytes = new byte[r.nextInt(33)];
                r.nextBytes(bytes);
                return bytes;
            }
            case 1: {
                byte[] bytes = randomString(r).getBytes(StandardCharsets.UTF_8);
                if (bytes.length > 0) {
                    bytes[r.nextInt(1 << 20) % bytes.length] = (byte) r.nextInt(256);
                }
                return bytes;
            }
            case 2:
                return randomString(r).getBytes(StandardCharsets.UTF_8);
            case 3: {
                byte[] bytes = new byte[r.nextInt(9)];
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) (0x80 + r.nextInt(0x80));
                }
                return bytes;
            }
            default: {
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                for (int t = r.nextInt(5); t > 0; t--) {
                    out.write(EDGE_LEADS[r.nextInt(EDGE_LEADS.length)]);
                    for (int k = r.nextInt(4); k > 0; k--) {
                        out.write(EDGE_TAILS[r.nextInt(EDGE_TAILS.length)]);
                    }
                }
                return out.toByteArray();
            }
        }
    }

    @Test
    void liftUtf8AgreesWithAStrictDecoder() {
        SeededRuns.run("liftUtf8AgreesWithAStrictDecoder", 0x0_7F8L, 6000,
                r -> new HexBytes(randomBytes(r)), hex -> checkUtf8(hex.bytes()));
    }

    /** Bytes that print as hex in a failure message. */
    record HexBytes(byte[] bytes) {
        @Override
        public String toString() {
            return HEX.formatHex(bytes);
        }
    }

    private static void checkUtf8(byte[] bytes) {
        CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        String expected;
        try {
            expected = strict.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            expected = null;
        }
        byte[] memoryBytes = new byte[bytes.length + 3];
        System.arraycopy(bytes, 0, memoryBytes, 3, bytes.length);
        ByteArrayMemory memory = new ByteArrayMemory(memoryBytes);
        if (expected == null) {
            WitTrap trap = assertThrows(WitTrap.class,
                    () -> Strings.lift(memory, 3, bytes.length, StringEncoding.UTF8, LiftBudget.defaults()), HEX.formatHex(bytes));
            assertEquals(WitTrap.Reason.INVALID_UTF8, trap.reason());
            assertThrows(IllegalArgumentException.class,
                    () -> Strings.lowerUtf8(memory, (p, o, a, n) -> 0, bytes, StringEncoding.UTF8));
        } else {
            assertEquals(expected, Strings.lift(memory, 3, bytes.length, StringEncoding.UTF8, LiftBudget.defaults()), HEX.formatHex(bytes));
        }
    }
}
