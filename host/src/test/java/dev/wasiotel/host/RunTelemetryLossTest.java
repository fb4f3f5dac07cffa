package dev.wasiotel.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wabt.Wat2Wasm;
import dev.wasiotel.host.cli.RunCommand;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wasi-otel run} with the collector down: one line on stderr, and exit 75 unless the guest failed. */
class RunTelemetryLossTest {
    @TempDir
    Path dir;

    /** Runs {@code wat} with its spans going to OTLP on a closed port, metrics and logs nowhere. */
    private CliRun runWithCollectorDown(String wat) throws IOException {
        Path wasm = dir.resolve("guest.wasm");
        Files.write(wasm, Wat2Wasm.parse(wat));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, String> props = Map.of(
                "otel.traces.exporter", "otlp", "otel.metrics.exporter", "none", "otel.logs.exporter", "none",
                "otel.exporter.otlp.protocol", "http/protobuf",
                "otel.exporter.otlp.endpoint", "http://127.0.0.1:" + port,
                "otel.java.exporter.otlp.retry.disabled", "true");
        Map<String, String> saved = new HashMap<>();
        props.forEach((k, v) -> saved.put(k, System.setProperty(k, v)));
        try {
            return CliRun.of("run", wasm.toString());
        } finally {
            saved.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }
    }

    @Test
    void aGuestThatSucceedsExits75WhenItsTelemetryIsLost() throws IOException {
        CliRun r = runWithCollectorDown("(module (func (export \"_start\")))");
        assertEquals(RunCommand.EXIT_TELEMETRY_LOST, r.exitCode, r.toString());
        assertTrue(r.err.contains("wasi-otel: telemetry lost: 1 span, 0 metric points, 0 log records could not be"
                + " exported (last error: span export failed"), r.toString());
    }

    @Test
    void theGuestsOwnFailureWinsButTheLossIsStillReported() throws IOException {
        CliRun r = runWithCollectorDown("(module (func (export \"_start\") unreachable))");
        assertEquals(RunCommand.EXIT_TRAP, r.exitCode, r.toString());
        assertTrue(r.err.contains("wasi-otel: telemetry lost: 1 span"), r.toString());
    }
}
