package dev.wasiotel.wit.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wabt.Wat2Wasm;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.runtime.GuestInstance;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import dev.wasiotel.wit.runtime.WitTrap;
import dev.wasiotel.wit.runtime.chicory.ChicoryHost;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A guest that passes corrupt values to the host's imports, through the generated glue: each is
 * rejected with the right {@link WitTrap} reason, the host implementation is never called with
 * garbage, and a new instance works afterwards.
 */
class CorruptGuestTest {
    private static final String WIT = "package test:corrupt;\n"
            + "interface sink {\n"
            + "  enum color { red, green, blue }\n"
            + "  variant shape { dot, big(u64) }\n"
            + "  take-string: func(v: string);\n"
            + "  take-ints: func(v: list<u32>);\n"
            + "  take-strings: func(v: list<string>);\n"
            + "  take-color: func(v: color);\n"
            + "  take-shape: func(v: shape);\n"
            + "  take-option: func(v: option<u8>);\n"
            + "  take-char: func(v: char);\n"
            + "  take-many: func(a: u64, b: u64, c: u64, d: u64, e: u64, f: u64, g: u64, h: u64, i: u64,"
            + " j: u64, k: u64, l: u64, m: u64, n: u64, o: u64, p: u64, q: u64);\n"
            + "  give-string: func() -> string;\n"
            + "}\n"
            + "world corrupt { import sink; }\n";

    /** Each export calls one import with the given core arguments. */
    private static final String[][] CASES = {
        // export name, import, arguments, expected reason
        {"string-out-of-bounds", "take-string", "(i32.const 65530) (i32.const 100)", "OUT_OF_BOUNDS"},
        {"string-huge-length", "take-string", "(i32.const 0) (i32.const 0x7fffffff)", "STRING_TOO_LONG"},
        {"string-invalid-utf8", "take-string", "(i32.const 16) (i32.const 2)", "INVALID_UTF8"},
        {"ints-misaligned", "take-ints", "(i32.const 2) (i32.const 1)", "MISALIGNED_POINTER"},
        {"ints-too-long", "take-ints", "(i32.const 0) (i32.const 0x10000000)", "LIST_TOO_LONG"},
        {"ints-wrapping-length", "take-ints", "(i32.const 4) (i32.const 0x40000001)", "LIST_TOO_LONG"},
        {"strings-bad-element", "take-strings", "(i32.const 32) (i32.const 1)", "OUT_OF_BOUNDS"},
        {"color-bad-discriminant", "take-color", "(i32.const 3)", "INVALID_DISCRIMINANT"},
        {"color-negative-discriminant", "take-color", "(i32.const -1)", "INVALID_DISCRIMINANT"},
        {"shape-bad-discriminant", "take-shape", "(i32.const 2) (i64.const 0)", "INVALID_DISCRIMINANT"},
        {"option-bad-discriminant", "take-option", "(i32.const 2) (i32.const 0)", "INVALID_DISCRIMINANT"},
        {"char-surrogate", "take-char", "(i32.const 0xd800)", "INVALID_CHAR"},
        {"char-too-big", "take-char", "(i32.const 0x110000)", "INVALID_CHAR"},
        {"spilled-out-of-bounds", "take-many", "(i32.const 65504)", "OUT_OF_BOUNDS"},
        {"spilled-misaligned", "take-many", "(i32.const 4)", "MISALIGNED_POINTER"},
        {"retptr-out-of-bounds", "give-string", "(i32.const 65532)", "OUT_OF_BOUNDS"},
        {"retptr-misaligned", "give-string", "(i32.const 2)", "MISALIGNED_POINTER"},
    };

    private static GeneratedGlue glue;
    private static byte[] wasm;

    @BeforeAll
    static void build() throws Exception {
        glue = GeneratedGlue.of(WIT, GeneratedGlue.tempDir());
        StringBuilder wat = new StringBuilder("(module\n");
        var abis = glue.importAbis("sink");
        int n = 0;
        for (var e : abis.entrySet()) {
            wat.append("  (import \"test:corrupt/sink\" \"").append(e.getKey()).append("\" (func $f").append(n++);
            if (!e.getValue().coreParams().isEmpty()) {
                wat.append(" (param");
                e.getValue().coreParams().forEach(t -> wat.append(' ').append(t.wasmName()));
                wat.append(')');
            }
            wat.append("))\n");
        }
        wat.append("  (memory (export \"memory\") 1)\n");
        // bytes 16..17: an invalid UTF-8 sequence; 32..39: a string pointing out of bounds
        wat.append("  (data (i32.const 16) \"\\c3\\28\")\n");
        wat.append("  (data (i32.const 32) \"\\f8\\ff\\00\\00\\10\\00\\00\\00\")\n");
        wat.append("  (func (export \"cabi_realloc\") (param i32 i32 i32 i32) (result i32) (i32.const 1024))\n");
        List<String> names = new ArrayList<>(abis.keySet());
        for (String[] c : CASES) {
            wat.append("  (func (export \"").append(c[0]).append("\") (call $f").append(names.indexOf(c[1]))
                    .append(' ').append(c[2]).append("))\n");
        }
        wat.append("  (func (export \"ok\") (call $f").append(names.indexOf("take-color")).append(" (i32.const 1)))\n");
        wasm = Wat2Wasm.parse(wat.append(")\n").toString());
    }

    @Test
    void everyCorruptValueTrapsWithItsReasonAndTheHostStaysUsable() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Class<?> sink = glue.load("test.corrupt.sink.Sink");
        Object impl = Proxy.newProxyInstance(glue.loader, new Class<?>[] {sink}, (proxy, method, args) -> {
            calls.incrementAndGet();
            return method.getName().equals("giveString") ? "returned" : null;
        });
        Class<?> host = glue.load("test.corrupt.sink.SinkHost");
        @SuppressWarnings("unchecked")
        List<HostFunctionDef> defs = (List<HostFunctionDef>) host.getMethod("functions", sink, StringEncoding.class)
                .invoke(null, impl, StringEncoding.UTF8);
        ChicoryHost chicory = ChicoryHost.builder().addAll(defs).build();
        List<String> wrong = new ArrayList<>();
        for (String[] c : CASES) {
            GuestInstance guest = chicory.instantiate(wasm);
            WitTrap trap = assertThrows(WitTrap.class, () -> guest.call(c[0]), c[0]);
            if (!trap.reason().name().equals(c[3])) {
                wrong.add(c[0] + ": " + trap.reason() + " (" + trap.getMessage() + "), expected " + c[3]);
            }
        }
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
        int before = calls.get();
        // give-string's host call runs before its return area is checked; nothing else reaches the host
        assertEquals(2, before, "only the two give-string calls reached the host");
        chicory.instantiate(wasm).call("ok");
        assertEquals(before + 1, calls.get(), "a fresh instance still works");
    }

    @Test
    void aHostReturningNullGetsAClearMessage() throws Exception {
        Class<?> sink = glue.load("test.corrupt.sink.Sink");
        Object impl = Proxy.newProxyInstance(glue.loader, new Class<?>[] {sink}, (proxy, method, args) -> null);
        @SuppressWarnings("unchecked")
        List<HostFunctionDef> defs = (List<HostFunctionDef>) glue.load("test.corrupt.sink.SinkHost")
                .getMethod("functions", sink, StringEncoding.class).invoke(null, impl, StringEncoding.UTF8);
        GuestInstance guest = ChicoryHost.builder().addAll(defs).build().instantiate(wasm);
        NullPointerException e = assertThrows(NullPointerException.class, () -> guest.call("retptr-misaligned"));
        assertEquals("the host's giveString returned null for WIT function give-string", e.getMessage());
    }
}
