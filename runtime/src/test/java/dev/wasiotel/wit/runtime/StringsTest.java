package dev.wasiotel.wit.runtime;

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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
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
            return Strings.lift(memory, (int) flat.get(0).asLong(), (int) flat.get(1).asLong(), enc);
        }
        int ptr = c.get("ptr").asInt();
        return Strings.lift(memory, memory.readInt(ptr), memory.readInt(ptr + 4), enc);
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
                        encoding(c.get("encoding").asText()));
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
            assertEquals(value, Strings.lift(memory, memory.readInt(outer), memory.readInt(outer + 4), enc),
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
        String s = Strings.lift(new ByteArrayMemory(bytes), 0, 256, StringEncoding.LATIN1_UTF16);
        for (int i = 0; i < 256; i++) {
            assertEquals(i, s.charAt(i));
        }
    }

    // ------------------------------------------------------------------------------------------
    // Properties

    @Provide
    Arbitrary<String> strings() {
        Arbitrary<Integer> ascii = Arbitraries.integers().between(0, 0x7F);
        Arbitrary<Integer> latin1 = Arbitraries.integers().between(0, 0xFF);
        Arbitrary<Integer> bmp = Arbitraries.integers().between(0, 0xFFFF).filter(cp -> cp < 0xD800 || cp > 0xDFFF);
        Arbitrary<Integer> astral = Arbitraries.integers().between(0x10000, 0x10FFFF);
        Arbitrary<Integer> nul = Arbitraries.just(0);
        Arbitrary<Integer> any = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, ascii), net.jqwik.api.Tuple.of(2, latin1), net.jqwik.api.Tuple.of(2, bmp),
                net.jqwik.api.Tuple.of(2, astral), net.jqwik.api.Tuple.of(1, nul));
        return Arbitraries.oneOf(
                codePointStrings(ascii),
                codePointStrings(latin1),
                codePointStrings(any),
                // Latin-1 text then one wider char: the grow paths with a non-empty prefix.
                Combinators.combine(codePointStrings(latin1), codePointStrings(any))
                        .as((a, b) -> a + "\u20ac" + b),
                Arbitraries.of("", "\u0000", "\ud83d\ude00", "\u00ff", "\u0100", "\u007f\u0080"));
    }

    private static Arbitrary<String> codePointStrings(Arbitrary<Integer> codePoints) {
        return codePoints.list().ofMinSize(0).ofMaxSize(64).map(list -> {
            StringBuilder sb = new StringBuilder();
            for (int cp : list) {
                sb.appendCodePoint(cp);
            }
            return sb.toString();
        });
    }

    @Property(tries = 500)
    void lowerThenLiftRoundTrips(@ForAll("strings") String s) {
        for (StringEncoding enc : StringEncoding.values()) {
            ByteArrayMemory memory = new ByteArrayMemory(4096);
            BumpAllocator alloc = new BumpAllocator(memory, 8);
            long lowered = Strings.lower(memory, alloc, s, enc);
            assertEquals(s, Strings.lift(memory, Strings.pointer(lowered), Strings.taggedLength(lowered), enc),
                    "lower " + enc);

            ByteArrayMemory memory8 = new ByteArrayMemory(4096);
            BumpAllocator alloc8 = new BumpAllocator(memory8, 8);
            long lowered8 = Strings.lowerUtf8(memory8, alloc8, s.getBytes(StandardCharsets.UTF_8), enc);
            assertEquals(s, Strings.lift(memory8, Strings.pointer(lowered8), Strings.taggedLength(lowered8), enc),
                    "lowerUtf8 " + enc);
        }
    }

    @Provide
    Arbitrary<byte[]> byteArrays() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(32);
        // Valid UTF-8 with one byte replaced: mostly near-misses of the validator's rules.
        Arbitrary<byte[]> mutated = Combinators.combine(strings(), Arbitraries.integers().between(0, 1 << 20),
                Arbitraries.bytes()).as((s, where, b) -> {
                    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
                    if (bytes.length > 0) {
                        bytes[where % bytes.length] = b;
                    }
                    return bytes;
                });
        Arbitrary<byte[]> valid = strings().map(s -> s.getBytes(StandardCharsets.UTF_8));
        // Only bytes >= 0x80: lead and continuation bytes in every combination.
        Arbitrary<byte[]> highBytes = Arbitraries.bytes().between((byte) 0x80, (byte) 0xFF)
                .array(byte[].class).ofMaxSize(8);
        // Lead bytes at the edges of the UTF-8 rules, each followed by bytes at the edges of the
        // continuation ranges: overlong, surrogate and above-U+10FFFF forms and their neighbours.
        Arbitrary<byte[]> edgeTokens = Combinators.combine(
                Arbitraries.of(0x41, 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE,
                        0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF8, 0xFE, 0xFF),
                Arbitraries.of(0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2)
                        .list().ofMaxSize(3))
                .as((lead, tail) -> {
                    byte[] token = new byte[1 + tail.size()];
                    token[0] = (byte) (int) lead;
                    for (int i = 0; i < tail.size(); i++) {
                        token[1 + i] = (byte) (int) tail.get(i);
                    }
                    return token;
                })
                .list().ofMaxSize(4)
                .map(tokens -> {
                    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                    for (byte[] t : tokens) {
                        out.writeBytes(t);
                    }
                    return out.toByteArray();
                });
        return Arbitraries.oneOf(random, mutated, valid, highBytes, edgeTokens);
    }

    @Property(tries = 3000)
    void liftUtf8AgreesWithAStrictDecoder(@ForAll("byteArrays") byte[] bytes) {
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
                    () -> Strings.lift(memory, 3, bytes.length, StringEncoding.UTF8), HEX.formatHex(bytes));
            assertEquals(WitTrap.Reason.INVALID_UTF8, trap.reason());
            assertThrows(IllegalArgumentException.class,
                    () -> Strings.lowerUtf8(memory, (p, o, a, n) -> 0, bytes, StringEncoding.UTF8));
        } else {
            assertEquals(expected, Strings.lift(memory, 3, bytes.length, StringEncoding.UTF8), HEX.formatHex(bytes));
        }
    }
}
