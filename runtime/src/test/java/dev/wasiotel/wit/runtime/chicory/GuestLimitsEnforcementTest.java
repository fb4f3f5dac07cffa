package dev.wasiotel.wit.runtime.chicory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.wit.abi.CoreType;
import dev.wasiotel.wit.runtime.GuestInstance;
import dev.wasiotel.wit.runtime.GuestLimits;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import dev.wasiotel.wit.runtime.LinkException;
import dev.wasiotel.wit.runtime.WitTrap;
import dev.wasiotel.wit.runtime.engine.CallGuard;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The engine-level limits of {@link GuestLimits} on Chicory: memory, tables, deadline, one call at a time, realloc. */
class GuestLimitsEnforcementTest {
    /** Generous against a loaded machine; only a hang reaches it. */
    private static final Duration HANG = Duration.ofSeconds(60);

    /** Grows its memory 16 pages at a time until memory.grow refuses; returns the size then. */
    static final String GROW_ALL_MEMORY = "(module (memory 1)\n"
            + "  (func (export \"grow-all\") (result i32)\n"
            + "    (block $done (loop $more\n"
            + "      (br_if $done (i32.eq (memory.grow (i32.const 16)) (i32.const -1)))\n"
            + "      (br $more)))\n"
            + "    (memory.size))\n"
            + "  (func (export \"answer\") (result i32) (i32.const 42)))";

    /** Grows its table one element at a time until table.grow refuses; returns the size then. */
    private static final String GROW_ALL_TABLE = "(module (table 1 funcref)\n"
            + "  (func (export \"grow-all\") (result i32)\n"
            + "    (block $done (loop $more\n"
            + "      (br_if $done (i32.eq (table.grow (ref.null func) (i32.const 1)) (i32.const -1)))\n"
            + "      (br $more)))\n"
            + "    (table.size))\n"
            + "  (func (export \"size\") (result i32) (table.size)))";

    private static final String SPIN = "(module\n"
            + "  (func (export \"spin\") (loop $forever (br $forever)))\n"
            + "  (func (export \"answer\") (result i32) (i32.const 42)))";

    /** Calls the host in a loop that never ends. */
    private static final String NAP_LOOP = "(module (import \"host\" \"nap\" (func $nap))\n"
            + "  (func (export \"spin\") (loop $forever (call $nap) (br $forever))))";

    /** Counts its calls; each first calls the host's wait. */
    private static final String COUNTER = "(module (import \"host\" \"wait\" (func $wait))\n"
            + "  (memory (export \"memory\") 1)\n"
            + "  (global $count (mut i32) (i32.const 0))\n"
            + "  (func (export \"cabi_realloc\") (param i32 i32 i32 i32) (result i32) (i32.const 64))\n"
            + "  (func (export \"count\") (result i32)\n"
            + "    (call $wait)\n"
            + "    (global.set $count (i32.add (global.get $count) (i32.const 1)))\n"
            + "    (global.get $count)))";

    /**
     * Its cabi_realloc calls the host first when set-mode says so: 1 {@code ping}, 2 {@code get}
     * (whose result the host lowers through cabi_realloc: unchecked, an endless recursion).
     */
    private static final String REALLOC_CALLS_HOST = "(module\n"
            + "  (import \"host\" \"ping\" (func $ping))\n"
            + "  (import \"host\" \"get\" (func $get (param i32)))\n"
            + "  (memory (export \"memory\") 1)\n"
            + "  (global $mode (mut i32) (i32.const 0))\n"
            + "  (global $heap (mut i32) (i32.const 1024))\n"
            + "  (func (export \"cabi_realloc\") (param i32 i32 i32 i32) (result i32) (local $p i32)\n"
            + "    (if (i32.eq (global.get $mode) (i32.const 1)) (then (call $ping)))\n"
            + "    (if (i32.eq (global.get $mode) (i32.const 2)) (then (call $get (i32.const 16))))\n"
            + "    (local.set $p (global.get $heap))\n"
            + "    (global.set $heap (i32.add (global.get $heap) (local.get 3)))\n"
            + "    (local.get $p))\n"
            + "  (func (export \"set-mode\") (param i32) (global.set $mode (local.get 0)))\n"
            + "  (func (export \"fetch\") (result i32) (call $get (i32.const 8)) (i32.load (i32.const 12))))";

    private static ChicoryHost host(GuestLimits limits, ExecutionMode mode, HostFunctionDef... defs) {
        return ChicoryHost.builder().limits(limits).executionMode(mode).add(defs).build();
    }

    private static HostFunctionDef hostFunction(String name, List<CoreType> params, Runnable body) {
        return new HostFunctionDef("host", name, params, List.of(), (ctx, args) -> {
            body.run();
            return null;
        });
    }

    // ------------------------------------------------------------------ memory

    @Test
    void aModuleDeclaringFourGibibytesIsRefusedBeforeAnythingIsAllocated() {
        byte[] wasm = Wat.wasm("(module (memory 65536))");
        GuestLimits limits = GuestLimits.defaults().withMaxMemoryBytes(64L << 20);
        LinkException e = assertThrows(LinkException.class,
                () -> host(limits, ExecutionMode.INTERPRETER).instantiate(wasm));
        assertEquals(List.of("memory 0's minimum of 65536 pages (4 GiB): its limit is 1024 pages (64 MiB)"),
                e.problems());
        assertTrue(e.getMessage().startsWith("cannot instantiate the guest module: 1 declaration exceeds the host's"
                + " limits"), e.getMessage());

        // the defaults refuse it too (Chicory addresses at most 32767 pages, whatever the heap)
        LinkException byDefault = assertThrows(LinkException.class, () -> ChicoryHost.builder().build().instantiate(wasm));
        assertTrue(byDefault.problems().get(0).startsWith("memory 0's minimum of 65536 pages (4 GiB)"),
                byDefault.getMessage());
    }

    @Test
    void coreInstancesAreRefusedTheSameWay() {
        GuestLimits limits = GuestLimits.defaults().withMaxMemoryBytes(1L << 20).withMaxTableElements(10);
        LinkException e = assertThrows(LinkException.class, () -> CoreInstance.instantiate(
                ChicoryHost.parse(Wat.wasm("(module (memory 17) (table 11 funcref))")), (m, n) -> null,
                ExecutionMode.INTERPRETER, limits));
        assertEquals(List.of("memory 0's minimum of 17 pages (1088 KiB): its limit is 16 pages (1 MiB)",
                "table 0's minimum of 11 elements: its limit is 10 elements"), e.problems());
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void memoryGrowBeyondTheLimitReturnsMinusOne(ExecutionMode mode) {
        GuestInstance guest = host(GuestLimits.defaults().withMaxMemoryBytes(4L << 20), mode)
                .instantiate(Wat.wasm(GROW_ALL_MEMORY));
        // 1 page, +16 each time: 17, 33, 49; to 65 is beyond 64 pages (4 MiB)
        assertArrayEquals(new long[] {49}, guest.call("grow-all"));
        assertFalse(guest.isPoisoned());
        assertArrayEquals(new long[] {42}, guest.call("answer"));
    }

    @Test
    void aSmallerDeclaredMaximumStillHolds() {
        GuestInstance guest = host(GuestLimits.defaults().withMaxMemoryBytes(64L << 20), ExecutionMode.INTERPRETER)
                .instantiate(Wat.wasm(GROW_ALL_MEMORY.replace("(memory 1)", "(memory 1 20)")));
        assertArrayEquals(new long[] {17}, guest.call("grow-all"));
    }

    // ------------------------------------------------------------------ tables

    @Test
    void aTableDeclaringMoreThanTheLimitIsRefused() {
        LinkException e = assertThrows(LinkException.class, () -> ChicoryHost.builder().build()
                .instantiate(Wat.wasm("(module (table 2000000 funcref))")));
        assertEquals(List.of("table 0's minimum of 2000000 elements: its limit is 1000000 elements"), e.problems());
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void tableGrowBeyondTheLimitReturnsMinusOneAndEachInstanceStartsAfresh(ExecutionMode mode) {
        ChicoryHost host = host(GuestLimits.defaults().withMaxTableElements(100), mode);
        ChicoryModule module = ChicoryHost.parse(Wat.wasm(GROW_ALL_TABLE));
        assertArrayEquals(new long[] {100}, host.instantiate(module).call("grow-all"));
        // Chicory counts a table's growth in the table type: each instance has its own copy
        assertArrayEquals(new long[] {1}, host.instantiate(module).call("size"));
    }

    // ------------------------------------------------------------------ deadline

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void aGuestThatNeverReturnsIsStoppedAtItsDeadline(ExecutionMode mode) {
        ChicoryHost host = host(GuestLimits.defaults().withCallTimeout(Duration.ofMillis(200)), mode);
        GuestInstance spinning = host.instantiate(Wat.wasm(SPIN));
        WitTrap trap = assertTimeoutPreemptively(HANG, () -> {
            WitTrap t = assertThrows(WitTrap.class, () -> spinning.call("spin"));
            assertFalse(Thread.currentThread().isInterrupted(), "the deadline's interrupt does not outlive the call");
            return t;
        });
        assertEquals(WitTrap.Reason.DEADLINE, trap.reason());
        assertEquals("deadline: \"spin\" exceeded its deadline of 200ms", trap.getMessage());
        assertTrue(spinning.isPoisoned());
        // the host and its other instances go on
        GuestInstance other = host.instantiate(Wat.wasm(SPIN));
        for (int i = 0; i < 100; i++) {
            assertArrayEquals(new long[] {42}, other.call("answer"));
            assertFalse(Thread.currentThread().isInterrupted());
        }
    }

    @Test
    void aHostFunctionThatSwallowsTheInterruptDoesNotSaveTheGuest() {
        HostFunctionDef nap = hostFunction("nap", List.of(), () -> {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                // swallowed on purpose, as careless host code does
            }
        });
        GuestInstance guest = host(GuestLimits.defaults().withCallTimeout(Duration.ofMillis(100)),
                ExecutionMode.INTERPRETER, nap).instantiate(Wat.wasm(NAP_LOOP));
        WitTrap trap = assertTimeoutPreemptively(HANG, () -> assertThrows(WitTrap.class, () -> guest.call("spin")));
        assertEquals(WitTrap.Reason.DEADLINE, trap.reason());
        assertFalse(Thread.currentThread().isInterrupted());
    }

    @Test
    void aCallThatEndsJustAsItsDeadlinePassesKeepsItsResult() {
        CallGuard guard = new CallGuard(GuestLimits.defaults().withCallTimeout(Duration.ofMillis(20)), "test instance");
        // the body sees the deadline's interrupt, yet finishes normally: no trap, no leftover interrupt
        int result = assertTimeoutPreemptively(HANG, () -> guard.call("finish", () -> {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.onSpinWait();
            }
            return 42;
        }));
        assertEquals(42, result);
        assertFalse(Thread.currentThread().isInterrupted());
        assertFalse(guard.isPoisoned());
    }

    @Test
    void anInterruptTheThreadHadBeforeTheCallIsKept() {
        CallGuard guard = new CallGuard(GuestLimits.defaults().withCallTimeout(Duration.ofSeconds(30)), "test instance");
        Thread.currentThread().interrupt();
        try {
            assertEquals(1, guard.call("quick", () -> 1));
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    // ------------------------------------------------------------------ one call at a time

    @Test
    void aSecondThreadIsRefusedWhileACallRunsAndTheGuestIsUntouched() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        HostFunctionDef wait = hostFunction("wait", List.of(), () -> {
            entered.countDown();
            try {
                release.await(HANG.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        GuestInstance guest = host(GuestLimits.defaults(), ExecutionMode.INTERPRETER, wait)
                .instantiate(Wat.wasm(COUNTER));
        ExecutorService other = Executors.newSingleThreadExecutor(r -> new Thread(r, "first-caller"));
        try {
            Future<long[]> first = other.submit(() -> guest.call("count"));
            assertTrue(entered.await(HANG.toSeconds(), TimeUnit.SECONDS));

            IllegalStateException busy = assertThrows(IllegalStateException.class, () -> guest.call("count"));
            assertTrue(busy.getMessage().contains("busy with a call on thread \"first-caller\""), busy.getMessage());
            assertThrows(IllegalStateException.class, () -> guest.context().realloc().realloc(0, 0, 1, 8));
            assertFalse(guest.isPoisoned());

            release.countDown();
            assertArrayEquals(new long[] {1}, first.get(HANG.toSeconds(), TimeUnit.SECONDS));
            assertArrayEquals(new long[] {2}, guest.call("count"), "the refused calls did not count");
        } finally {
            release.countDown();
            other.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ cabi_realloc

    private static HostFunctionDef[] reallocHost() {
        HostFunctionDef ping = hostFunction("ping", List.of(), () -> { });
        byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
        HostFunctionDef get = new HostFunctionDef("host", "get", List.of(CoreType.I32), List.of(), (ctx, args) -> {
            int ret = (int) args[0];
            int ptr = ctx.realloc().realloc(0, 0, 1, hello.length);
            ctx.memory().writeBytes(ptr, hello, 0, hello.length);
            ctx.memory().writeInt(ret, ptr);
            ctx.memory().writeInt(ret + 4, hello.length);
            return null;
        });
        return new HostFunctionDef[] {ping, get};
    }

    @Test
    void aHostCallFromInsideCabiReallocTraps() {
        ChicoryHost host = host(GuestLimits.defaults(), ExecutionMode.INTERPRETER, reallocHost());
        ChicoryModule module = ChicoryHost.parse(Wat.wasm(REALLOC_CALLS_HOST));
        assertArrayEquals(new long[] {5}, host.instantiate(module).call("fetch"));

        // the host lowers get's result through cabi_realloc, which calls get again: without the
        // check, an endless recursion into a StackOverflowError
        GuestInstance recursing = host.instantiate(module);
        recursing.call("set-mode", 2);
        WitTrap trap = assertThrows(WitTrap.class, () -> recursing.call("fetch"));
        assertEquals(WitTrap.Reason.REENTRANCE, trap.reason());
        assertTrue(trap.getMessage().contains("called host#get from inside cabi_realloc"), trap.getMessage());
        assertTrue(recursing.isPoisoned());

        // also when the host allocates outside a call (lowering arguments)
        GuestInstance pinging = host.instantiate(module);
        pinging.call("set-mode", 1);
        WitTrap fromHost = assertThrows(WitTrap.class, () -> pinging.context().realloc().realloc(0, 0, 1, 8));
        assertEquals(WitTrap.Reason.REENTRANCE, fromHost.reason());
        assertTrue(fromHost.getMessage().contains("called host#ping from inside cabi_realloc"), fromHost.getMessage());

        assertArrayEquals(new long[] {5}, host.instantiate(module).call("fetch"), "the host goes on");
    }

    @Test
    void aHostCallFromInsideAPostReturnFunctionTraps() {
        int[] pings = new int[1];
        ChicoryHost host = host(GuestLimits.defaults(), ExecutionMode.INTERPRETER,
                hostFunction("ping", List.of(), () -> pings[0]++));
        ChicoryModule module = ChicoryHost.parse(Wat.wasm("(module\n"
                + "  (import \"host\" \"ping\" (func $ping))\n"
                + "  (memory (export \"memory\") 1)\n"
                + "  (func (export \"get\") (result i32) (call $ping) (i32.const 7))\n"
                + "  (func (export \"cabi_post_get\") (param i32) (call $ping)))"));
        GuestInstance guest = host.instantiate(module);

        long[] results = guest.call("get");
        assertArrayEquals(new long[] {7}, results);
        assertEquals(1, pings[0], "the export itself may call its host");
        WitTrap trap = assertThrows(WitTrap.class, () -> guest.callPostReturn("get", results));

        assertEquals(WitTrap.Reason.REENTRANCE, trap.reason());
        assertTrue(trap.getMessage().contains("called host#ping from inside post-return cabi_post_get"),
                trap.getMessage());
        assertEquals(1, pings[0], "the host function did not run");
        assertTrue(guest.isPoisoned());
    }

    @Test
    void theContextKnowsItsLimits() {
        GuestLimits limits = GuestLimits.defaults().withMaxLiftBytesPerCall(1234);
        assertEquals(limits, host(limits, ExecutionMode.INTERPRETER).instantiate(Wat.wasm(SPIN)).context().limits());
    }
}
