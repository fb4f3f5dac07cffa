package dev.wasiotel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wabt.Wat2Wasm;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wasi-otel run} stopped from outside, as a process: SIGTERM and SIGINT during a run, and
 * the {@code --timeout} deadline, each with the spans the guest ended before exported to an OTLP
 * receiver along with the host span. The guest is {@code guests/span-then-wait.wat} (test
 * resources): it ends a span, prints {@code waiting}, then sleeps in the host or spins in its own
 * code.
 *
 * <p>Telemetry goes to the receiver with only {@code OTEL_EXPORTER_OTLP_ENDPOINT} set (no
 * protocol: the CLI's default must be http/protobuf) and with the batch processor's schedule an
 * hour away, so that what arrives was sent by the flush on the way out.
 */
class CliSignalsAndLimitsTest {
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration EXIT = Duration.ofSeconds(30);
    private static final String HOST_SPAN = "run span-then-wait.wasm";

    @TempDir
    Path dir;
    private Path wasm;

    @BeforeEach
    void guest() throws IOException {
        try (InputStream in = CliSignalsAndLimitsTest.class.getResourceAsStream("/guests/span-then-wait.wat")) {
            wasm = Files.write(dir.resolve("span-then-wait.wasm"),
                    Wat2Wasm.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
    }

    @Test
    void sigtermWhileTheGuestSleepsExportsItsSpanAndTheInterruptedHostSpan() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            HostProcess.Running p = HostProcess.start(otlp(receiver), "run", "--invoke", "sleep", wasm.toString());
            p.awaitStdout("waiting", STARTUP);
            p.signal("TERM");
            HostProcess.Result r = p.await(EXIT);
            assertEquals(143, r.exitCode(), r.toString());
            assertTrue(r.stderr().contains("wasi-otel: interrupted by SIGTERM"), r.toString());
            assertInterrupted(receiver, "before-sleep", "SIGTERM", r);
        }
    }

    @Test
    void sigintWhileTheGuestSpinsExportsItsSpanAndTheInterruptedHostSpan() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            HostProcess.Running p = HostProcess.start(otlp(receiver), "run", "--invoke", "loop", wasm.toString());
            p.awaitStdout("waiting", STARTUP);
            p.signal("INT");
            HostProcess.Result r = p.await(EXIT);
            assertEquals(130, r.exitCode(), r.toString());
            assertTrue(r.stderr().contains("wasi-otel: interrupted by SIGINT"), r.toString());
            assertInterrupted(receiver, "before-loop", "SIGINT", r);
        }
    }

    /** A span the guest has begun and not ended when the signal comes is exported as left open. */
    @Test
    void sigtermExportsTheSpanTheGuestHasOpenAsLeftOpen() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            HostProcess.Running p = HostProcess.start(otlp(receiver), "run", "--invoke", "open-sleep",
                    wasm.toString());
            p.awaitStdout("waiting", STARTUP);
            p.signal("TERM");
            HostProcess.Result r = p.await(EXIT);
            assertEquals(143, r.exitCode(), r.toString());
            Span host = span(receiver, HOST_SPAN).orElseThrow(() -> new AssertionError("no host span\n" + r));
            Span open = span(receiver, "wasi:otel span left open")
                    .orElseThrow(() -> new AssertionError("the open guest span was not exported\n" + r));
            // the guest's span id, "00000000000000b4"
            assertEquals("00000000000000b4", HexFormat.of().formatHex(open.getSpanId().toByteArray()));
            assertEquals("true", String.valueOf(open.getAttributesList().stream()
                    .filter(kv -> kv.getKey().equals("wasi.otel.span.left_open"))
                    .map(kv -> kv.getValue().getBoolValue()).findFirst().orElse(false)), open.toString());
            assertEquals(host.getSpanId(), open.getParentSpanId(), "the open span is the host span's child");
            assertEquals(host.getTraceId(), open.getTraceId());
        }
    }

    /** When the collector cannot be reached, the interrupted run says how much telemetry was lost. */
    @Test
    void sigtermWithTheCollectorDownSaysWhatWasLost() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Map<String, String> env = Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + closedPort,
                "OTEL_BSP_SCHEDULE_DELAY", "3600000", "OTEL_METRIC_EXPORT_INTERVAL", "3600000",
                "OTEL_EXPORTER_OTLP_TIMEOUT", "1000");
        HostProcess.Running p = HostProcess.start(env, "run", "--invoke", "sleep", wasm.toString());
        p.awaitStdout("waiting", STARTUP);
        p.signal("TERM");
        HostProcess.Result r = p.await(EXIT);
        assertEquals(143, r.exitCode(), r.toString());
        assertTrue(r.stderr().lines().anyMatch(l -> l.startsWith("wasi-otel: interrupted by SIGTERM")), r.toString());
        assertTrue(r.stderr().lines().anyMatch(l -> l.startsWith("wasi-otel: telemetry lost: ")
                && l.contains("span")), r.toString());
    }

    /** Any other way the JVM shuts down during a run (here SIGHUP) flushes through the shutdown hook. */
    @Test
    void anotherSignalStillFlushesThroughTheShutdownHook() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            HostProcess.Running p = HostProcess.start(otlp(receiver), "run", "--invoke", "sleep", wasm.toString());
            p.awaitStdout("waiting", STARTUP);
            p.signal("HUP");
            HostProcess.Result r = p.await(EXIT);
            assertEquals(129, r.exitCode(), "the JVM's own status for SIGHUP\n" + r);
            assertInterrupted(receiver, "before-sleep", "JVM shutdown", r);
        }
    }

    /** Needs the deadline enforcement of GuestLimits.callTimeout (branch `limits`). */
    @Test
    void aGuestThatNeverReturnsTrapsAtTheTimeoutWithItsSpansExported() throws Exception {
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            HostProcess.Result r = HostProcess.start(otlp(receiver), "run", "--timeout", "2s", "--invoke", "loop",
                    wasm.toString()).await(EXIT);
            assertEquals(70, r.exitCode(), r.toString());
            List<String> lines = r.stderr().lines().toList();
            assertEquals(1, lines.size(), r.toString());
            assertTrue(lines.get(0).startsWith("wasi-otel: guest trapped: deadline") && lines.get(0).contains("2s"),
                    r.toString());
            Span guest = span(receiver, "before-loop").orElseThrow(() -> new AssertionError("no guest span\n" + r));
            Span host = span(receiver, HOST_SPAN).orElseThrow(() -> new AssertionError("no host span\n" + r));
            assertEquals(host.getSpanId(), guest.getParentSpanId());
            assertEquals(Status.StatusCode.STATUS_CODE_ERROR, host.getStatus().getCode());
            // the guest ended its span as the call began; the call was stopped about 2 s later, not 3
            long nanos = host.getEndTimeUnixNano() - guest.getEndTimeUnixNano();
            assertTrue(nanos >= 1_500_000_000L && nanos < 3_000_000_000L, "the call ran " + nanos / 1e9
                    + " s after the guest's span");
        }
    }

    /** Needs the memory limits of GuestLimits.maxMemoryBytes (branch `limits`). */
    @Test
    void maxMemoryRefusesALargerDeclarationAndFailsAGrowBeyondIt() throws Exception {
        Path declares = Files.write(dir.resolve("declares.wasm"), Wat2Wasm.parse(
                "(module (memory 32) (func (export \"_start\")))"));
        HostProcess.Result refused = HostProcess.run(Map.of(), EXIT, "run", "--max-memory", "1MiB",
                declares.toString());
        assertEquals(65, refused.exitCode(), refused.toString());
        assertTrue(refused.stderr().lines().anyMatch(l -> l.startsWith("wasi-otel: " + declares + ": refused: ")),
                refused.toString());

        Path grows = Files.write(dir.resolve("grows.wasm"), Wat2Wasm.parse(
                "(module (memory 1) (func (export \"grow\") (result i32) (memory.grow (i32.const 16))))"));
        HostProcess.Result grown = HostProcess.run(Map.of(), EXIT, "run", "--max-memory", "1MiB", "--invoke", "grow",
                grows.toString());
        assertEquals(0, grown.exitCode(), grown.toString());
        assertEquals("-1", grown.stdout().strip(), "1 + 16 pages are more than 1 MiB: memory.grow returns -1");
        HostProcess.Result allowed = HostProcess.run(Map.of(), EXIT, "run", "--max-memory", "2MiB", "--invoke", "grow",
                grows.toString());
        assertEquals("1", allowed.stdout().strip(), "17 pages fit in 2 MiB: memory.grow returns the old size\n"
                + allowed);
    }

    private static void assertInterrupted(OtlpReceiver receiver, String guestSpan, String signal,
            HostProcess.Result r) {
        // the flush completed before the process exited: everything is here already
        Span guest = span(receiver, guestSpan).orElseThrow(() -> new AssertionError("no " + guestSpan + "\n" + r));
        Span host = span(receiver, HOST_SPAN).orElseThrow(() -> new AssertionError("no host span\n" + r));
        assertEquals(host.getSpanId(), guest.getParentSpanId(), "the guest span is the host span's child");
        assertEquals(Status.StatusCode.STATUS_CODE_ERROR, host.getStatus().getCode());
        assertEquals("interrupted by " + signal, host.getStatus().getMessage());
        assertEquals(signal, attribute(host, "wasi.guest.interrupted_by"));
        assertTrue(host.getEventsList().stream().anyMatch(e -> e.getName().equals("interrupted")), host.toString());
        assertFalse(r.stderr().contains("\tat "), r.toString());
    }

    private static Map<String, String> otlp(OtlpReceiver receiver) {
        return Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(),
                "OTEL_BSP_SCHEDULE_DELAY", "3600000", "OTEL_METRIC_EXPORT_INTERVAL", "3600000");
    }

    private static Optional<Span> span(OtlpReceiver receiver, String name) {
        return receiver.spans().stream().filter(s -> s.getName().equals(name)).findFirst();
    }

    private static String attribute(Span span, String key) {
        return span.getAttributesList().stream().filter(kv -> kv.getKey().equals(key)).map(KeyValue::getValue)
                .map(v -> v.getStringValue()).findFirst().orElse(null);
    }
}
