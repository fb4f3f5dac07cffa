package dev.wasiotel.engine.graalwasm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wabt.Wat2Wasm;
import dev.wasiotel.wit.abi.CoreType;
import dev.wasiotel.wit.runtime.ByteArrayMemory;
import dev.wasiotel.wit.runtime.GuestContext;
import dev.wasiotel.wit.runtime.GuestLimits;
import dev.wasiotel.wit.runtime.GuestMemory;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import dev.wasiotel.wit.runtime.LinkException;
import dev.wasiotel.wit.runtime.Realloc;
import dev.wasiotel.wit.runtime.WitTrap;
import dev.wasiotel.wit.runtime.engine.CallGuard;
import dev.wasiotel.wit.runtime.engine.CoreExternKind;
import dev.wasiotel.wit.runtime.engine.CoreFunc;
import dev.wasiotel.wit.runtime.engine.CoreMemory;
import dev.wasiotel.wit.runtime.engine.EngineInstance;
import dev.wasiotel.wit.runtime.engine.WasmEngines;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine contract on GraalWasm: linking, host functions, memory, traps, limits and deadlines. */
class GraalWasmEngineTest {
    private static final String PROVIDER = """
            (module
              (memory (export "mem") 1 4)
              (table (export "tab") 1 funcref)
              (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
              (func (export "boom") unreachable)
              (func (export "spin") (loop $l (br $l))))
            """;
    private static final String CONSUMER = """
            (module
              (import "host" "twice" (func $twice (param i32) (result i32)))
              (import "p" "mem" (memory 1))
              (import "p" "tab" (table 1 funcref))
              (func (export "run") (param i32) (result i32)
                (i32.store (i32.const 8) (call $twice (local.get 0)))
                (i32.load (i32.const 8)))
              (func (export "wide") (param i64 f32 f64) (result i64)
                (i64.add (local.get 0) (i64.const 1))))
            """;

    private final GraalWasmEngine engine = new GraalWasmEngine();

    @AfterEach
    void close() {
        engine.close();
    }

    private static GuestContext context() {
        return new GuestContext() {
            @Override
            public GuestMemory memory() {
                return new ByteArrayMemory(new byte[16]);
            }

            @Override
            public Realloc realloc() {
                return (a, b, c, d) -> {
                    throw new WitTrap(WitTrap.Reason.REALLOC, "none");
                };
            }

            @Override
            public <T> T attachment(Class<T> key) {
                return null;
            }

            @Override
            public <T> void putAttachment(Class<T> key, T value) {
                throw new UnsupportedOperationException("no state");
            }
        };
    }

    private EngineInstance provider(GuestLimits limits) {
        return engine.instantiate(engine.parse(Wat2Wasm.parse(PROVIDER)), (m, n) -> null, limits);
    }

    @Test
    void isFoundByName() {
        assertTrue(WasmEngines.available().contains("graalwasm"), WasmEngines.available()::toString);
        try (GraalWasmEngine found = (GraalWasmEngine) WasmEngines.named("graalwasm")) {
            assertEquals("graalwasm", found.name());
        }
    }

    @Test
    void linksHostFunctionsAndAnotherInstancesMemoryAndTable() {
        EngineInstance provider = provider(GuestLimits.defaults());
        CoreFunc twice = CoreFunc.host(new HostFunctionDef("host", "twice", List.of(CoreType.I32), List.of(CoreType.I32),
                (ctx, a) -> new long[] {2 * a[0]}), context());
        EngineInstance consumer = engine.instantiate(engine.parse(Wat2Wasm.parse(CONSUMER)), (m, n) ->
                m.equals("host") ? twice : provider.export(n).orElse(null), GuestLimits.defaults());
        CoreFunc run = (CoreFunc) consumer.export("run").orElseThrow();
        assertArrayEquals(new long[] {-42}, run.call(-21));
        CoreMemory memory = (CoreMemory) provider.export("mem").orElseThrow();
        assertEquals(-42, memory.guestMemory().readInt(8), "the consumer wrote into the provider's memory");
        assertEquals(65536, memory.guestMemory().size());
        assertEquals(CoreExternKind.TABLE, provider.exportKind("tab").orElseThrow());
        CoreFunc wide = (CoreFunc) consumer.export("wide").orElseThrow();
        assertEquals(List.of(CoreType.I64, CoreType.F32, CoreType.F64), wide.params());
        assertArrayEquals(new long[] {Long.MIN_VALUE}, wide.call(Long.MAX_VALUE, Float.floatToRawIntBits(1.5f),
                Double.doubleToRawLongBits(2.5)));
    }

    @Test
    void aMissingOrMistypedImportIsALinkException() {
        EngineInstance provider = provider(GuestLimits.defaults());
        CoreFunc wrong = CoreFunc.host(new HostFunctionDef("host", "twice", List.of(CoreType.I64), List.of(),
                (ctx, a) -> null), context());
        LinkException e = assertThrows(LinkException.class, () -> engine.instantiate(
                engine.parse(Wat2Wasm.parse(CONSUMER)), (m, n) -> m.equals("host") ? wrong
                        : n.equals("tab") ? null : provider.export(n).orElse(null), GuestLimits.defaults()));
        assertEquals(2, e.problems().size(), e.problems()::toString);
        assertTrue(e.problems().get(0).startsWith("function host#twice is imported as (param i32) (result i32)"),
                e.problems()::toString);
        assertEquals("missing table p#tab", e.problems().get(1));
    }

    @Test
    void guestTrapsAndHostTrapsBecomeWitTraps() {
        EngineInstance provider = provider(GuestLimits.defaults());
        WitTrap trap = assertThrows(WitTrap.class, () -> ((CoreFunc) provider.export("boom").orElseThrow()).call());
        assertEquals(WitTrap.Reason.GUEST_TRAP, trap.reason());

        WitTrap own = new WitTrap(WitTrap.Reason.INVALID_HANDLE, "bad handle from the guest");
        CoreFunc failing = CoreFunc.host(new HostFunctionDef("host", "twice", List.of(CoreType.I32),
                List.of(CoreType.I32), (ctx, a) -> {
                    throw own;
                }), context());
        EngineInstance consumer = engine.instantiate(engine.parse(Wat2Wasm.parse(CONSUMER)), (m, n) ->
                m.equals("host") ? failing : provider.export(n).orElse(null), GuestLimits.defaults());
        assertSame(own, assertThrows(WitTrap.class, () -> ((CoreFunc) consumer.export("run").orElseThrow()).call(1)));
    }

    @Test
    void memoryLimitsHoldAtInstantiationAndOnGrowth() {
        GuestLimits twoPages = GuestLimits.defaults().withMaxMemoryBytes(2 * GuestLimits.PAGE_SIZE);
        CoreFunc grow = (CoreFunc) provider(twoPages).export("grow").orElseThrow();
        assertArrayEquals(new long[] {1}, grow.call(1));
        assertArrayEquals(new long[] {-1}, grow.call(1), "past the host's limit, below the module's own maximum");

        LinkException e = assertThrows(LinkException.class, () -> engine.instantiate(
                engine.parse(Wat2Wasm.parse("(module (memory 3))")), (m, n) -> null, twoPages));
        assertTrue(e.problems().get(0).startsWith("memory 0's minimum of 3 pages"), e.problems()::toString);
    }

    @Test
    void anInvalidModuleIsRefusedWhenParsed() {
        assertThrows(IllegalArgumentException.class, () -> engine.parse(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0, 1}));
        assertThrows(IllegalArgumentException.class, () -> engine.parse(new byte[] {1, 2, 3}));
        // well-formed sections, invalid code: GraalWasm's validation
        assertThrows(IllegalArgumentException.class, () -> engine.parse(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0,
                1, 4, 1, 0x60, 0, 0, 3, 2, 1, 0, 10, 4, 1, 2, 0, 0x6a}));
    }

    @Test
    void aSpinningCallIsStoppedAtItsDeadline() {
        CoreFunc spin = (CoreFunc) provider(GuestLimits.defaults()).export("spin").orElseThrow();
        CallGuard guard = new CallGuard(GuestLimits.defaults().withCallTimeout(Duration.ofMillis(200)), "test instance",
                engine::interrupt);
        WitTrap trap = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> assertThrows(WitTrap.class, () -> guard.call("spin", spin::call)));
        assertEquals(WitTrap.Reason.DEADLINE, trap.reason());
        assertEquals("deadline: \"spin\" exceeded its deadline of 200ms", trap.getMessage());
    }
}
