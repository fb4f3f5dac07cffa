package dev.wasiotel.benchmarks;

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
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The host a guest benchmark runs its guest in, linked as {@code wasi-otel run} links it: wasi:otel
 * (and wasi:observe, wasi:logging) through the adapter, whose spans, metrics and log records go to
 * exporters that only count, and WASI with its output dropped. Each call runs under a host span.
 */
final class BenchmarkHost {
    private final CountingSpanExporter spans = new CountingSpanExporter();
    private final AtomicLong exported = new AtomicLong();
    private final Tracer tracer;
    private final WasiOtel wasiOtel;
    private final ComponentHost host;

    BenchmarkHost(ExecutionMode mode) {
        this(mode, null);
    }

    /** A host on the engine named {@code engine} (see {@code WasmEngines}), or on Chicory in {@code mode} if null. */
    BenchmarkHost(ExecutionMode mode, dev.wasiotel.wit.runtime.engine.WasmEngine engine) {
        // the host span needs a processor: an SDK without one makes no real spans
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(new CountingSpanExporter())).build()).build();
        tracer = sdk.getTracer("benchmark");
        wasiOtel = WasiOtel.builder(sdk).addSpanProcessor(SimpleSpanProcessor.create(spans))
                .addMetricExporter(new CountingMetricExporter()).addLogRecordProcessor(new CountingLogs()).build();
        Wasi wasi = Wasi.of(WasiConfig.builder().stdout(OutputStream.nullOutputStream())
                .stderr(OutputStream.nullOutputStream()).build());
        ComponentHost.Builder builder = ComponentHost.builder().executionMode(mode).provideAll(encoding -> {
            List<HostFunctionDef> all = new ArrayList<>(wasiOtel.functions(encoding));
            all.addAll(WasiOtel.inGuestContext(wasi.functions(encoding)));
            return all;
        });
        if (engine != null) {
            builder.engine(engine);
        }
        host = builder.build();
    }

    ComponentHost host() {
        return host;
    }

    /** Guest spans exported so far. */
    long spans() {
        return spans.count();
    }

    /** Calls the guest's {@code run(arg)} under a host span; returns how long the call took in nanoseconds. */
    @SuppressWarnings("try") // the scope only makes the host span current while the guest runs
    long run(ComponentInstance instance, String arg) {
        Span hostSpan = tracer.spanBuilder("benchmark").startSpan();
        long t = System.nanoTime();
        try (io.opentelemetry.context.Scope scope = hostSpan.makeCurrent()) {
            instance.invoke("run", List.of(arg));
        } finally {
            hostSpan.end();
        }
        return System.nanoTime() - t;
    }

    /** Waits (at most 10 s) until the adapter has handed every metric export to its exporter. */
    void flush() {
        wasiOtel.forceFlush().join(10, TimeUnit.SECONDS);
    }

    /** Counts metric exports, so that metrics cost what they cost with a real exporter. */
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
}
