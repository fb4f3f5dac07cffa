package dev.wasiotel.host.serve;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code wasi-otel serve} as a process of the test JVM's Java and class path, on a free loopback
 * port, without the build's {@code OTEL_*} environment: stderr goes to a file (a thread reading
 * the pipe while the process exits can lose the last lines).
 */
final class ServeProcess implements AutoCloseable {
    private final Process process;
    private final Path stderr;
    private final URI uri;

    private ServeProcess(Process process, Path stderr, URI uri) {
        this.process = process;
        this.stderr = stderr;
        this.uri = uri;
    }

    /** Starts {@code serve GUEST --listen 127.0.0.1:0 OPTIONS…} and waits for its `serving` line. */
    static ServeProcess start(Path guest, Map<String, String> otel, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.wasiotel.host.WasiOtelCli", "serve",
                guest.toString(), "--listen", "127.0.0.1:0"));
        command.addAll(List.of(options));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("OTEL_"));
        pb.environment().putAll(otel);
        Path stderr = Files.createTempFile("wasi-otel-serve", ".err");
        pb.redirectError(stderr.toFile());
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process process = pb.start();
        ServeProcess started = new ServeProcess(process, stderr, null);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                assertTrue(System.nanoTime() < deadline && process.isAlive(),
                        "no `serving` line; stderr:\n" + started.stderr());
                for (String line : started.stderr().split("\n")) {
                    if (line.startsWith("wasi-otel: serving ")) {
                        URI uri = URI.create(line.substring(line.lastIndexOf(" on ") + 4).trim());
                        return new ServeProcess(process, stderr, uri);
                    }
                }
                Thread.sleep(50);
            }
        } catch (Exception | Error e) {
            started.close();
            throw e;
        }
    }

    /** Where it serves. */
    URI uri() {
        return uri;
    }

    /** SIGTERM. */
    void terminate() {
        process.destroy();
    }

    /** Waits at most 60 s for the process to end; its exit status. */
    int awaitExit() throws InterruptedException {
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the server did not stop; stderr:\n" + stderr());
        return process.exitValue();
    }

    /** What it printed on stderr so far. */
    String stderr() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    /** Kills the process if it still runs and deletes the stderr file. */
    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        Files.deleteIfExists(stderr);
    }
}
