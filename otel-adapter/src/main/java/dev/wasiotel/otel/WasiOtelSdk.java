package dev.wasiotel.otel;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.logs.LogLimits;
import io.opentelemetry.sdk.logs.LogRecordProcessor;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The host's OpenTelemetry SDK configured the standard way — {@code OTEL_*} environment variables
 * and {@code otel.*} system properties, through the SDK's autoconfigure module — and a {@link
 * WasiOtel} that sends guest telemetry through the same span processors, metric exporters and log
 * record processors. With nothing configured, all three signals go to the console (the logging
 * exporters) instead of autoconfigure's default OTLP. The SDK's span and log record limits apply to
 * guest data too ({@link TelemetryLimits}); every exporter is wrapped to count what it cannot export
 * ({@link #telemetryLoss()}), and every processor and exporter to count what passes
 * ({@link TelemetryLoss#account()}). Close it to flush and shut down the SDK.
 *
 * @param sdk the host's SDK
 * @param wasiOtel the adapter wired to it
 */
public record WasiOtelSdk(OpenTelemetrySdk sdk, WasiOtel wasiOtel) implements AutoCloseable {

    /** Defaults below the environment and system properties: console output for every signal. */
    static final Map<String, String> CONSOLE_DEFAULTS = Map.of(
            "otel.traces.exporter", "logging",
            "otel.metrics.exporter", "logging",
            "otel.logs.exporter", "logging");

    /** The longest {@link #close} waits for guest metrics still queued. */
    public static final Duration GUEST_METRICS_SHUTDOWN = Duration.ofSeconds(10);

    /** Configures from the environment and system properties. */
    public static WasiOtelSdk fromEnvironment() {
        return fromEnvironment(Map.of());
    }

    /**
     * Configures from the environment and system properties, with {@code overrides} (autoconfigure
     * property names, e.g. {@code otel.traces.exporter}) taking precedence over both.
     */
    public static WasiOtelSdk fromEnvironment(Map<String, String> overrides) {
        List<SpanProcessor> spanProcessors = new ArrayList<>();
        List<MetricExporter> metricExporters = new ArrayList<>();
        List<LogRecordProcessor> logProcessors = new ArrayList<>();
        AtomicReference<Resource> resource = new AtomicReference<>(Resource.getDefault());
        AtomicReference<TelemetryLimits> limits = new AtomicReference<>(TelemetryLimits.defaults());
        TelemetryLoss loss = new TelemetryLoss();
        QueueDrops queueDrops = new QueueDrops();
        loss.countQueueDrops(queueDrops);
        AutoConfiguredOpenTelemetrySdk auto = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> CONSOLE_DEFAULTS)
                .addPropertiesCustomizer(config -> overrides)
                .addResourceCustomizer((r, config) -> {
                    resource.set(r);
                    return r;
                })
                // the same limits for host and guest data, from the same variables (with the
                // specification's event, link and log record ones that autoconfigure skips)
                .addTracerProviderCustomizer((b, config) -> {
                    SpanLimits l = TelemetryLimits.spanLimits(config);
                    limits.set(limits.get().withSpans(l));
                    return b.setSpanLimits(l);
                })
                .addLoggerProviderCustomizer((b, config) -> {
                    LogLimits l = TelemetryLimits.logLimits(config);
                    limits.set(limits.get().withLogs(l));
                    return b.setLogLimits(() -> l);
                })
                // what the exporters fail on is counted, for the summary at exit, and so is what full
                // batch queues drop (reported by the processors to this meter provider)
                .addMeterProviderCustomizer((b, config) -> b.registerMetricReader(queueDrops))
                .addSpanExporterCustomizer((e, config) -> new CountingExporters.Spans(e, loss))
                .addLogRecordExporterCustomizer((e, config) -> new CountingExporters.Logs(e, loss))
                // what enters each pipeline is counted too, for the account a server prints at exit
                .addSpanProcessorCustomizer((p, config) -> {
                    SpanProcessor counted = new CountingProcessors.Spans(p, loss);
                    spanProcessors.add(counted);
                    return counted;
                })
                .addMetricExporterCustomizer((e, config) -> {
                    metricExporters.add(e); // guest metrics: counted by the adapter's own queue
                    return new CountingExporters.Metrics(e, loss);
                })
                .addLogRecordProcessorCustomizer((p, config) -> {
                    LogRecordProcessor counted = new CountingProcessors.Logs(p, loss);
                    logProcessors.add(counted);
                    return counted;
                })
                .disableShutdownHook()
                .build();
        OpenTelemetrySdk sdk = auto.getOpenTelemetrySdk();
        WasiOtel.Builder b = WasiOtel.builder(sdk).resource(resource.get()).limits(limits.get()).telemetryLoss(loss);
        spanProcessors.forEach(b::addSpanProcessor);
        metricExporters.forEach(b::addMetricExporter);
        logProcessors.forEach(b::addLogRecordProcessor);
        return new WasiOtelSdk(sdk, b.build());
    }

    /**
     * What could not be exported so far: spans, metric points and log records, of the host and its
     * guests, and the last error. Complete once {@link #close} has returned; a command line prints
     * {@link TelemetryLoss.Summary#describe()} and exits with a status of its own when {@link
     * TelemetryLoss.Summary#anyLost()}.
     */
    public TelemetryLoss telemetryLoss() {
        return wasiOtel.telemetryLoss();
    }

    /**
     * Closes out the spans guests left open, exports the queued guest metrics (waiting at most
     * {@link #GUEST_METRICS_SHUTDOWN}), then flushes and shuts down the SDK (and with it the processors
     * and exporters guest data uses).
     */
    @Override
    public void close() {
        wasiOtel.shutdown(GUEST_METRICS_SHUTDOWN);
        sdk.close();
    }
}
