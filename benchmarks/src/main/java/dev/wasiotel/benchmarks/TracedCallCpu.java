package dev.wasiotel.benchmarks;

import dev.wasiotel.benchmarks.bindings.wasi.otel.tracing.TracingHost;
import dev.wasiotel.host.component.Component;
import dev.wasiotel.host.component.ComponentHost;
import dev.wasiotel.host.component.ComponentInstance;
import dev.wasiotel.otel.WasiOtel;
import dev.wasiotel.wit.runtime.calls.CallFilter;
import dev.wasiotel.wit.runtime.chicory.ExecutionMode;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The CPU cost of call tracing, split: the thread CPU time of one call of the {@code otel.wasm}
 * fixture's {@code run} (one export and three import calls: four traced calls) with tracing off,
 * on (as {@link ComponentBenchmark}'s {@code traceCalls=on}), on with the sampler off (non-recording
 * spans: what tracing costs besides recording spans), and on under a host span (the export span is
 * then no new trace). Thread CPU time, not wall time, and the setups interleaved round by round, so
 * that other processes on a shared machine change the numbers less than they change JMH's.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.wasiotel.benchmarks.TracedCallCpu [ROUNDS [CALLS]]
 * </pre>
 *
 * (from the repository root; defaults 30 rounds of 20,000 calls, the first third warm-up).
 */
public final class TracedCallCpu {
    private TracedCallCpu() {
    }

    /** One way to run the call: a name, an instance, and the SDK (null when tracing is off). */
    private record Setup(String name, ComponentInstance instance, OpenTelemetrySdk sdk, boolean underHostSpan) {
    }

    /** Prints the minimum and median CPU time per call of each setup. */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int calls = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        Component loaded = Component.load(Files.readAllBytes(Path.of("component/src/test/resources/components/otel.wasm")));
        List<Setup> setups = List.of(
                setup("off", loaded, null, false),
                setup("on", loaded, Sampler.alwaysOn(), false),
                setup("on, sampler off (non-recording spans)", loaded, Sampler.alwaysOff(), false),
                setup("on, under a host span", loaded, Sampler.alwaysOn(), true));
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[][] micros = new double[setups.size()][rounds];
        Object sink = null;
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < setups.size(); i++) {
                Setup s = setups.get(i);
                Span host = s.underHostSpan() ? s.sdk().getTracer("host").spanBuilder("host").startSpan() : Span.getInvalid();
                try (Scope ignored = host.makeCurrent()) {
                    long start = threads.getCurrentThreadCpuTime();
                    for (int k = 0; k < calls; k++) {
                        sink = s.instance().invoke("test:otel-guest/api#run", List.of("bench"));
                    }
                    micros[i][r] = (threads.getCurrentThreadCpuTime() - start) / 1e3 / calls;
                }
                host.end();
            }
        }
        System.out.printf("thread CPU time per call of run (4 traced calls when on), %d rounds of %d calls after %d"
                + " warm-up rounds, load average %.2f%n", rounds - rounds / 3, calls, rounds / 3,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        for (int i = 0; i < setups.size(); i++) {
            double[] m = Arrays.copyOfRange(micros[i], rounds / 3, rounds);
            Arrays.sort(m);
            System.out.printf("  %-40s min %5.2f  median %5.2f us%n", setups.get(i).name(), m[0], m[m.length / 2]);
        }
        for (Setup s : setups) {
            if (s.sdk() != null) {
                s.sdk().close();
            }
        }
        if (sink == null) {
            System.out.println("(no result)");
        }
    }

    private static Setup setup(String name, Component loaded, Sampler sampler, boolean underHostSpan) {
        ComponentBenchmark.CountingTracing tracing = new ComponentBenchmark.CountingTracing();
        ComponentHost.Builder builder = ComponentHost.builder()
                .provide("wasi:otel/tracing@0.2.0-rc.2", enc -> TracingHost.functions(tracing, enc))
                .executionMode(ExecutionMode.COMPILER);
        OpenTelemetrySdk sdk = null;
        if (sampler != null) {
            sdk = OpenTelemetrySdk.builder()
                    .setTracerProvider(SdkTracerProvider.builder().setSampler(sampler)
                            .addSpanProcessor(SimpleSpanProcessor.create(new CountingSpanExporter())).build())
                    .setMeterProvider(SdkMeterProvider.builder()
                            .registerMetricReader(new ComponentBenchmark.IdleReader()).build())
                    .build();
            builder.traceCalls(WasiOtel.builder(sdk).build().callSpans(CallFilter.all(), e -> false));
        }
        return new Setup(name, builder.build().instantiate(loaded), sdk, underHostSpan);
    }
}
