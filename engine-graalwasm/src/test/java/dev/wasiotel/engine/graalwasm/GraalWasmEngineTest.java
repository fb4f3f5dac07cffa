package dev.wasiotel.engine.graalwasm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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

    /** A module whose {@code wait} calls the host, then counts {@code n} down in a loop (back edges). */
    private static final String WAITER = """
            (module
              (import "host" "block" (func $block))
              (memory (export "mem") 1)
              (func (export "wait") (param $n i32) (result i32) (local $i i32)
                (call $block)
                (local.set $i (local.get $n))
                (loop $l
                  (i32.store (i32.const 0) (i32.add (i32.load (i32.const 0)) (i32.const 1)))
                  (local.set $i (i32.sub (local.get $i) (i32.const 1)))
                  (br_if $l (local.get $i)))
                (i32.load (i32.const 0))))
            """;

    private EngineInstance waiter(Runnable block) {
        CoreFunc hostBlock = CoreFunc.host(new HostFunctionDef("host", "block", List.of(), List.of(), (ctx, a) -> {
            block.run();
            return new long[0];
        }), context());
        return engine.instantiate(engine.parse(Wat2Wasm.parse(WAITER)), (m, n) -> hostBlock, GuestLimits.defaults());
    }

    @Test
    void aDeadlineInterruptsOnlyTheLateInstance() throws Exception {
        CountDownLatch bInside = new CountDownLatch(1);
        CountDownLatch aTrapped = new CountDownLatch(1);
        EngineInstance b = waiter(() -> {
            bInside.countDown();
            try {
                aTrapped.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        CoreFunc spin = (CoreFunc) provider(GuestLimits.defaults()).export("spin").orElseThrow();
        CoreFunc wait = (CoreFunc) b.export("wait").orElseThrow();
        CallGuard bGuard = new CallGuard(GuestLimits.defaults(), "b", engine::interrupt);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            // b is inside guest code (in a host call, with a loop to go) while a's deadline interrupts a
            Future<long[]> bResult = pool.submit(() -> bGuard.call("wait", () -> wait.call(100_000)));
            assertTrue(bInside.await(60, TimeUnit.SECONDS));
            CallGuard aGuard = new CallGuard(GuestLimits.defaults().withCallTimeout(Duration.ofMillis(200)), "a",
                    engine::interrupt);
            WitTrap trap = assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> assertThrows(WitTrap.class, () -> aGuard.call("spin", spin::call)));
            assertEquals(WitTrap.Reason.DEADLINE, trap.reason());
            aTrapped.countDown();
            assertArrayEquals(new long[] {100_000}, bResult.get(60, TimeUnit.SECONDS), "b ran to its end");
            assertFalse(bGuard.isPoisoned());
        } finally {
            aTrapped.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void threadsCallTheirOwnInstancesAtOnce() throws Exception {
        int threads = 4;
        int calls = 50;
        List<EngineInstance> instances = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            instances.add(waiter(() -> { }));
        }
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<long[]>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                CoreFunc wait = (CoreFunc) instances.get(i).export("wait").orElseThrow();
                int n = 1000 * (i + 1);
                results.add(pool.submit(() -> {
                    start.await(60, TimeUnit.SECONDS);
                    long[] last = null;
                    for (int c = 0; c < calls; c++) {
                        last = wait.call(n);
                    }
                    return last;
                }));
            }
            for (int i = 0; i < threads; i++) {
                // each instance counted in its own memory: calls x n
                assertArrayEquals(new long[] {(long) calls * 1000 * (i + 1)}, results.get(i).get(120, TimeUnit.SECONDS),
                        "instance " + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closingTheLastInstanceOfAContextClosesIt() {
        EngineInstance provider = provider(GuestLimits.defaults());
        CoreFunc twice = CoreFunc.host(new HostFunctionDef("host", "twice", List.of(CoreType.I32), List.of(CoreType.I32),
                (ctx, a) -> new long[] {2 * a[0]}), context());
        EngineInstance consumer = engine.instantiate(engine.parse(Wat2Wasm.parse(CONSUMER)), (m, n) ->
                m.equals("host") ? twice : provider.export(n).orElse(null), GuestLimits.defaults());
        GraalContext shared = ((GraalInstance) provider).context();
        assertSame(shared, ((GraalInstance) consumer).context(), "the consumer imports the provider's memory");
        EngineInstance other = provider(GuestLimits.defaults());
        assertNotSame(shared, ((GraalInstance) other).context(), "an unlinked instance has a context of its own");

        CoreFunc grow = (CoreFunc) provider.export("grow").orElseThrow();
        consumer.close();
        consumer.close(); // once only
        assertFalse(shared.isClosed(), "the provider still lives in it");
        assertArrayEquals(new long[] {1}, grow.call(0));
        provider.close();
        assertTrue(shared.isClosed());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> grow.call(0));
        assertTrue(e.getMessage().contains("closed"), e::getMessage);
        LinkException link = assertThrows(LinkException.class, () -> engine.instantiate(
                engine.parse(Wat2Wasm.parse(CONSUMER)), (m, n) -> m.equals("host") ? twice
                        : provider.export(n).orElse(null), GuestLimits.defaults()));
        assertEquals(List.of("an instance this module imports from is closed"), link.problems());

        assertArrayEquals(new long[] {1}, ((CoreFunc) other.export("grow").orElseThrow()).call(0), "other is untouched");
        other.close();
        assertTrue(((GraalInstance) other).context().isClosed());
    }

    @Test
    void anInstanceThatFailsToStartLeavesNoContextOpen() {
        int before = engine.openContexts();
        WitTrap trap = assertThrows(WitTrap.class, () -> engine.instantiate(
                engine.parse(Wat2Wasm.parse("(module (func $s unreachable) (start $s))")), (m, n) -> null,
                GuestLimits.defaults()));
        assertEquals(WitTrap.Reason.GUEST_TRAP, trap.reason());
        assertEquals(before, engine.openContexts(), "its context was closed");
        provider(GuestLimits.defaults()).close();
        assertEquals(before, engine.openContexts(), "closing the instance closed its context");
    }
}
