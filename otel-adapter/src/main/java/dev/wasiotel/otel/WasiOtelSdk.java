package dev.wasiotel.otel;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.logs.LogRecordProcessor;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The host's OpenTelemetry SDK configured the standard way — {@code OTEL_*} environment variables
 * and {@code otel.*} system properties, through the SDK's autoconfigure module — and a {@link
 * WasiOtel} that sends guest telemetry through the same span processors, metric exporters and log
 * record processors. With nothing configured, all three signals go to the console (the logging
 * exporters) instead of autoconfigure's default OTLP. Close it to flush and shut down the SDK.
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
        AutoConfiguredOpenTelemetrySdk auto = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> CONSOLE_DEFAULTS)
                .addPropertiesCustomizer(config -> overrides)
                .addResourceCustomizer((r, config) -> {
                    resource.set(r);
                    return r;
                })
                .addSpanProcessorCustomizer((p, config) -> {
                    spanProcessors.add(p);
                    return p;
                })
                .addMetricExporterCustomizer((e, config) -> {
                    metricExporters.add(e);
                    return e;
                })
                .addLogRecordProcessorCustomizer((p, config) -> {
                    logProcessors.add(p);
                    return p;
                })
                .disableShutdownHook()
                .build();
        OpenTelemetrySdk sdk = auto.getOpenTelemetrySdk();
        WasiOtel.Builder b = WasiOtel.builder(sdk).resource(resource.get());
        spanProcessors.forEach(b::addSpanProcessor);
        metricExporters.forEach(b::addMetricExporter);
        logProcessors.forEach(b::addLogRecordProcessor);
        return new WasiOtelSdk(sdk, b.build());
    }

    /** Flushes and shuts down the SDK (and with it the processors and exporters guest data uses). */
    @Override
    public void close() {
        sdk.close();
    }
}
