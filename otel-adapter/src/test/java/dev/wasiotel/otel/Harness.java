package dev.wasiotel.otel;

import dev.wasiotel.otel.bindings.wasi.otel.imports.ImportsCanon;
import dev.wasiotel.otel.bindings.wasi.otel.logs.LogRecord;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.ResourceMetrics;
import dev.wasiotel.otel.bindings.wasi.otel.tracing.SpanContext;
import dev.wasiotel.otel.bindings.wasi.otel.tracing.SpanData;
import dev.wasiotel.wit.runtime.CallContext;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import dev.wasiotel.wit.runtime.Result;
import dev.wasiotel.wit.runtime.Unit;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricExporter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.logs.LogRecordProcessor;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A host SDK with in-memory exporters, the adapter wired to the same processors, and guests that
 * call the adapter's host functions with values lowered into their own memory. The host also offers
 * {@code test:host/work#work}, which creates (and ends) a host span named {@code host-work}.
 */
final class Harness implements AutoCloseable {
    static final String TRACING = "wasi:otel/tracing@0.2.0-rc.2";
    static final String METRICS = "wasi:otel/metrics@0.2.0-rc.2";
    static final String LOGS = "wasi:otel/logs@0.2.0-rc.2";

    final InMemorySpanExporter spans = InMemorySpanExporter.create();
    final InMemoryMetricExporter metrics = InMemoryMetricExporter.create();
    final InMemoryLogRecordExporter logs = InMemoryLogRecordExporter.create();
    final Resource hostResource = Resource.create(Attributes.of(
            AttributeKey.stringKey("service.name"), "host-svc", AttributeKey.stringKey("host.only"), "h"));
    final OpenTelemetrySdk sdk;
    final WasiOtel wasiOtel;
    final Tracer hostTracer;
    final List<HostFunctionDef> defs;

    Harness() {
        this(TelemetryLimits.defaults(), null);
    }

    /** With other limits, and guest metrics going to {@code guestMetrics} (if not null) instead of {@link #metrics}. */
    Harness(TelemetryLimits limits, MetricExporter guestMetrics) {
        SpanProcessor spanProcessor = SimpleSpanProcessor.create(spans);
        LogRecordProcessor logProcessor = SimpleLogRecordProcessor.create(logs);
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().setResource(hostResource).addSpanProcessor(spanProcessor).build())
                .setLoggerProvider(SdkLoggerProvider.builder().setResource(hostResource).addLogRecordProcessor(logProcessor).build())
                .build();
        wasiOtel = WasiOtel.builder(sdk).resource(hostResource).addSpanProcessor(spanProcessor)
                .addMetricExporter(guestMetrics == null ? metrics : guestMetrics).addLogRecordProcessor(logProcessor)
                .limits(limits).build();
        hostTracer = sdk.getTracer("host");
        List<HostFunctionDef> all = new ArrayList<>(wasiOtel.functions());
        all.addAll(WasiOtel.inGuestContext(List.of(new HostFunctionDef("test:host/work", "work", List.of(), List.of(),
                (guest, args) -> {
                    hostTracer.spanBuilder("host-work").startSpan().end();
                    return null;
                }))));
        defs = List.copyOf(all);
    }

    TestGuest guest() {
        return new TestGuest(defs);
    }

    Diagnostics diag() {
        return wasiOtel.diagnostics();
    }

    static void onStart(TestGuest g, SpanContext c) {
        int p = g.store(ImportsCanon.SPAN_CONTEXT_SIZE, ImportsCanon.SPAN_CONTEXT_ALIGN, c, ImportsCanon::storeSpanContext);
        g.call(TRACING, "on-start", g.i32(p), g.i32(p + 4), g.i32(p + 8), g.i32(p + 12), g.u8(p + 16), g.u8(p + 17),
                g.i32(p + 20), g.i32(p + 24));
    }

    static void onEnd(TestGuest g, SpanData s) {
        g.call(TRACING, "on-end", g.store(ImportsCanon.SPAN_DATA_SIZE, ImportsCanon.SPAN_DATA_ALIGN, s, ImportsCanon::storeSpanData));
    }

    /** Calls {@code current-span-context} or {@code outer-span-context} and lifts the answer. */
    static SpanContext spanContext(TestGuest g, String function) {
        int ret = g.alloc(ImportsCanon.SPAN_CONTEXT_SIZE, ImportsCanon.SPAN_CONTEXT_ALIGN);
        g.call(TRACING, function, ret);
        try (CallContext cx = g.cx()) {
            return ImportsCanon.loadSpanContext(cx, ret);
        }
    }

    /**
     * Calls {@code metrics.export} and waits until the adapter's export thread has handed the data
     * to the exporter, so that tests can look at what was exported.
     */
    Result<Unit, String> exportAndFlush(TestGuest g, ResourceMetrics m) {
        Result<Unit, String> r = export(g, m);
        assertTrue(wasiOtel.forceFlush().join(10, TimeUnit.SECONDS).isSuccess(), "guest metrics flushed");
        return r;
    }

    /** Calls {@code metrics.export}; the answer comes before the data is exported. */
    static Result<Unit, String> export(TestGuest g, ResourceMetrics m) {
        int p = g.store(ImportsCanon.RESOURCE_METRICS_SIZE, ImportsCanon.RESOURCE_METRICS_ALIGN, m, ImportsCanon::storeResourceMetrics);
        int ret = g.alloc(12, 4);
        g.call(METRICS, "export", g.i32(p), g.i32(p + 4), g.u8(p + 8), g.i32(p + 12), g.i32(p + 16), g.i32(p + 20),
                g.i32(p + 24), ret);
        if (g.u8(ret) == 0) {
            return Result.ok();
        }
        int ptr = (int) g.i32(ret + 4);
        byte[] b = new byte[(int) g.i32(ret + 8)];
        g.context().memory().readBytes(ptr, b, 0, b.length);
        return Result.err(new String(b, StandardCharsets.UTF_8));
    }

    static void emit(TestGuest g, LogRecord r) {
        g.call(LOGS, "on-emit", g.store(ImportsCanon.LOG_RECORD_SIZE, ImportsCanon.LOG_RECORD_ALIGN, r, ImportsCanon::storeLogRecord));
    }

    static void work(TestGuest g) {
        g.call("test:host/work", "work");
    }

    /** The host span named {@code name} made current while {@code body} runs. */
    @SuppressWarnings("try")
    void inHostSpan(String name, Runnable body) {
        Span s = hostTracer.spanBuilder(name).startSpan();
        try (var scope = s.makeCurrent()) {
            body.run();
        } finally {
            s.end();
        }
    }

    @Override
    public void close() {
        wasiOtel.shutdown(Duration.ofSeconds(10));
        sdk.close();
    }
}
