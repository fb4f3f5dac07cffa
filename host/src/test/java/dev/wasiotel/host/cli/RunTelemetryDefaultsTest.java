package dev.wasiotel.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.host.console.ConsoleExporters;
import dev.wasiotel.otel.WasiOtelSdk;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code wasi-otel run} fills in for telemetry settings the user left unset. */
class RunTelemetryDefaultsTest {
    private static final String HTTP = "http/protobuf";

    @Test
    void nothingConfiguredMeansConsoleAndTheGuestsName() {
        assertEquals(Map.of("otel.service.name", "c-otel", "otel.traces.exporter", ConsoleExporters.NAME,
                "otel.metrics.exporter", ConsoleExporters.NAME, "otel.logs.exporter", ConsoleExporters.NAME,
                RunCommand.OTLP_PROTOCOL, HTTP),
                RunCommand.telemetryDefaults("c-otel.wasm", Map.<String, String>of()::get, Map.<String, String>of()::get));
    }

    @Test
    void anOtlpEndpointMeansOtlpForEverySignalNotChosenOtherwise() {
        Map<String, String> env = Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318",
                "OTEL_TRACES_EXPORTER", "zipkin", "OTEL_SERVICE_NAME", "svc");
        assertEquals(Map.of("otel.metrics.exporter", "otlp", "otel.logs.exporter", "otlp",
                RunCommand.OTLP_PROTOCOL, HTTP),
                RunCommand.telemetryDefaults("g.wasm", env::get, Map.<String, String>of()::get));
    }

    @Test
    void aSignalEndpointOrSystemPropertyCountsToo() {
        Map<String, String> env = Map.of("OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", "http://collector:4318/v1/logs");
        Map<String, String> props = Map.of("otel.metrics.exporter", "none", "otel.service.name", "p");
        assertEquals(Map.of("otel.traces.exporter", ConsoleExporters.NAME, "otel.logs.exporter", "otlp",
                RunCommand.OTLP_PROTOCOL, HTTP),
                RunCommand.telemetryDefaults("g.wasm", env::get, props::get));
    }

    @Test
    void anExplicitProtocolIsLeftAlone() {
        Map<String, String> env = Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4317",
                "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc");
        assertFalse(RunCommand.telemetryDefaults("g.wasm", env::get, Map.<String, String>of()::get)
                .containsKey(RunCommand.OTLP_PROTOCOL));
        Map<String, String> props = Map.of("otel.exporter.otlp.protocol", "grpc");
        assertFalse(RunCommand.telemetryDefaults("g.wasm", Map.<String, String>of()::get, props::get)
                .containsKey(RunCommand.OTLP_PROTOCOL));
    }

    /** The effective configuration: which OTLP exporters the SDK really builds from these settings. */
    @Test
    void anEndpointAloneGivesOtlpOverHttp() {
        assertExporters(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318"),
                "OtlpHttpSpanExporter", "OtlpHttpMetricExporter", "OtlpHttpLogRecordExporter");
    }

    @Test
    void anExplicitProtocolStillWins() {
        assertExporters(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4317",
                "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"),
                "OtlpGrpcSpanExporter", "OtlpGrpcMetricExporter", "OtlpGrpcLogRecordExporter");
    }

    @Test
    void aPerSignalProtocolWinsOverTheDefault() {
        assertExporters(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318",
                "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "grpc"),
                "OtlpGrpcSpanExporter", "OtlpHttpMetricExporter", "OtlpHttpLogRecordExporter");
    }

    /**
     * Builds the SDK as {@code run} does, with {@code env} standing for the user's variables (given as
     * autoconfigure properties, which is how autoconfigure reads variables) and the defaults on top,
     * and checks the exporter of each signal.
     */
    private static void assertExporters(Map<String, String> env, String spans, String metrics, String logs) {
        Map<String, String> settings = new HashMap<>();
        env.forEach((k, v) -> settings.put(k.toLowerCase(java.util.Locale.ROOT).replace('_', '.'), v));
        settings.putAll(RunCommand.telemetryDefaults("g.wasm", env::get, Map.<String, String>of()::get));
        try (WasiOtelSdk otel = WasiOtelSdk.fromEnvironment(settings)) {
            String tracer = otel.sdk().getSdkTracerProvider().toString();
            String meter = otel.sdk().getSdkMeterProvider().toString();
            String logger = otel.sdk().getSdkLoggerProvider().toString();
            assertTrue(tracer.contains(spans + "{"), tracer);
            assertTrue(meter.contains(metrics + "{"), meter);
            assertTrue(logger.contains(logs + "{"), logger);
        }
    }
}
