package dev.wasiotel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wabt.Wat2Wasm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wasi-otel run} as a user runs it: a separate process, checked by its console output and
 * exit code, for success, a guest trap, a missing import, a malformed file and a missing file.
 */
class CliProcessTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    /** No exporter configured: console output, the embedded default. */
    private static final Map<String, String> CONSOLE = Map.of();

    @TempDir
    Path dir;

    @Test
    void successPrintsTheResultAndTheTelemetry() throws Exception {
        HostProcess.Result r = HostProcess.run(CONSOLE, TIMEOUT, "run", HostProcess.guest("c-otel").toString(), "world");
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stdout().contains("hello world from c-otel"), r.toString());
        for (String expected : List.of("span   c-run ", "span   c-step ", "span   c-fail ", "span   run c-otel.wasm ",
                "metric c.requests ", "log    INFO step done")) {
            assertTrue(r.stderr().contains(expected), "console telemetry shows " + expected + "\n" + r);
        }
    }

    @Test
    void guestTrapIsExitCode70WithOneLine() throws Exception {
        Path wasm = wat("trap.wasm", "(module (func (export \"_start\") unreachable))");
        HostProcess.Result r = HostProcess.run(CONSOLE, TIMEOUT, "run", wasm.toString());
        assertEquals(70, r.exitCode(), r.toString());
        List<String> verdict = r.stderr().lines().filter(l -> l.startsWith("wasi-otel: ")).toList();
        assertEquals(List.of("wasi-otel: guest trapped: guest-trap: _start: Trapped on unreachable instruction"),
                verdict, r.toString());
        assertFalse(r.stderr().contains("\tat "), "no Java stack trace without --verbose\n" + r);
        assertTrue(r.stderr().contains("span   run trap.wasm ") && r.stderr().contains("status=ERROR"),
                "the host span is still exported, with the error\n" + r);

        HostProcess.Result verbose = HostProcess.run(CONSOLE, TIMEOUT, "run", "--verbose", wasm.toString());
        assertEquals(70, verbose.exitCode(), verbose.toString());
        assertTrue(verbose.stderr().contains("\tat dev.wasiotel."), "--verbose adds the Java stack trace\n" + verbose);
        assertTrue(verbose.stderr().contains("wasi-otel: guest trapped: "), verbose.toString());
    }

    /** A stack overflow's Java stack is ~85 KB of interpreter frames; neither the console nor the export gets it. */
    @Test
    void aStackOverflowIsReportedShortly() throws Exception {
        Path wasm = wat("overflow.wasm", "(module (func $f (call $f)) (func (export \"_start\") (call $f)))");
        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            HostProcess.Result r = HostProcess.run(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint()), TIMEOUT,
                    "run", wasm.toString());
            assertEquals(70, r.exitCode(), r.toString());
            assertEquals(List.of("wasi-otel: guest trapped: guest-trap: _start: call stack exhausted"),
                    r.stderr().lines().toList(), r.toString());
            io.opentelemetry.proto.trace.v1.Span host = receiver.spans().stream()
                    .filter(s -> s.getName().equals("run overflow.wasm")).findFirst()
                    .orElseThrow(() -> new AssertionError("no host span\n" + r));
            String stack = host.getEventsList().stream().filter(e -> e.getName().equals("exception"))
                    .flatMap(e -> e.getAttributesList().stream())
                    .filter(kv -> kv.getKey().equals("exception.stacktrace"))
                    .map(kv -> kv.getValue().getStringValue()).findFirst()
                    .orElseThrow(() -> new AssertionError("no exception.stacktrace on " + host));
            assertTrue(stack.startsWith("dev.wasiotel.wit.runtime.WitTrap: guest-trap: _start: call stack exhausted"),
                    stack);
            assertTrue(stack.length() < 1_000, stack.length() + " chars: " + stack);
        }
    }

    /** A span name with a newline and ANSI escapes prints as one line with visible escapes, forging nothing. */
    @Test
    void guestTextCannotForgeConsoleLines() throws Exception {
        byte[] watText;
        try (java.io.InputStream in = CliProcessTest.class.getResourceAsStream("/guests/span-then-wait.wat")) {
            watText = in.readAllBytes();
        }
        Path wasm = Files.write(dir.resolve("forge.wasm"), Wat2Wasm.parse(new String(watText,
                java.nio.charset.StandardCharsets.UTF_8)));
        HostProcess.Result r = HostProcess.run(CONSOLE, TIMEOUT, "run", "--invoke", "forge", wasm.toString());
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("span   ok\\n\\u001b[2Kspan   forged-span  trace=0 span=0\\u001b[0m  trace="),
                r.toString());
        assertFalse(r.stderr().lines().anyMatch(l -> l.startsWith("span   forged-span")), r.toString());
        assertFalse(r.stderr().contains("\u001b"), "no raw escape character reaches the console\n" + r);
    }

    @Test
    void missingImportIsExitCode69NamingIt() throws Exception {
        Path wasm = wat("needs-http.wasm", "(module (import \"wasi:http/outgoing-handler@0.2.0\" \"handle\""
                + " (func (param i32 i32 i32 i32))) (func (export \"_start\")))");
        HostProcess.Result r = HostProcess.run(CONSOLE, TIMEOUT, "run", wasm.toString());
        assertEquals(69, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("wasi:http/outgoing-handler@0.2.0"), r.toString());
        assertTrue(r.stderr().lines().anyMatch(l -> l.startsWith("wasi-otel: cannot link")), r.toString());
    }

    @Test
    void malformedFileIsExitCode65() throws Exception {
        Path junk = Files.write(dir.resolve("junk.wasm"), "definitely not wasm".getBytes());
        HostProcess.Result r = HostProcess.run(CONSOLE, TIMEOUT, "run", junk.toString());
        assertEquals(65, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("not a WebAssembly binary"), r.toString());

        byte[] real = Files.readAllBytes(HostProcess.guest("c-otel"));
        Path truncated = Files.write(dir.resolve("truncated.wasm"), java.util.Arrays.copyOf(real, real.length / 2));
        HostProcess.Result t = HostProcess.run(CONSOLE, TIMEOUT, "run", truncated.toString());
        assertEquals(65, t.exitCode(), t.toString());
        assertTrue(t.stderr().contains("offset"), "the error names the offset\n" + t);
    }

    @Test
    void missingFileIsExitCode66() throws Exception {
        HostProcess.Result r = HostProcess.run(CONSOLE, TIMEOUT, "run", dir.resolve("nope.wasm").toString());
        assertEquals(66, r.exitCode(), r.toString());
        assertEquals("wasi-otel: cannot read " + dir.resolve("nope.wasm") + ": no such file", r.stderr().strip());
    }

    @Test
    void helpDocumentsExitCodesAndConfiguration() throws Exception {
        HostProcess.Result r = HostProcess.run(CONSOLE, TIMEOUT, "run", "--help");
        assertEquals(0, r.exitCode(), r.toString());
        for (String expected : List.of("--invoke", "--dir", "--timeout", "--max-memory", "OTEL_EXPORTER_OTLP_ENDPOINT",
                "65", "66", "69", "70", "130", "143")) {
            assertTrue(r.stdout().contains(expected), expected + "\n" + r);
        }
    }

    private Path wat(String name, String text) throws Exception {
        return Files.write(dir.resolve(name), Wat2Wasm.parse(text));
    }
}
