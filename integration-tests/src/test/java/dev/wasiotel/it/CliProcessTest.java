package dev.wasiotel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        assertTrue(r.stderr().contains("wasi-otel: the guest trapped"), r.toString());
        assertTrue(r.stderr().contains("span   run trap.wasm ") && r.stderr().contains("status=ERROR"),
                "the host span is still exported, with the error\n" + r);
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
        for (String expected : List.of("--invoke", "--dir", "OTEL_EXPORTER_OTLP_ENDPOINT", "65", "66", "69", "70")) {
            assertTrue(r.stdout().contains(expected), expected + "\n" + r);
        }
    }

    private Path wat(String name, String text) throws Exception {
        return Files.write(dir.resolve(name), Wat2Wasm.parse(text));
    }
}
