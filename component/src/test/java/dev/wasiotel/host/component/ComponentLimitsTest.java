package dev.wasiotel.host.component;

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
import dev.wasiotel.wit.runtime.chicory.ExecutionMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A {@link ComponentHost}'s limits on the {@code limits} and {@code huge-memory} fixtures
 * (src/test/guests/wat): memory, call deadline, one call at a time, no host calls from
 * {@code cabi_realloc}.
 */
class ComponentLimitsTest {
    private static final String HOST = "test:limits/host";
    /** Generous against a loaded machine; only a hang reaches it. */
    private static final Duration HANG = Duration.ofSeconds(60);

    private final CountDownLatch waitEntered = new CountDownLatch(1);
    private final CountDownLatch waitRelease = new CountDownLatch(1);

    /** ping does nothing; wait blocks until released; get returns "hello" (lowered through cabi_realloc). */
    private List<HostFunctionDef> hostFunctions() {
        HostFunctionDef ping = new HostFunctionDef(HOST, "ping", List.of(), List.of(), (ctx, a) -> null);
        HostFunctionDef wait = new HostFunctionDef(HOST, "wait", List.of(), List.of(), (ctx, a) -> {
            waitEntered.countDown();
            try {
                waitRelease.await(HANG.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        });
        byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
        HostFunctionDef get = new HostFunctionDef(HOST, "get", List.of(CoreType.I32), List.of(), (ctx, a) -> {
            int ret = (int) a[0];
            int ptr = ctx.realloc().realloc(0, 0, 1, hello.length);
            ctx.memory().writeBytes(ptr, hello, 0, hello.length);
            ctx.memory().writeInt(ret, ptr);
            ctx.memory().writeInt(ret + 4, hello.length);
            return null;
        });
        return List.of(ping, wait, get);
    }

    private ComponentHost host(GuestLimits limits, ExecutionMode mode) {
        return ComponentHost.builder().limits(limits).executionMode(mode).provide(HOST, enc -> hostFunctions()).build();
    }

    private static Component limits() {
        return Component.load(ComponentFixtures.bytes("limits"));
    }

    @Test
    void aCoreModuleDeclaringFourGibibytesIsRefusedAsOverTheLimits() {
        GuestLimits limits = GuestLimits.defaults().withMaxMemoryBytes(64L << 20);
        LinkException e = assertThrows(LinkException.class, () -> ComponentHost.builder().limits(limits).build()
                .instantiate(Component.load(ComponentFixtures.bytes("huge-memory"))));
        assertEquals(List.of("memory 0's minimum of 65536 pages (4 GiB): its limit is 1024 pages (64 MiB)"),
                e.problems());
        // and under the defaults
        assertThrows(LinkException.class, () -> ComponentHost.builder().build()
                .instantiate(Component.load(ComponentFixtures.bytes("huge-memory"))));
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void memoryGrowOfTheComponentsCoreInstancesStopsAtTheLimit(ExecutionMode mode) {
        ComponentInstance guest = host(GuestLimits.defaults().withMaxMemoryBytes(1L << 20), mode).instantiate(limits());
        // 1 page declared, 16 pages (1 MiB) allowed
        assertEquals(1, guest.invoke("grow", List.of(15L)));
        assertEquals(-1, guest.invoke("grow", List.of(1L)));
        assertFalse(guest.isPoisoned());
        assertEquals(5L, guest.invoke("echo", List.of("hello")));
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void aCallThatNeverReturnsTrapsAtItsDeadline(ExecutionMode mode) {
        ComponentHost host = host(GuestLimits.defaults().withCallTimeout(Duration.ofMillis(200)), mode);
        ComponentInstance spinning = host.instantiate(limits());
        WitTrap trap = assertTimeoutPreemptively(HANG, () -> {
            WitTrap t = assertThrows(WitTrap.class, () -> spinning.invoke("spin", List.of()));
            assertFalse(Thread.currentThread().isInterrupted(), "the deadline's interrupt does not outlive the call");
            return t;
        });
        assertEquals(WitTrap.Reason.DEADLINE, trap.reason());
        assertEquals("deadline: \"spin\" exceeded its deadline of 200ms", trap.getMessage());
        assertTrue(spinning.isPoisoned());
        assertThrows(WitTrap.class, () -> spinning.invoke("echo", List.of("x")));

        ComponentInstance other = host.instantiate(limits());
        assertEquals(5L, other.invoke("fetch", List.of()));
        assertEquals(3L, other.invoke("echo", List.of("abc")));
    }

    /**
     * The steps of a generated caller (lower through cabi_realloc, call, post-return) inside {@link
     * ComponentInstance#beginCall}: between them, every other thread's call, allocation or sequence
     * is refused, and the guest's allocator is not touched.
     */
    @Test
    void aCallSequenceKeepsOtherThreadsOutBetweenItsSteps() throws Exception {
        ComponentInstance guest = host(GuestLimits.defaults(), ExecutionMode.INTERPRETER).instantiate(limits());
        byte[] abc = "abc".getBytes(StandardCharsets.UTF_8);
        ExecutorService other = Executors.newSingleThreadExecutor(r -> new Thread(r, "other-thread"));
        try (GuestInstance.Call call = guest.beginCall("echo")) {
            int ptr = guest.context().realloc().realloc(0, 0, 1, abc.length);
            guest.context().memory().writeBytes(ptr, abc, 0, abc.length);

            // between lowering and the call: the guest's bump allocator would move on the other thread
            for (Callable<Object> step : List.<Callable<Object>>of(() -> guest.invoke("count", List.of()),
                    () -> guest.call("echo", ptr, abc.length), () -> guest.context().realloc().realloc(0, 0, 1, 8),
                    () -> guest.beginCall("echo"))) {
                ExecutionException refused = assertThrows(ExecutionException.class,
                        () -> other.submit(step).get(HANG.toSeconds(), TimeUnit.SECONDS));
                assertTrue(refused.getCause() instanceof IllegalStateException
                        && refused.getCause().getMessage().contains("busy with a call on thread \""
                                + Thread.currentThread().getName() + "\""), String.valueOf(refused.getCause()));
            }
            assertEquals(ptr + abc.length, guest.context().realloc().realloc(0, 0, 1, 1),
                    "the allocator moved only for this thread");

            long[] results = guest.call("echo", ptr, abc.length);
            assertArrayEquals(new long[] {3}, results);
            guest.callPostReturn("echo", results);
        }
        assertFalse(guest.isPoisoned());
        waitRelease.countDown(); // count's host function does not block
        try {
            assertEquals(1L, other.submit(() -> guest.invoke("count", List.of())).get(HANG.toSeconds(),
                    TimeUnit.SECONDS), "closed: the other thread gets in; the refused calls did not count");
        } finally {
            waitRelease.countDown();
            other.shutdownNow();
        }
    }

    @Test
    void aSecondThreadIsRefusedWhileACallRunsAndTheGuestIsUntouched() throws Exception {
        ComponentInstance guest = host(GuestLimits.defaults(), ExecutionMode.INTERPRETER).instantiate(limits());
        ExecutorService other = Executors.newSingleThreadExecutor(r -> new Thread(r, "first-caller"));
        try {
            Future<Object> first = other.submit(() -> guest.invoke("count", List.of()));
            assertTrue(waitEntered.await(HANG.toSeconds(), TimeUnit.SECONDS));

            IllegalStateException busy = assertThrows(IllegalStateException.class,
                    () -> guest.invoke("count", List.of()));
            assertTrue(busy.getMessage().contains("busy with a call on thread \"first-caller\""), busy.getMessage());
            // the core path of generated callers, and lowering into the guest, are refused too
            assertThrows(IllegalStateException.class, () -> guest.call("count"));
            assertThrows(IllegalStateException.class, () -> guest.context().realloc().realloc(0, 0, 1, 8));
            assertFalse(guest.isPoisoned());

            waitRelease.countDown();
            assertEquals(1L, first.get(HANG.toSeconds(), TimeUnit.SECONDS));
            assertEquals(2L, guest.invoke("count", List.of()), "the refused calls did not count");
        } finally {
            waitRelease.countDown();
            other.shutdownNow();
        }
    }

    @Test
    void aHostCallFromInsideCabiReallocTraps() {
        ComponentHost host = host(GuestLimits.defaults(), ExecutionMode.INTERPRETER);

        // get's string result is lowered through cabi_realloc, which calls get again: without the
        // check, an endless recursion into a StackOverflowError
        ComponentInstance recursing = host.instantiate(limits());
        recursing.invoke("set-mode", List.of(2L));
        WitTrap trap = assertThrows(WitTrap.class, () -> recursing.invoke("fetch", List.of()));
        assertEquals(WitTrap.Reason.REENTRANCE, trap.reason());
        assertTrue(trap.getMessage().contains("called test:limits/host#get from inside cabi_realloc"),
                trap.getMessage());
        assertTrue(recursing.isPoisoned());

        // a string argument lowered into the guest: its cabi_realloc calls ping
        ComponentInstance pinging = host.instantiate(limits());
        pinging.invoke("set-mode", List.of(1L));
        WitTrap fromArgument = assertThrows(WitTrap.class, () -> pinging.invoke("echo", List.of("hello")));
        assertEquals(WitTrap.Reason.REENTRANCE, fromArgument.reason());
        assertTrue(fromArgument.getMessage().contains("called test:limits/host#ping from inside cabi_realloc"),
                fromArgument.getMessage());

        ComponentInstance fine = host.instantiate(limits());
        assertEquals(5L, fine.invoke("fetch", List.of()));
        assertEquals(5L, fine.invoke("echo", List.of("hello")));
    }

    @Test
    void aHostCallFromInsideAPostReturnTraps() {
        ComponentHost host = host(GuestLimits.defaults(), ExecutionMode.INTERPRETER);
        ComponentInstance guest = host.instantiate(limits());
        waitRelease.countDown(); // count's host function does not block
        assertEquals(1L, guest.invoke("count", List.of()), "mode 0: the post-return does not call the host");

        guest.invoke("set-mode", List.of(3L));
        WitTrap trap = assertThrows(WitTrap.class, () -> guest.invoke("count", List.of()));

        assertEquals(WitTrap.Reason.REENTRANCE, trap.reason());
        assertTrue(trap.getMessage().contains("called test:limits/host#ping from inside post-return of count"),
                trap.getMessage());
        assertTrue(guest.isPoisoned());
    }

    @Test
    void contextsKnowTheirLimits() {
        GuestLimits limits = GuestLimits.defaults().withMaxLiftBytesPerCall(4321);
        assertEquals(limits, host(limits, ExecutionMode.INTERPRETER).instantiate(limits()).context().limits());
    }
}
