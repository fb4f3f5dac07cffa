package dev.wasiotel.benchmarks;

import dev.wasiotel.host.component.Component;
import dev.wasiotel.host.component.ComponentHost;
import dev.wasiotel.host.component.ComponentInstance;
import dev.wasiotel.host.wasi.Wasi;
import dev.wasiotel.host.wasi.WasiConfig;
import dev.wasiotel.otel.WasiOtel;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import dev.wasiotel.wit.runtime.chicory.ExecutionMode;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * End to end, spans per second: a real guest component ({@code c-otel}, built with clang; {@code
 * js-otel-sdk}, componentize-js with the OpenTelemetry JS SDK) runs its {@code run} export in the
 * host, under a host span, and every span it ends is exported through the adapter to an exporter
 * that counts. The {@code spans} counter is the result. The baseline in the same run ({@code
 * nativeSpans}) is the Java SDK making the same number of spans per operation with the same
 * exporter.
 *
 * <p>Run from the repository root (the guests are read from {@code integration-tests/guests}):
 * {@code java -jar benchmarks/target/benchmarks.jar GuestSpans}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 10)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgs = "-Xmx4g")
public class GuestSpansBenchmark {

    /** The guest and how it runs. */
    @State(org.openjdk.jmh.annotations.Scope.Benchmark)
    public static class Guest {
        /** Folder under integration-tests/guests (the binary has the same name). */
        @Param({"c-otel", "js-otel-sdk"})
        public String guest;

        /** INTERPRETER or COMPILER. */
        @Param({"INTERPRETER"})
        public String mode;

        final CountingSpanExporter exporter = new CountingSpanExporter();
        ComponentInstance instance;
        Tracer tracer;
        int spansPerRun;

        @Setup(Level.Trial)
        public void setUp() throws IOException {
            // the host span needs a processor: an SDK without one makes no real spans
            OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(new CountingSpanExporter())).build()).build();
            tracer = sdk.getTracer("benchmark");
            WasiOtel wasiOtel = WasiOtel.builder(sdk).addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
            Wasi wasi = Wasi.of(WasiConfig.builder().stdout(java.io.OutputStream.nullOutputStream()).build());
            List<HostFunctionDef> all = new ArrayList<>(wasiOtel.functions());
            all.addAll(wasi.functions(StringEncoding.UTF8));
            ComponentHost.Builder builder = ComponentHost.builder().executionMode(ExecutionMode.valueOf(mode))
                    .provideAll(encoding -> all);
            Path wasm = Path.of("integration-tests/guests", guest, guest + ".wasm");
            instance = builder.build().instantiate(Component.load(Files.readAllBytes(wasm)));
            long before = exporter.count();
            runOnce();
            spansPerRun = (int) (exporter.count() - before);
        }

        @SuppressWarnings("try") // the scope makes the host span current while the guest runs
        void runOnce() {
            Span host = tracer.spanBuilder("benchmark").startSpan();
            try (io.opentelemetry.context.Scope scope = host.makeCurrent()) {
                instance.invoke("run", List.of("bench"));
            } finally {
                host.end();
            }
        }
    }

    /** Spans exported, reported per second next to the operations. */
    @State(org.openjdk.jmh.annotations.Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Spans {
        /** Spans exported during the iteration. */
        public long spans;
    }

    /** The guest's {@code run}: one invocation, its spans through the adapter. */
    @Benchmark
    public void guestSpans(Guest g, Spans counter) {
        long before = g.exporter.count();
        g.runOnce();
        counter.spans += g.exporter.count() - before;
    }

    /** Baseline: the Java SDK makes as many spans as one guest run, nested the same way, same exporter. */
    @Benchmark
    @SuppressWarnings("try")
    public void nativeSpans(Guest g, Spans counter, NativeSdk sdk) {
        Span root = sdk.tracer.spanBuilder("run").startSpan();
        try (io.opentelemetry.context.Scope scope = root.makeCurrent()) {
            for (int i = 1; i < g.spansPerRun; i++) {
                sdk.tracer.spanBuilder("child").setAttribute("step.index", i).startSpan().end();
            }
        } finally {
            root.end();
        }
        counter.spans += g.spansPerRun;
    }

    /** The Java SDK with the counting exporter. */
    @State(org.openjdk.jmh.annotations.Scope.Benchmark)
    public static class NativeSdk {
        Tracer tracer;

        @Setup(Level.Trial)
        public void setUp() {
            tracer = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(new CountingSpanExporter())).build()).build()
                    .getTracer("native");
        }
    }
}
