package dev.wasiotel.host.component;

import static org.junit.jupiter.api.Assertions.fail;

import dev.wasiotel.host.component.TestHosts.RecordingLog;
import dev.wasiotel.host.component.TestHosts.RecordingTracing;
import dev.wasiotel.host.component.binary.ComponentFormatException;
import dev.wasiotel.host.testbindings.test.resource_guest.host_log.HostLogHost;
import dev.wasiotel.host.testbindings.test.utf16_guest.shouter.ShouterHost;
import dev.wasiotel.host.testbindings.wasi.otel.tracing.TracingHost;
import dev.wasiotel.wit.runtime.LinkException;
import dev.wasiotel.wit.runtime.WitTrap;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Mutated real components (the fixtures) are loaded and instantiated with hosts that satisfy
 * every import of the originals: the only acceptable outcomes are success, a {@link
 * ComponentFormatException}, a {@link LinkException} or a {@link WitTrap} — never another
 * exception, a hang (each try has a deadline) or an out-of-memory error.
 */
class ComponentFuzzTest {
    private static final List<String> FIXTURES = List.of("otel", "resource", "command", "composed", "utf16");
    private static final ExecutorService EXECUTOR = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "component-fuzz");
        t.setDaemon(true);
        return t;
    });

    /** One mutation: overwrite {@code count} bytes from {@code position} (mod length) with {@code value}, or truncate. */
    record Mutation(int position, int count, int value, boolean truncate) {
        byte[] apply(byte[] original) {
            if (original.length == 0) {
                return original;
            }
            int at = Math.floorMod(position, original.length);
            if (truncate) {
                return java.util.Arrays.copyOf(original, at);
            }
            byte[] bytes = original.clone();
            for (int i = 0; i < count && at + i < bytes.length; i++) {
                bytes[at + i] = (byte) value;
            }
            return bytes;
        }
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Integer> value = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 255),
                Arbitraries.of(0x00, 0x01, 0x7f, 0x80, 0xff, 0x40, 0x3f, 0x60, 0x70));
        Arbitrary<Mutation> one = Combinators.combine(
                Arbitraries.integers().between(0, Integer.MAX_VALUE),
                Arbitraries.integers().between(1, 5),
                value,
                Arbitraries.integers().between(0, 19).map(i -> i == 0))
                .as(Mutation::new);
        return one.list().ofMinSize(1).ofMaxSize(6);
    }

    @Property(tries = 10000, shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
    void mutatedComponentsFailCleanly(@ForAll("fixture") String fixture, @ForAll("mutations") List<Mutation> mutations)
            throws InterruptedException {
        byte[] bytes = ComponentFixtures.bytes(fixture);
        for (Mutation m : mutations) {
            bytes = m.apply(bytes);
        }
        byte[] input = bytes;
        Future<?> run = EXECUTOR.submit(() -> loadAndInstantiate(input));
        try {
            run.get(10, TimeUnit.SECONDS);
            Statistics.collect("instantiated");
        } catch (TimeoutException e) {
            run.cancel(true);
            fail("loading or instantiating a mutated " + fixture + " did not finish in 10 s: " + mutations);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            Statistics.collect(cause.getClass().getSimpleName());
            if (!(cause instanceof ComponentFormatException || cause instanceof LinkException
                    || cause instanceof WitTrap)) {
                throw new AssertionError("a mutated " + fixture + " (" + mutations + ") threw " + cause, cause);
            }
        }
    }

    @Provide
    Arbitrary<String> fixture() {
        return Arbitraries.of(FIXTURES);
    }

    private static void loadAndInstantiate(byte[] bytes) {
        MinimalWasiStdout wasi = new MinimalWasiStdout();
        ComponentHost host = wasi.provideTo(ComponentHost.builder())
                .provide("wasi:otel/tracing@0.2.0-rc.2", enc -> TracingHost.functions(new RecordingTracing(), enc))
                .provide("test:resource-guest/host-log", enc -> HostLogHost.functions(new RecordingLog(), enc))
                .provide("test:utf16-guest/shouter", enc -> ShouterHost.functions(text -> text, enc))
                .build();
        host.instantiate(Component.load(bytes));
    }

    @AfterContainer
    static void stop() {
        EXECUTOR.shutdownNow();
    }
}
