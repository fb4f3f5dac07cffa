package dev.wasiotel.wit.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wabt.Wat2Wasm;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.runtime.ByteArrayMemory;
import dev.wasiotel.wit.runtime.CallContext;
import dev.wasiotel.wit.runtime.GuestInstance;
import dev.wasiotel.wit.runtime.GuestLimits;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import dev.wasiotel.wit.runtime.ResourceTable;
import dev.wasiotel.wit.runtime.WitTrap;
import dev.wasiotel.wit.runtime.chicory.ChicoryHost;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The per-call lift budget on the generated path: a real guest whose 1,000 string values all point
 * at the same 8 MiB of its memory, passed to a host import (the generated {@code SinkHost} glue)
 * or returned from an export (the generated {@code SourceGuest} caller), ends in a {@link WitTrap}
 * with {@link WitTrap.Reason#RESOURCE_LIMIT} naming the limit, before the host implementation sees
 * anything; and the generated lift methods trap the same way under a small budget.
 */
class LiftBudgetGeneratedTest {
    private static final int MIB = 1 << 20;
    private static final String WIT = "package test:budget;\n"
            + "interface sink {\n"
            + "  record item { name: string, tags: list<string> }\n"
            + "  take-strings: func(v: list<string>);\n"
            + "  take-items: func(v: list<item>);\n"
            + "  take-results: func(v: list<result>);\n"
            + "  take-bytes: func(v: list<u8>);\n"
            + "}\n"
            + "interface source {\n"
            + "  give-strings: func() -> list<string>;\n"
            + "}\n"
            + "world budget { import sink; export source; }\n";

    /**
     * Memory: 8 MiB of zero bytes (valid UTF-8) at 65536; 1,000 string descriptors pointing at
     * them at 1024 ({@code $fill} writes them); 1,000 items {name: that string, tags: those 1,000
     * strings} at 16384.
     */
    private static final String WAT = "(module\n"
            + "  (import \"test:budget/sink\" \"take-strings\" (func $take_strings (param i32 i32)))\n"
            + "  (import \"test:budget/sink\" \"take-items\" (func $take_items (param i32 i32)))\n"
            + "  (import \"test:budget/sink\" \"take-results\" (func $take_results (param i32 i32)))\n"
            + "  (memory (export \"memory\") 129)\n"
            + "  (func (export \"cabi_realloc\") (param i32 i32 i32 i32) (result i32) (i32.const 8192))\n"
            + "  (func $fill (local $i i32) (local $s i32) (local $t i32)\n"
            + "    (loop $next\n"
            + "      (local.set $s (i32.add (i32.const 1024) (i32.mul (local.get $i) (i32.const 8))))\n"
            + "      (local.set $t (i32.add (i32.const 16384) (i32.mul (local.get $i) (i32.const 16))))\n"
            + "      (i32.store (local.get $s) (i32.const 65536))\n"
            + "      (i32.store offset=4 (local.get $s) (i32.const 8388608))\n"
            + "      (i32.store (local.get $t) (i32.const 65536))\n"
            + "      (i32.store offset=4 (local.get $t) (i32.const 8388608))\n"
            + "      (i32.store offset=8 (local.get $t) (i32.const 1024))\n"
            + "      (i32.store offset=12 (local.get $t) (i32.const 1000))\n"
            + "      (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
            + "      (br_if $next (i32.lt_u (local.get $i) (i32.const 1000)))))\n"
            + "  (func (export \"strings\") (param $n i32) (call $fill) (call $take_strings (i32.const 1024) (local.get $n)))\n"
            + "  (func (export \"items\") (call $fill) (call $take_items (i32.const 16384) (i32.const 1000)))\n"
            + "  (func (export \"results\") (param $n i32) (call $take_results (i32.const 65536) (local.get $n)))\n"
            + "  (func (export \"test:budget/source#give-strings\") (result i32)\n"
            + "    (call $fill)\n"
            + "    (i32.store (i32.const 512) (i32.const 1024))\n"
            + "    (i32.store (i32.const 516) (i32.const 1000))\n"
            + "    (i32.const 512))\n"
            + "  (func (export \"cabi_post_test:budget/source#give-strings\") (param i32))\n"
            + ")\n";

    private static GeneratedGlue glue;
    private static byte[] wasm;

    @BeforeAll
    static void build() throws Exception {
        glue = GeneratedGlue.of(WIT, GeneratedGlue.tempDir());
        wasm = Wat2Wasm.parse(WAT);
    }

    /** A guest wired to a sink that records the sizes of what it receives. */
    private static GuestInstance guest(List<Object> received) throws Exception {
        Class<?> sink = glue.load("test.budget.sink.Sink");
        Object impl = Proxy.newProxyInstance(glue.loader, new Class<?>[] {sink}, (proxy, method, args) -> {
            received.add(args[0]);
            return null;
        });
        @SuppressWarnings("unchecked")
        List<HostFunctionDef> defs = (List<HostFunctionDef>) glue.load("test.budget.sink.SinkHost")
                .getMethod("functions", sink, StringEncoding.class).invoke(null, impl, StringEncoding.UTF8);
        return ChicoryHost.builder().addAll(defs).build().instantiate(wasm);
    }

    private static void assertBudgetTrap(WitTrap trap, String limit) {
        assertEquals(WitTrap.Reason.RESOURCE_LIMIT, trap.reason(), trap.getMessage());
        assertTrue(trap.getMessage().contains("more than " + limit + " of strings and lists")
                && trap.getMessage().contains("maxLiftBytesPerCall"), trap.getMessage());
    }

    @Test
    void aThousandAliasingStringsPassedToAnImportTrapBeforeTheHostSeesThem() throws Exception {
        List<Object> received = new ArrayList<>();
        GuestInstance guest = guest(received);
        assertBudgetTrap(assertThrows(WitTrap.class, () -> guest.call("strings", 1000)), "64 MiB");
        // Eight 8 MiB strings are the whole default budget, but the list's elements cost 16 bytes each too.
        assertBudgetTrap(assertThrows(WitTrap.class, () -> guest(received).call("strings", 8)), "64 MiB");
        assertEquals(List.of(), received, "the host implementation was never called");

        // Seven fit: normal values within the budget still lift, and each call has a budget of its own.
        GuestInstance fresh = guest(received);
        fresh.call("strings", 7);
        fresh.call("strings", 7);
        assertEquals(2, received.size());
        for (Object strings : received) {
            assertEquals(7, ((List<?>) strings).size());
            assertEquals(8 * MIB, ((String) ((List<?>) strings).get(6)).length());
        }
    }

    @Test
    void nestedRecordsOfAliasingStringsTrap() throws Exception {
        List<Object> received = new ArrayList<>();
        GuestInstance guest = guest(received);
        assertBudgetTrap(assertThrows(WitTrap.class, () -> guest.call("items")), "64 MiB");
        assertEquals(List.of(), received);
    }

    @Test
    void manyOneByteElementsAreChargedSixteenBytesEach() throws Exception {
        List<Object> received = new ArrayList<>();
        GuestInstance guest = guest(received);
        // 5,000,000 results take 5 MB of guest memory, but would be 5 million Java objects.
        WitTrap trap = assertThrows(WitTrap.class, () -> guest.call("results", 5_000_000));
        assertBudgetTrap(trap, "64 MiB");
        assertTrue(trap.getMessage().contains("a list of 5000000 elements of 1 bytes"), trap.getMessage());
        guest(received).call("results", 1000);
        assertEquals(1000, ((List<?>) received.get(0)).size());
    }

    @Test
    void aThousandAliasingStringsReturnedByAnExportTrapInTheGeneratedCaller() throws Exception {
        GuestInstance instance = guest(new ArrayList<>());
        Object source = glue.load("test.budget.source.SourceGuest")
                .getConstructor(GuestInstance.class, StringEncoding.class).newInstance(instance, StringEncoding.UTF8);
        assertBudgetTrap(assertThrows(WitTrap.class, () -> GeneratedGlue.invoke(source.getClass(), source,
                "giveStrings")), "64 MiB");
    }

    @Test
    void theHostsLimitsSetTheBudget() throws Exception {
        List<Object> received = new ArrayList<>();
        Class<?> sink = glue.load("test.budget.sink.Sink");
        Object impl = Proxy.newProxyInstance(glue.loader, new Class<?>[] {sink}, (proxy, method, args) -> {
            received.add(args[0]);
            return null;
        });
        @SuppressWarnings("unchecked")
        List<HostFunctionDef> defs = (List<HostFunctionDef>) glue.load("test.budget.sink.SinkHost")
                .getMethod("functions", sink, StringEncoding.class).invoke(null, impl, StringEncoding.UTF8);
        ChicoryHost host = ChicoryHost.builder().addAll(defs)
                .limits(GuestLimits.defaults().withMaxLiftBytesPerCall(20L * MIB)).build();
        assertBudgetTrap(assertThrows(WitTrap.class, () -> host.instantiate(wasm).call("strings", 3)), "20 MiB");
        host.instantiate(wasm).call("strings", 2);
        assertEquals(1, received.size());
    }

    @Test
    void generatedLiftMethodsChargeTheCallContextsBudget() throws Exception {
        ByteArrayMemory memory = new ByteArrayMemory(65_536 + 8 * MIB);
        for (int i = 0; i < 1000; i++) {
            memory.writeInt(1024 + 8 * i, 65_536);
            memory.writeInt(1024 + 8 * i + 4, 8 * MIB);
        }
        GuestLimits small = GuestLimits.defaults().withMaxLiftBytesPerCall(20L * MIB);
        CallContext cx = new CallContext(memory, null, StringEncoding.UTF8, new ResourceTable(), small);
        Method strings = canonMethod("liftListOfString");
        assertBudgetTrap(assertThrows(WitTrap.class, () -> invoke(strings, cx, 1024, 1000)), "20 MiB");
        assertEquals(1000 * 16L + 2L * 8 * MIB, cx.liftBudget().used(), "two strings fit, the third is not copied");

        // list<result>: 1 byte each in guest memory, 16 in the budget; list<u8>: a byte[], 1 byte each.
        GuestLimits tiny = GuestLimits.defaults().withMaxLiftBytesPerCall(160);
        CallContext results = new CallContext(memory, null, StringEncoding.UTF8, new ResourceTable(), tiny);
        Method liftResults = canonMethod("liftListOfResult");
        assertEquals(10, ((List<?>) invoke(liftResults, results, 65_536, 10)).size());
        assertBudgetTrap(assertThrows(WitTrap.class, () -> invoke(liftResults, results, 65_536, 1)), "160 bytes");
        CallContext bytes = new CallContext(memory, null, StringEncoding.UTF8, new ResourceTable(), tiny);
        Method liftBytes = canonMethod("liftListOfU8");
        assertEquals(160, ((byte[]) invoke(liftBytes, bytes, 65_536, 160)).length);
        assertEquals(160, bytes.liftBudget().used());
        assertBudgetTrap(assertThrows(WitTrap.class, () -> invoke(liftBytes, bytes, 65_536, 1)), "160 bytes");
    }

    /** The generated static lift method whose name starts with {@code prefix}, of (CallContext, int, int). */
    private static Method canonMethod(String prefix) {
        Class<?> canon = glue.load("test.budget.budget.BudgetCanon");
        List<String> names = new ArrayList<>();
        for (Method m : canon.getMethods()) {
            names.add(m.getName());
            if (m.getName().startsWith(prefix) && m.getParameterCount() == 3
                    && m.getParameterTypes()[0] == CallContext.class) {
                return m;
            }
        }
        throw new AssertionError("no method " + prefix + "* in " + names);
    }

    private static Object invoke(Method m, CallContext cx, int ptr, int length) throws Exception {
        try {
            return m.invoke(null, cx, ptr, length);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }
}
