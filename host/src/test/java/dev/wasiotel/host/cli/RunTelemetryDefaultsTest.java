package dev.wasiotel.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wasiotel.host.console.ConsoleExporters;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code wasi-otel run} fills in for telemetry settings the user left unset. */
class RunTelemetryDefaultsTest {

    @Test
    void nothingConfiguredMeansConsoleAndTheGuestsName() {
        assertEquals(Map.of("otel.service.name", "c-otel", "otel.traces.exporter", ConsoleExporters.NAME,
                "otel.metrics.exporter", ConsoleExporters.NAME, "otel.logs.exporter", ConsoleExporters.NAME),
                RunCommand.telemetryDefaults("c-otel.wasm", Map.<String, String>of()::get, Map.<String, String>of()::get));
    }

    @Test
    void anOtlpEndpointMeansOtlpForEverySignalNotChosenOtherwise() {
        Map<String, String> env = Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318",
                "OTEL_TRACES_EXPORTER", "zipkin", "OTEL_SERVICE_NAME", "svc");
        assertEquals(Map.of("otel.metrics.exporter", "otlp", "otel.logs.exporter", "otlp"),
                RunCommand.telemetryDefaults("g.wasm", env::get, Map.<String, String>of()::get));
    }

    @Test
    void aSignalEndpointOrSystemPropertyCountsToo() {
        Map<String, String> env = Map.of("OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", "http://collector:4318/v1/logs");
        Map<String, String> props = Map.of("otel.metrics.exporter", "none", "otel.service.name", "p");
        assertEquals(Map.of("otel.traces.exporter", ConsoleExporters.NAME, "otel.logs.exporter", "otlp"),
                RunCommand.telemetryDefaults("g.wasm", env::get, props::get));
    }
}
