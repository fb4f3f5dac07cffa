package dev.wasiotel.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.host.component.ComponentHost;
import dev.wasiotel.wit.runtime.chicory.ChicoryEngine;
import dev.wasiotel.wit.runtime.engine.WasmEngines;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code --engine} of {@code run} and {@code serve}, and {@link ComponentHost.Builder#engine}: engines
 * by name, Chicory by default.
 */
class EngineOptionTest {

    @Test
    void chicoryIsFoundByNameAndIsTheDefault() {
        assertTrue(WasmEngines.available().contains("chicory"), WasmEngines.available()::toString);
        assertEquals("chicory", WasmEngines.DEFAULT);
        assertInstanceOf(ChicoryEngine.class, WasmEngines.named("chicory"));
    }

    @Test
    void anUnknownEngineNameListsTheAvailableOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ComponentHost.builder().engine("v8"));
        assertTrue(e.getMessage().contains("unknown engine \"v8\""), e.getMessage());
        assertTrue(e.getMessage().contains("available: " + String.join(", ", WasmEngines.available())), e.getMessage());
        assertTrue(e.getMessage().contains("chicory"), e.getMessage());
    }

    @Test
    void anUnknownEngineOnTheCommandLineIsAUsageErrorBeforeTheGuestIsRead() {
        CliRun run = CliRun.of("run", "--engine", "v8", "no-such-guest.wasm");
        assertEquals(2, run.exitCode, run::toString);
        assertTrue(run.err.contains("--engine: unknown engine \"v8\"; available: chicory"), run::toString);
        assertFalse(run.err.contains("no-such-guest"), run::toString);
        assertFalse(run.err.contains("\tat "), run::toString);
    }

    @Test
    void chicoryByNameRunsLikeTheDefault() {
        CliRun run = CliRun.of("run", "--engine", "chicory", "no-such-guest.wasm");
        assertEquals(66, run.exitCode, run::toString); // past the engine, to reading the guest
    }

    @Test
    void chicorysOwnOptionsWithAnotherEngineAreAUsageError() {
        // the only other engine may be absent here (it needs Java 21+): a test provider stands in
        CliRun run = CliRun.of("run", "--engine", "test-engine", "--compiler", "no-such-guest.wasm");
        assertEquals(2, run.exitCode, run::toString);
        assertTrue(run.err.contains("--compiler applies to the chicory engine, not to --engine test-engine"),
                run::toString);
    }

    @Test
    void helpDocumentsTheEngineOption() {
        CliRun run = CliRun.of("run", "--help");
        assertTrue(run.out.contains("--engine") && run.out.contains("graalwasm"), run::toString);
    }

    @Test
    void serveChecksTheEngineAsRunDoesBeforeTheGuestIsRead() {
        CliRun unknown = CliRun.of("serve", "--engine", "v8", "no-such-guest.wasm");
        assertEquals(2, unknown.exitCode, unknown::toString);
        assertTrue(unknown.err.contains("--engine: unknown engine \"v8\"; available: chicory"), unknown::toString);
        assertFalse(unknown.err.contains("no-such-guest"), unknown::toString);
        assertFalse(unknown.err.contains("\tat "), unknown::toString);

        CliRun precompiled = CliRun.of("serve", "--engine", "test-engine", "--precompiled", "machines.jar",
                "no-such-guest.wasm");
        assertEquals(2, precompiled.exitCode, precompiled::toString);
        assertTrue(precompiled.err.contains("--precompiled applies to the chicory engine, not to --engine test-engine"),
                precompiled::toString);

        CliRun compiler = CliRun.of("serve", "--compiler", "--engine", "test-engine", "no-such-guest.wasm");
        assertEquals(2, compiler.exitCode, compiler::toString);
        assertTrue(compiler.err.contains("--compiler applies to the chicory engine, not to --engine test-engine"),
                compiler::toString);

        CliRun chicory = CliRun.of("serve", "--engine", "chicory", "no-such-guest.wasm");
        assertEquals(66, chicory.exitCode, chicory::toString); // past the engine, to reading the guest
    }

    @Test
    void serveHelpDocumentsTheEngineOption() {
        CliRun run = CliRun.of("serve", "--help");
        assertTrue(run.out.contains("--engine") && run.out.contains("graalwasm"), run::toString);
    }

    @Test
    void serveAnswersRequestsOnAnotherEngine() throws Exception {
        // a process, since serve runs until a signal; test-engine is Chicory behind the engine interface
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.wasiotel.host.WasiOtelCli", "serve",
                "../component/src/test/resources/components/http.wasm", "--engine", "test-engine",
                "--listen", "127.0.0.1:0", "--workers", "1");
        pb.environment().keySet().removeIf(k -> k.startsWith("OTEL_"));
        Path stderr = Files.createTempFile("wasi-otel-serve-engine", ".err");
        pb.redirectError(stderr.toFile());
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process process = pb.start();
        try {
            URI uri = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (uri == null) {
                String err = Files.readString(stderr);
                assertTrue(System.nanoTime() < deadline && process.isAlive(), "no `serving` line; stderr:\n" + err);
                for (String line : err.split("\n")) {
                    if (line.startsWith("wasi-otel: serving ")) {
                        assertTrue(line.contains(", engine test-engine) on "), line);
                        uri = URI.create(line.substring(line.lastIndexOf(" on ") + 4).trim());
                    }
                }
                Thread.sleep(50);
            }
            HttpResponse<String> echo = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri.resolve("/echo"))
                    .POST(HttpRequest.BodyPublishers.ofString("on test-engine")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, echo.statusCode());
            assertEquals("on test-engine", echo.body());
        } finally {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            Files.deleteIfExists(stderr);
        }
    }
}
