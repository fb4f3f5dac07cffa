package dev.wasiotel.benchmarks;

import dev.wasiotel.host.component.Component;
import dev.wasiotel.host.component.ComponentHost;
import dev.wasiotel.host.component.ComponentInstance;
import dev.wasiotel.host.wasi.Wasi;
import dev.wasiotel.host.wasi.WasiConfig;
import dev.wasiotel.otel.WasiOtel;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import dev.wasiotel.wit.runtime.chicory.ExecutionMode;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.LogRecordProcessor;
import io.opentelemetry.sdk.logs.ReadWriteLogRecord;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * One guest component timed as a user meets it, in one JVM: decode (parse and validate), instantiate,
 * the first call of its {@code run} export, then calls after warm-up (min and median), and the
 * process's peak resident set size. Prints one line of {@code key=value} pairs, which
 * {@code benchmarks/side-by-side.sh} reads; JMH does not fit a measurement that happens once per
 * process (instantiation, first call, peak RSS).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.wasiotel.benchmarks.GuestTimings GUEST.wasm
 *     [--mode INTERPRETER|COMPILER] [--warmup N] [--calls N] [--arg TEXT]
 *     [--jfr-load FILE] [--jfr-call FILE [--jfr-calls N]]
 * </pre>
 *
 * <p>{@code --jfr-load} records decode and instantiation with JDK Flight Recorder (the {@code
 * profile} settings), {@code --jfr-call} the first measured call after warm-up (or the first
 * {@code --jfr-calls N}); {@code JfrSummary.java} beside
 * this module's README sums such a recording up. Each call runs under a host span, with every span,
 * metric and log record the guest emits going through the adapter to exporters that only count,
 * and WASI output dropped.
 */
public final class GuestTimings {
    private GuestTimings() {
    }

    /**
     * Runs the measurement described in the class comment.
     *
     * @param args the guest file, then options
     */
    public static void main(String[] args) throws Exception {
        Path wasm = null;
        ExecutionMode mode = ExecutionMode.INTERPRETER;
        int warmup = 3;
        int calls = 5;
        String arg = "world";
        Path jfrLoad = null;
        Path jfrCall = null;
        int profiled = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--mode" -> mode = ExecutionMode.valueOf(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--calls" -> calls = Integer.parseInt(args[++i]);
                case "--arg" -> arg = args[++i];
                case "--jfr-load" -> jfrLoad = Path.of(args[++i]);
                case "--jfr-call" -> jfrCall = Path.of(args[++i]);
                case "--jfr-calls" -> profiled = Integer.parseInt(args[++i]);
                default -> {
                    if (args[i].startsWith("--") || wasm != null) {
                        throw new IllegalArgumentException("unknown argument " + args[i]);
                    }
                    wasm = Path.of(args[i]);
                }
            }
        }
        if (wasm == null || calls < 1) {
            System.err.println("usage: GuestTimings GUEST.wasm [--mode INTERPRETER|COMPILER] [--warmup N]"
                    + " [--calls N>=1] [--arg TEXT] [--jfr-load FILE] [--jfr-call FILE [--jfr-calls N]]");
            System.exit(2);
        }
        new GuestTimings().measure(wasm, mode, warmup, calls, arg, jfrLoad, jfrCall, Math.min(profiled, calls));
    }

    private final AtomicLong exported = new AtomicLong();

    private void measure(Path wasm, ExecutionMode mode, int warmup, int calls, String arg, Path jfrLoad,
            Path jfrCall, int profiled) throws IOException {
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(new CountingSpanExporter())).build()).build();
        Tracer tracer = sdk.getTracer("benchmark");
        CountingSpanExporter spans = new CountingSpanExporter();
        WasiOtel wasiOtel = WasiOtel.builder(sdk).addSpanProcessor(SimpleSpanProcessor.create(spans))
                .addMetricExporter(new CountingMetricExporter()).addLogRecordProcessor(new CountingLogs()).build();
        Wasi wasi = Wasi.of(WasiConfig.builder().stdout(OutputStream.nullOutputStream())
                .stderr(OutputStream.nullOutputStream()).build());
        ComponentHost host = ComponentHost.builder().executionMode(mode).provideAll(encoding -> {
            List<HostFunctionDef> all = new ArrayList<>(wasiOtel.functions(encoding));
            // as `wasi-otel run` links them
            all.addAll(WasiOtel.inGuestContext(wasi.functions(encoding)));
            return all;
        }).build();

        byte[] bytes = Files.readAllBytes(wasm);
        Recording load = start(jfrLoad);
        long t0 = System.nanoTime();
        Component component = Component.load(bytes);
        long t1 = System.nanoTime();
        ComponentInstance instance = host.instantiate(component);
        long t2 = System.nanoTime();
        stop(load, jfrLoad);
        long rssAfterLoad = procStatusKb("VmHWM");

        long first = call(instance, tracer, arg);
        for (int i = 0; i < warmup; i++) {
            call(instance, tracer, arg);
        }
        long[] nanos = new long[calls];
        Recording one = start(jfrCall);
        for (int i = 0; i < calls; i++) {
            nanos[i] = call(instance, tracer, arg);
            if (i == profiled - 1) {
                stop(one, jfrCall); // the profile is of exactly the first `profiled` calls
            }
        }
        wasiOtel.forceFlush().join(10, java.util.concurrent.TimeUnit.SECONDS);
        Arrays.sort(nanos);
        System.out.println(String.format(Locale.ROOT,
                "guest=%s mode=%s precompiled=%d decode_ms=%.1f instantiate_ms=%.1f first_call_ms=%.2f"
                        + " median_ms=%.3f min_ms=%.3f calls=%d warmup=%d peak_rss_after_load_kb=%d peak_rss_kb=%d"
                        + " spans=%d",
                wasm.getFileName(), mode, component.precompiledCoreModules(), ms(t1 - t0), ms(t2 - t1), ms(first),
                ms(nanos[calls / 2]), ms(nanos[0]), calls, warmup, rssAfterLoad, procStatusKb("VmHWM"),
                spans.count()));
        System.exit(0); // the SDK's threads would keep the JVM alive a little
    }

    @SuppressWarnings("try") // the scope only makes the host span current while the guest runs
    private static long call(ComponentInstance instance, Tracer tracer, String arg) {
        Span hostSpan = tracer.spanBuilder("benchmark").startSpan();
        long t = System.nanoTime();
        try (io.opentelemetry.context.Scope scope = hostSpan.makeCurrent()) {
            instance.invoke("run", List.of(arg));
        } finally {
            hostSpan.end();
        }
        return System.nanoTime() - t;
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static Recording start(Path file) throws IOException {
        if (file == null) {
            return null;
        }
        try {
            Recording r = new Recording(Configuration.getConfiguration("profile"));
            r.start();
            return r;
        } catch (java.text.ParseException e) {
            throw new IOException("the JDK's JFR `profile` settings do not parse", e);
        }
    }

    private static void stop(Recording r, Path file) throws IOException {
        if (r != null) {
            r.stop();
            r.dump(file);
            r.close();
        }
    }

    /** A field of /proc/self/status in kB (VmHWM: peak resident set size), -1 where there is none. */
    static long procStatusKb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").strip());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** Counts metric points' exports, so that metrics cost what they cost with a real exporter. */
    private final class CountingMetricExporter implements MetricExporter {
        @Override
        public CompletableResultCode export(Collection<MetricData> metrics) {
            exported.addAndGet(metrics.size());
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
            return AggregationTemporality.CUMULATIVE;
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    /** Counts log records. */
    private final class CountingLogs implements LogRecordProcessor {
        @Override
        public void onEmit(Context context, ReadWriteLogRecord logRecord) {
            exported.incrementAndGet();
        }
    }

    static {
        // the guests print through WASI: keep the JDK's own loggers quiet as `wasi-otel run` does
        java.util.logging.Logger.getLogger("io.opentelemetry.sdk.resources").setLevel(java.util.logging.Level.SEVERE);
    }
}
