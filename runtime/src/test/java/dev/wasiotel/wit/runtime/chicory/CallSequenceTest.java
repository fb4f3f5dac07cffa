package dev.wasiotel.wit.runtime.chicory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.wit.runtime.GuestInstance;
import dev.wasiotel.wit.runtime.GuestLimits;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import dev.wasiotel.wit.runtime.WitTrap;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * {@link GuestInstance#beginCall}: a call sequence holds the instance for its thread across the
 * steps of a call (allocation, call, post-return), refuses other threads between them, keeps the
 * no-reentrance rule for host functions, nests, and has one deadline for all its steps.
 */
class CallSequenceTest {
    private static final long HANG_SECONDS = 60;

    /** Counts its calls; {@code hook-then-count} calls the host first. */
    private static final String COUNTER = "(module (import \"host\" \"hook\" (func $hook))\n"
            + "  (memory (export \"memory\") 1)\n"
            + "  (global $count (mut i32) (i32.const 0))\n"
            + "  (func (export \"cabi_realloc\") (param i32 i32 i32 i32) (result i32) (i32.const 64))\n"
            + "  (func $count (export \"count\") (result i32)\n"
            + "    (global.set $count (i32.add (global.get $count) (i32.const 1)))\n"
            + "    (global.get $count))\n"
            + "  (func (export \"cabi_post_count\") (param i32))\n"
            + "  (func (export \"hook-then-count\") (result i32) (call $hook) (call $count)))";

    private final ExecutorService other = Executors.newSingleThreadExecutor(r -> new Thread(r, "other-thread"));

    @AfterEach
    void stop() {
        other.shutdownNow();
    }

    private static GuestInstance counter(GuestLimits limits, Consumer<GuestInstance> hook) {
        HostFunctionDef def = new HostFunctionDef("host", "hook", List.of(), List.of(), (ctx, args) -> {
            hook.accept(ctx.attachment(GuestInstance.class));
            return null;
        });
        return ChicoryHost.builder().limits(limits).add(def).build().instantiate(Wat.wasm(COUNTER));
    }

    /** Runs {@code step} on the other thread and returns what it threw. */
    private <T extends Throwable> T onOtherThread(Class<T> expected, Executable step) throws Exception {
        Future<T> f = other.submit(() -> assertThrows(expected, step));
        return f.get(HANG_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void noOtherThreadGetsInBetweenTheStepsOfASequence() throws Exception {
        GuestInstance guest = counter(GuestLimits.defaults(), g -> { });
        try (GuestInstance.Call call = guest.beginCall("count")) {
            assertEquals(64, guest.context().realloc().realloc(0, 0, 1, 8), "the sequence's own allocation");
            long[] results = guest.call("count");
            assertArrayEquals(new long[] {1}, results);

            IllegalStateException busy = onOtherThread(IllegalStateException.class, () -> guest.call("count"));
            assertEquals("cannot call \"count\": the guest instance is busy with a call on thread \""
                    + Thread.currentThread().getName() + "\"", busy.getMessage());
            onOtherThread(IllegalStateException.class, () -> guest.beginCall("count"));
            onOtherThread(IllegalStateException.class, () -> guest.context().realloc().realloc(0, 0, 1, 8));
            onOtherThread(IllegalStateException.class, () -> guest.callPostReturn("count", results));
            assertFalse(guest.isPoisoned(), "refused calls do not poison the instance");

            guest.callPostReturn("count", results);
            assertArrayEquals(new long[] {2}, guest.call("count"), "the refused calls did not reach the guest");
        }
        Future<long[]> after = other.submit(() -> guest.call("count"));
        assertArrayEquals(new long[] {3}, after.get(HANG_SECONDS, TimeUnit.SECONDS), "closed: other threads get in");
    }

    @Test
    void aHostFunctionStillCannotCallOrBeginACallOfItsInstance() {
        List<String> refusals = new CopyOnWriteArrayList<>();
        GuestInstance guest = counter(GuestLimits.defaults(), g -> {
            refusals.add(assertThrows(IllegalStateException.class, () -> g.call("count")).getMessage());
            refusals.add(assertThrows(IllegalStateException.class, () -> g.beginCall("count")).getMessage());
        });
        try (GuestInstance.Call call = guest.beginCall("hook-then-count")) {
            assertArrayEquals(new long[] {1}, guest.call("hook-then-count"));
        }
        assertEquals(2, refusals.size());
        for (String message : refusals) {
            assertEquals("cannot call \"count\" while \"hook-then-count\" is running: a guest instance is not"
                    + " reentrant", message);
        }
        assertFalse(guest.isPoisoned());
        assertArrayEquals(new long[] {2}, guest.call("count"));
    }

    @Test
    void aSequenceInsideASequenceJoinsItAndOnlyTheOuterOneReleases() throws Exception {
        GuestInstance guest = counter(GuestLimits.defaults(), g -> { });
        GuestInstance.Call outer = guest.beginCall("outer");
        try (GuestInstance.Call inner = guest.beginCall("inner")) {
            assertArrayEquals(new long[] {1}, guest.call("count"));
        }
        onOtherThread(IllegalStateException.class, () -> guest.call("count"));
        assertEquals("a call sequence must be closed on the thread that began it, \""
                + Thread.currentThread().getName() + "\"",
                onOtherThread(IllegalStateException.class, outer::close).getMessage());
        outer.close();
        outer.close(); // again: nothing
        Future<long[]> after = other.submit(() -> guest.call("count"));
        assertArrayEquals(new long[] {2}, after.get(HANG_SECONDS, TimeUnit.SECONDS));
    }

    /**
     * The deadline runs from {@code beginCall} for the whole sequence, not again for each step: a
     * step after it has passed traps (here at the guest's host call, which checks the deadline).
     * The same steps without a sequence, each a call of its own, run.
     */
    @Test
    void theDeadlineCoversTheWholeSequenceOnce() {
        Duration timeout = Duration.ofMillis(300);
        GuestLimits limits = GuestLimits.defaults().withCallTimeout(timeout);

        GuestInstance unsequenced = counter(limits, g -> { });
        assertArrayEquals(new long[] {1}, unsequenced.call("count"));
        waitLongerThan(timeout);
        assertArrayEquals(new long[] {2}, unsequenced.call("hook-then-count"), "each call has a deadline of its own");

        GuestInstance guest = counter(limits, g -> { });
        WitTrap trap;
        try (GuestInstance.Call call = guest.beginCall("both")) {
            assertArrayEquals(new long[] {1}, guest.call("count"));
            waitLongerThan(timeout);
            trap = assertThrows(WitTrap.class, () -> guest.call("hook-then-count"));
        }
        assertEquals(WitTrap.Reason.DEADLINE, trap.reason(), trap.getMessage());
        assertTrue(trap.getMessage().contains("\"both\" exceeded its deadline of 300ms"), trap.getMessage());
        assertFalse(Thread.currentThread().isInterrupted(), "the deadline's interrupt does not outlive the sequence");
        assertTrue(guest.isPoisoned());
        assertEquals(WitTrap.Reason.GUEST_TRAP, assertThrows(WitTrap.class, () -> guest.beginCall("again")).reason());
    }

    /** Waits twice {@code timeout}, through the interrupts a running deadline sends. */
    private static void waitLongerThan(Duration timeout) {
        long end = System.nanoTime() + 2 * timeout.toNanos();
        for (long left = end - System.nanoTime(); left > 0; left = end - System.nanoTime()) {
            try {
                TimeUnit.NANOSECONDS.sleep(left);
            } catch (InterruptedException e) {
                // the deadline's interrupt: go on waiting
            }
        }
    }
}
