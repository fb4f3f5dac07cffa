package dev.wasiotel.wit.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wabt.Wat2Wasm;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.runtime.GuestContext;
import dev.wasiotel.wit.runtime.GuestInstance;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import dev.wasiotel.wit.runtime.chicory.ChicoryHost;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two threads using one guest instance through a generated {@code <Iface>Guest} caller (issue 11,
 * item 7): the caller holds the instance from lowering its argument to the post-return, so the
 * second thread's call is refused with an {@link IllegalStateException} wherever the first one is
 * (inside the guest, or between two of its steps), the guest is not touched, and both the first
 * call and the next one return their own results. The guest reuses its memory after each
 * post-return, as real guests do, so a call slipping in between the steps would corrupt results.
 */
class GeneratedCallerThreadsTest {
    private static final long HANG_SECONDS = 60;
    private static final String WIT = "package test:guard;\n"
            + "interface hooks { pause: func(); }\n"
            + "interface echo { shout: func(s: string) -> string; }\n"
            + "world guard { import hooks; export echo; }\n";

    /**
     * {@code shout} calls {@code pause}, then returns its argument upper-cased in a fresh allocation.
     * A bump allocator from 1024 that post-return resets; the number of {@code cabi_realloc} calls
     * is kept at address 16.
     */
    private static final String WAT = "(module\n"
            + "  (import \"test:guard/hooks\" \"pause\" (func $pause))\n"
            + "  (memory (export \"memory\") 1)\n"
            + "  (global $heap (mut i32) (i32.const 1024))\n"
            + "  (func $alloc (param $size i32) (result i32) (local $p i32)\n"
            + "    (local.set $p (i32.and (i32.add (global.get $heap) (i32.const 7)) (i32.const -8)))\n"
            + "    (global.set $heap (i32.add (local.get $p) (local.get $size)))\n"
            + "    (local.get $p))\n"
            + "  (func (export \"cabi_realloc\") (param i32 i32 i32 i32) (result i32)\n"
            + "    (i32.store (i32.const 16) (i32.add (i32.load (i32.const 16)) (i32.const 1)))\n"
            + "    (call $alloc (local.get 3)))\n"
            + "  (func (export \"test:guard/echo#shout\") (param $p i32) (param $n i32) (result i32)\n"
            + "    (local $out i32) (local $i i32) (local $b i32)\n"
            + "    (call $pause)\n"
            + "    (local.set $out (call $alloc (local.get $n)))\n"
            + "    (block $done (loop $next\n"
            + "      (br_if $done (i32.ge_u (local.get $i) (local.get $n)))\n"
            + "      (local.set $b (i32.load8_u (i32.add (local.get $p) (local.get $i))))\n"
            + "      (if (i32.and (i32.ge_u (local.get $b) (i32.const 97)) (i32.le_u (local.get $b) (i32.const 122)))\n"
            + "        (then (local.set $b (i32.sub (local.get $b) (i32.const 32)))))\n"
            + "      (i32.store8 (i32.add (local.get $out) (local.get $i)) (local.get $b))\n"
            + "      (local.set $i (i32.add (local.get $i) (i32.const 1)))\n"
            + "      (br $next)))\n"
            + "    (i32.store (i32.const 512) (local.get $out))\n"
            + "    (i32.store (i32.const 516) (local.get $n))\n"
            + "    (i32.const 512))\n"
            + "  (func (export \"cabi_post_test:guard/echo#shout\") (param i32)\n"
            + "    (global.set $heap (i32.const 1024)))\n"
            + ")\n";

    private static GeneratedGlue glue;
    private static byte[] wasm;

    @BeforeAll
    static void build() throws Exception {
        glue = GeneratedGlue.of(WIT, GeneratedGlue.tempDir());
        wasm = Wat2Wasm.parse(WAT);
    }

    /** An instance whose {@code pause} import runs {@code pause}. */
    private static GuestInstance instantiate(Runnable pause) throws Exception {
        Class<?> hooks = glue.load("test.guard.hooks.Hooks");
        Object impl = Proxy.newProxyInstance(glue.loader, new Class<?>[] {hooks}, (proxy, method, args) -> {
            pause.run();
            return null;
        });
        @SuppressWarnings("unchecked")
        List<HostFunctionDef> defs = (List<HostFunctionDef>) glue.load("test.guard.hooks.HooksHost")
                .getMethod("functions", hooks, StringEncoding.class).invoke(null, impl, StringEncoding.UTF8);
        return ChicoryHost.builder().addAll(defs).build().instantiate(wasm);
    }

    /** Calls {@code shout} through the generated {@code EchoGuest} over {@code instance}. */
    private static String shout(GuestInstance instance, String text) throws Exception {
        Object echo = glue.load("test.guard.echo.EchoGuest").getConstructor(GuestInstance.class, StringEncoding.class)
                .newInstance(instance, StringEncoding.UTF8);
        return (String) GeneratedGlue.invoke(echo.getClass(), echo, "shout", text);
    }

    private static int reallocCalls(GuestInstance instance) {
        return instance.context().memory().readInt(16);
    }

    /** Where the first call stops while the second thread tries its own. */
    enum Stop {
        /** Inside the guest, in its {@code pause} import. */
        IN_HOST_FUNCTION,
        /** The argument is lowered into guest memory; the core call has not started. */
        BEFORE_CALL,
        /** The core call has returned; its result is still in guest memory, not lifted. */
        BEFORE_LIFT,
        /** The result is lifted; post-return (which frees the guest's memory) has not run. */
        BEFORE_POST_RETURN
    }

    @ParameterizedTest
    @EnumSource(Stop.class)
    void aSecondThreadIsRefusedWhereverTheFirstCallIs(Stop stop) throws Exception {
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Runnable halt = () -> {
            if (Thread.currentThread().getName().equals("first-caller")) {
                stopped.countDown();
                await(release);
            }
        };
        GuestInstance instance = instantiate(stop == Stop.IN_HOST_FUNCTION ? halt : () -> { });
        GuestInstance first = stop == Stop.IN_HOST_FUNCTION ? instance : new Stopping(instance, stop, halt);
        ExecutorService other = Executors.newSingleThreadExecutor(r -> new Thread(r, "first-caller"));
        try {
            Future<String> firstResult = other.submit(() -> shout(first, "the first call, undisturbed"));
            assertTrue(stopped.await(HANG_SECONDS, TimeUnit.SECONDS), "the first call stopped " + stop);
            int reallocs = reallocCalls(instance);

            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> shout(instance, "a second call"));
            assertTrue(refused.getMessage().contains("busy with a call on thread \"first-caller\""),
                    refused.getMessage());
            assertThrows(IllegalStateException.class, () -> instance.context().realloc().realloc(0, 0, 1, 8));
            assertThrows(IllegalStateException.class, () -> instance.callPostReturn("test:guard/echo#shout",
                    new long[] {512}));
            assertEquals(reallocs, reallocCalls(instance), "the refused calls did not reach the guest");
            assertFalse(instance.isPoisoned(), "a refused call does not poison the instance");

            release.countDown();
            assertEquals("THE FIRST CALL, UNDISTURBED", firstResult.get(HANG_SECONDS, TimeUnit.SECONDS));
            assertFalse(instance.isPoisoned());
            assertEquals("THE NEXT CALL", shout(instance, "the next call"), "the next call works");
        } finally {
            release.countDown();
            other.shutdownNow();
        }
    }

    /**
     * Both threads call at the same moment, round after round: each call returns its own correct
     * result or is refused; nothing else (no corrupted result, no exception from guest memory).
     */
    @Test
    void twoThreadsCallingTogetherGetTheirResultsOrIllegalStateExceptions() throws Exception {
        GuestInstance instance = instantiate(() -> { });
        int rounds = 1_000;
        CyclicBarrier together = new CyclicBarrier(2);
        List<String> wrong = new CopyOnWriteArrayList<>();
        AtomicInteger refused = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            String word = t == 0 ? "abc" : "thread number two";
            Thread thread = new Thread(() -> {
                for (int i = 0; i < rounds; i++) {
                    String text = word + " " + i;
                    try {
                        together.await(HANG_SECONDS, TimeUnit.SECONDS);
                        String result = shout(instance, text);
                        if (!text.toUpperCase(Locale.ROOT).equals(result)) {
                            wrong.add("\"" + text + "\" gave \"" + result + "\"");
                        }
                    } catch (IllegalStateException e) {
                        refused.incrementAndGet();
                    } catch (Exception | Error e) {
                        wrong.add(e.toString());
                    }
                }
            }, "together-" + t);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(HANG_SECONDS * 3));
        }
        System.out.printf("generated callers on two threads: %d of %d calls refused%n", refused.get(), 2 * rounds);
        assertTrue(wrong.isEmpty(), "other outcomes (" + wrong.size() + "): " + wrong.subList(0, Math.min(5,
                wrong.size())));
        assertFalse(instance.isPoisoned());
        assertEquals("LAST", shout(instance, "last"));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(HANG_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The instance as the generated caller sees it, stopping at one point between the caller's
     * steps; everything else goes to the real instance.
     */
    private record Stopping(GuestInstance real, Stop stop, Runnable halt) implements GuestInstance {
        @Override
        public Call beginCall(String exportName) {
            return real.beginCall(exportName);
        }

        @Override
        public long[] call(String exportName, long... args) {
            if (stop == Stop.BEFORE_CALL) {
                halt.run();
            }
            long[] results = real.call(exportName, args);
            if (stop == Stop.BEFORE_LIFT) {
                halt.run();
            }
            return results;
        }

        @Override
        public void callPostReturn(String exportName, long[] results) {
            if (stop == Stop.BEFORE_POST_RETURN) {
                halt.run();
            }
            real.callPostReturn(exportName, results);
        }

        @Override
        public void callDestructor(String exportName, int rep) {
            real.callDestructor(exportName, rep);
        }

        @Override
        public GuestContext context() {
            return real.context();
        }

        @Override
        public boolean hasExport(String name) {
            return real.hasExport(name);
        }

        @Override
        public boolean isPoisoned() {
            return real.isPoisoned();
        }
    }
}
