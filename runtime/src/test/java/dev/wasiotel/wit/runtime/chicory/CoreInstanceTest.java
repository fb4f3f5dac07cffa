package dev.wasiotel.wit.runtime.chicory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.wit.abi.CoreType;
import dev.wasiotel.wit.runtime.ByteArrayMemory;
import dev.wasiotel.wit.runtime.GuestContext;
import dev.wasiotel.wit.runtime.GuestMemory;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import dev.wasiotel.wit.runtime.LinkException;
import dev.wasiotel.wit.runtime.Realloc;
import dev.wasiotel.wit.runtime.WitTrap;
import dev.wasiotel.wit.runtime.engine.CoreExportDesc;
import dev.wasiotel.wit.runtime.engine.CoreExternKind;
import dev.wasiotel.wit.runtime.engine.CoreFunc;
import dev.wasiotel.wit.runtime.engine.CoreImportDesc;
import dev.wasiotel.wit.runtime.engine.CoreMemory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CoreInstanceTest {
    /** Exports a memory, a funcref table, a global and a function. */
    private static final String PROVIDER = "(module"
            + " (memory (export \"mem\") 1)"
            + " (table (export \"tab\") 2 funcref)"
            + " (global (export \"g\") (mut i32) (i32.const 40))"
            + " (func (export \"add\") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))";

    /**
     * Imports all of them and a host function; its elem segment puts the imported function in the
     * imported table, as a component's fixup module does; {@code run} calls through the table.
     */
    private static final String CONSUMER = "(module"
            + " (type $binop (func (param i32 i32) (result i32)))"
            + " (import \"p\" \"mem\" (memory 1))"
            + " (import \"p\" \"tab\" (table 2 funcref))"
            + " (import \"p\" \"g\" (global $g (mut i32)))"
            + " (import \"p\" \"add\" (func $add (type $binop)))"
            + " (import \"host\" \"twice\" (func $twice (param i32) (result i32)))"
            + " (elem (i32.const 1) $add)"
            + " (func (export \"run\") (param i32) (result i32)"
            + "   (i32.store (i32.const 8) (i32.const 7))"
            + "   (call $twice (call_indirect (type $binop) (local.get 0) (global.get $g) (i32.const 1)))))";

    private static ChicoryModule parse(String wat) {
        return ChicoryHost.parse(Wat.wasm(wat));
    }

    /** A context over {@code memory} for host functions, without allocator or state. */
    private static GuestContext context(GuestMemory memory) {
        return new GuestContext() {
            private final Map<Class<?>, Object> attachments = new HashMap<>();

            @Override
            public GuestMemory memory() {
                return memory;
            }

            @Override
            public Realloc realloc() {
                return (a, b, c, d) -> {
                    throw new WitTrap(WitTrap.Reason.REALLOC, "none");
                };
            }

            @Override
            public <T> T attachment(Class<T> key) {
                return key.cast(attachments.get(key));
            }

            @Override
            public <T> void putAttachment(Class<T> key, T value) {
                attachments.put(key, value);
            }
        };
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void instancesShareMemoriesTablesGlobalsAndFunctions(ExecutionMode mode) {
        CoreInstance provider = CoreInstance.instantiate(parse(PROVIDER), (m, n) -> null, mode);
        CoreMemory memory = (CoreMemory) provider.export("mem").orElseThrow();
        int[] seen = new int[1];
        CoreFunc twice = CoreFunc.host(new HostFunctionDef("host", "twice", List.of(CoreType.I32), List.of(CoreType.I32),
                (ctx, a) -> {
                    seen[0] = ctx.memory().readInt(8);
                    return new long[] {2 * a[0]};
                }), context(memory.guestMemory()));
        CoreInstance consumer = CoreInstance.instantiate(parse(CONSUMER),
                (m, n) -> m.equals("p") ? provider.export(n).orElse(null) : m.equals("host") && n.equals("twice") ? twice : null,
                mode);

        CoreFunc run = (CoreFunc) consumer.export("run").orElseThrow();
        assertArrayEquals(new long[] {2 * (2 + 40)}, run.call(2));
        assertEquals(7, seen[0], "the host function saw the store through the shared memory");
        assertEquals(7, memory.guestMemory().readInt(8));
        assertEquals(List.of(CoreType.I32), run.params());
        assertEquals(CoreExternKind.TABLE, provider.exportKind("tab").orElseThrow());
    }

    @Test
    void everyImportProblemIsReportedTogether() {
        CoreFunc wrongType = CoreFunc.host(new HostFunctionDef("host", "twice", List.of(CoreType.I64), List.of(),
                (ctx, a) -> null), context(new ByteArrayMemory(0)));
        CoreInstance provider = CoreInstance.instantiate(parse(PROVIDER), (m, n) -> null, ExecutionMode.INTERPRETER);
        LinkException e = assertThrows(LinkException.class, () -> CoreInstance.instantiate(parse(CONSUMER), (m, n) -> {
            if (m.equals("host")) {
                return wrongType;
            }
            if (n.equals("mem")) {
                return provider.export("add").orElseThrow();
            }
            return n.equals("tab") ? null : provider.export(n).orElse(null);
        }, ExecutionMode.INTERPRETER));
        assertEquals(List.of(
                "p#mem is imported as a memory but a func was provided",
                "missing table p#tab",
                "function host#twice is imported as (param i32) (result i32) but host#twice (param i64) (result) was provided"),
                e.problems());
    }

    @Test
    void aHugeInitialMemoryIsRefused() {
        LinkException e = assertThrows(LinkException.class, () -> CoreInstance.instantiate(
                parse("(module (memory 65536))"), (m, n) -> null, ExecutionMode.INTERPRETER));
        assertTrue(e.getMessage().contains("minimum of 65536 pages (4 GiB)"), e.getMessage());
    }

    @Test
    void aTrapInGuestCodeIsAWitTrap() {
        CoreInstance i = CoreInstance.instantiate(parse("(module (func (export \"f\") unreachable))"), (m, n) -> null,
                ExecutionMode.INTERPRETER);
        WitTrap trap = assertThrows(WitTrap.class, () -> ((CoreFunc) i.export("f").orElseThrow()).call());
        assertEquals(WitTrap.Reason.GUEST_TRAP, trap.reason());
    }

    @Test
    void aStartFunctionRunsAtInstantiation() {
        CoreInstance i = CoreInstance.instantiate(parse("(module (global (export \"g\") (mut i32) (i32.const 0))"
                + " (func $s (global.set 0 (i32.const 5))) (start $s)"
                + " (func (export \"get\") (result i32) (global.get 0)))"), (m, n) -> null, ExecutionMode.INTERPRETER);
        assertArrayEquals(new long[] {5}, ((CoreFunc) i.export("get").orElseThrow()).call());
    }

    @Test
    void moduleImportsAndExportsAreListed() {
        ChicoryModule m = parse(CONSUMER);
        assertEquals(new CoreImportDesc("p", "tab", CoreExternKind.TABLE), m.imports().get(1));
        assertEquals(List.of(new CoreExportDesc("run", CoreExternKind.FUNC)), m.exports());
    }
}
