package dev.wasiotel.wit.codegen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.dylibso.chicory.wabt.Wat2Wasm;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.runtime.GuestInstance;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import dev.wasiotel.wit.runtime.WitTrap;
import dev.wasiotel.wit.runtime.chicory.ChicoryHost;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Host-implemented resources through generated glue: the constructor's own handle, methods on a
 * borrowed {@code self}, a static function consuming an own and borrowing another, drops that
 * close the host object, and handle misuse trapping with {@code INVALID_HANDLE}.
 */
class ResourceGlueTest {
    private static final String WIT = "package test:res;\n"
            + "interface counters {\n"
            + "  resource counter {\n"
            + "    constructor(start: u32);\n"
            + "    incr: func(by: u32) -> u32;\n"
            + "    value: func() -> u32;\n"
            + "    merge: static func(a: counter, b: borrow<counter>) -> counter;\n"
            + "  }\n"
            + "  total: func(c: borrow<counter>) -> u32;\n"
            + "}\n"
            + "world res { import counters; }\n";

    private static final String WAT = "(module\n"
            + "  (import \"test:res/counters\" \"[constructor]counter\" (func $new (param i32) (result i32)))\n"
            + "  (import \"test:res/counters\" \"[method]counter.incr\" (func $incr (param i32 i32) (result i32)))\n"
            + "  (import \"test:res/counters\" \"[method]counter.value\" (func $value (param i32) (result i32)))\n"
            + "  (import \"test:res/counters\" \"[static]counter.merge\" (func $merge (param i32 i32) (result i32)))\n"
            + "  (import \"test:res/counters\" \"[resource-drop]counter\" (func $drop (param i32)))\n"
            + "  (import \"test:res/counters\" \"total\" (func $total (param i32) (result i32)))\n"
            + "  (memory (export \"memory\") 1)\n"
            + "  (func (export \"run\") (result i32) (local $a i32) (local $b i32) (local $c i32) (local $v i32)\n"
            + "    (local.set $a (call $new (i32.const 5)))\n"
            + "    (drop (call $incr (local.get $a) (i32.const 3)))\n"
            + "    (local.set $b (call $new (i32.const 10)))\n"
            + "    (local.set $c (call $merge (local.get $a) (local.get $b)))\n"
            + "    (local.set $v (i32.add (call $value (local.get $c)) (call $total (local.get $b))))\n"
            + "    (call $drop (local.get $b))\n"
            + "    (call $drop (local.get $c))\n"
            + "    (local.get $v))\n"
            + "  (func (export \"use-after-drop\") (local $a i32)\n"
            + "    (local.set $a (call $new (i32.const 1)))\n"
            + "    (call $drop (local.get $a))\n"
            + "    (drop (call $value (local.get $a))))\n"
            // merge consumes a; its result takes a's freed index (handles are reused), so drop it first
            + "  (func (export \"use-consumed\") (local $a i32) (local $b i32)\n"
            + "    (local.set $a (call $new (i32.const 1)))\n"
            + "    (local.set $b (call $new (i32.const 2)))\n"
            + "    (call $drop (call $merge (local.get $a) (local.get $b)))\n"
            + "    (drop (call $value (local.get $a))))\n"
            + "  (func (export \"never-issued\") (drop (call $value (i32.const 77))))\n"
            + "  (func (export \"handle-zero\") (call $drop (i32.const 0)))\n"
            + ")\n";

    @Test
    void ownBorrowAndDropThroughGeneratedGlue() throws Exception {
        GeneratedGlue glue = GeneratedGlue.of(WIT, GeneratedGlue.tempDir());
        Class<?> counters = glue.load("test.res.counters.Counters");
        Class<?> counter = glue.load("test.res.counters.Counter");
        List<String> events = new ArrayList<>();
        Object impl = Proxy.newProxyInstance(glue.loader, new Class<?>[] {counters}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "newCounter":
                    return newCounter(glue, counter, (Long) args[0], events);
                case "counterMerge":
                    long sum = (Long) counter.getMethod("value").invoke(args[0])
                            + (Long) counter.getMethod("value").invoke(args[1]);
                    return newCounter(glue, counter, sum, events);
                case "total":
                    return counter.getMethod("value").invoke(args[0]);
                default:
                    throw new AssertionError(method.getName());
            }
        });
        @SuppressWarnings("unchecked")
        List<HostFunctionDef> defs = (List<HostFunctionDef>) glue.load("test.res.counters.CountersHost")
                .getMethod("functions", counters, StringEncoding.class).invoke(null, impl, StringEncoding.UTF8);
        ChicoryHost host = ChicoryHost.builder().addAll(defs).build();
        byte[] wasm = Wat2Wasm.parse(WAT);

        long[] result = host.instantiate(wasm).call("run");
        // a = 5 + 3 = 8; c = merge(a, b) = 18; value(c) + total(b) = 18 + 10
        assertArrayEquals(new long[] {28}, new long[] {result[0]});
        assertEquals(List.of("new 5", "new 10", "new 18", "close 10", "close 18"), events,
                "drops close the host objects; the consumed own handle was handed back, not closed");

        for (String misuse : List.of("use-after-drop", "use-consumed", "never-issued", "handle-zero")) {
            GuestInstance guest = host.instantiate(wasm);
            WitTrap trap = assertThrows(WitTrap.class, () -> guest.call(misuse), misuse);
            assertEquals(WitTrap.Reason.INVALID_HANDLE, trap.reason(), misuse + ": " + trap.getMessage());
        }
    }

    private static Object newCounter(GeneratedGlue glue, Class<?> counter, long start, List<String> events) {
        long[] state = {start};
        events.add("new " + start);
        return Proxy.newProxyInstance(glue.loader, new Class<?>[] {counter}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "incr":
                    state[0] += (Long) args[0];
                    return state[0];
                case "value":
                    return state[0];
                case "close":
                    events.add("close " + state[0]);
                    return null;
                default:
                    return method.getName().equals("hashCode") ? System.identityHashCode(proxy)
                            : method.getName().equals("equals") ? proxy == args[0] : "counter";
            }
        });
    }
}
