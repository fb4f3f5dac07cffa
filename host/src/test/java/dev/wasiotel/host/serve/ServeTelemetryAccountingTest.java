package dev.wasiotel.host.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code wasi-otel serve} as a process, serving the C guest (one {@code wasi:otel} span per
 * request): on SIGTERM it prints the account of its telemetry. With an exporter that exports, every
 * span ended (each request's SERVER span and the guest's span) is exported and the exit status is
 * the signal's (143), and the host's metric points are exported too; with an OTLP receiver that never answers, behind a small batch queue, the
 * spans the queue dropped and the exports that timed out are counted as dropped, ended = exported
 * + dropped still, and the exit status is 75.
 */
class ServeTelemetryAccountingTest {
    private static final Path GUEST = Path.of("../integration-tests/guests/c-http/c-http.wasm");
    private static final int REQUESTS = 20;
    private static final Pattern ACCOUNT = Pattern.compile("wasi-otel: telemetry: ([\\d,]+) spans ended, ([\\d,]+)"
            + " exported, ([\\d,]+) dropped; ([\\d,]+) metric points exported, ([\\d,]+) dropped; ([\\d,]+) log"
            + " records emitted, ([\\d,]+) exported, ([\\d,]+) dropped(.*)");

    @Test
    void everySpanEndedIsExported() throws Exception {
        Served s = serve(Map.of("OTEL_TRACES_EXPORTER", "wasi-otel-console",
                "OTEL_METRICS_EXPORTER", "wasi-otel-console", "OTEL_LOGS_EXPORTER", "none"));
        assertEquals(143, s.exit, s.stderr);
        long[] n = s.account();
        assertEquals(2L * REQUESTS, n[0], "the SERVER span and the guest's span of each request; " + s.stderr);
        assertEquals(n[0], n[1], s.stderr);
        assertEquals(0, n[2], s.stderr);
        // the host's http.server.request.duration, exported at shutdown
        assertTrue(n[3] > 0, s.stderr);
        assertEquals(0, n[4], s.stderr);
        assertEquals(2L * REQUESTS, s.stderr.lines().filter(l -> l.startsWith("span ")).count(), s.stderr);
    }

    @Test
    void whatAReceiverNeverTakesIsCountedDroppedAndTheExitIs75() throws Exception {
        // accepts OTLP connections, reads what comes and never answers: every export times out
        try (ServerSocket blackHole = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        Socket socket = blackHole.accept();
                        held.add(socket);
                        Thread reader = new Thread(() -> {
                            try (InputStream in = socket.getInputStream()) {
                                in.transferTo(java.io.OutputStream.nullOutputStream());
                            } catch (IOException e) {
                                // closed at the end of the test
                            }
                        });
                        reader.setDaemon(true);
                        reader.start();
                    }
                } catch (IOException e) {
                    // closed at the end of the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Served s = serve(Map.of("OTEL_TRACES_EXPORTER", "otlp", "OTEL_METRICS_EXPORTER", "none",
                    "OTEL_LOGS_EXPORTER", "none", "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                    "OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + blackHole.getLocalPort(),
                    "OTEL_EXPORTER_OTLP_TIMEOUT", "300", "OTEL_BSP_MAX_QUEUE_SIZE", "4",
                    "OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "2", "OTEL_BSP_SCHEDULE_DELAY", "20"));
            for (Socket socket : held) {
                socket.close();
            }
            assertEquals(75, s.exit, s.stderr);
            long[] n = s.account();
            assertEquals(2L * REQUESTS, n[0], s.stderr);
            assertEquals(0, n[1], "nothing was exported; " + s.stderr);
            assertEquals(n[0], n[2], "every span ended was dropped, and counted; " + s.stderr);
            assertTrue(s.accountRest.contains("last error:"), s.stderr);
        }
    }

    /** What a served process printed and how it ended. */
    private record Served(int exit, String stderr, long[] numbers, String accountRest) {
        long[] account() {
            return numbers;
        }
    }

    /** Serves the guest with {@code otel} in the environment, sends the requests, SIGTERMs it. */
    private static Served serve(Map<String, String> otel) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.wasiotel.host.WasiOtelCli", "serve",
                GUEST.toString(), "--listen", "127.0.0.1:0", "--workers", "2");
        for (String k : List.copyOf(pb.environment().keySet())) {
            if (k.startsWith("OTEL_")) {
                pb.environment().remove(k);
            }
        }
        pb.environment().putAll(otel);
        Path stderr = Files.createTempFile("wasi-otel-serve", ".err");
        pb.redirectError(stderr.toFile());
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process process = pb.start();
        Supplier<String> all = () -> {
            try {
                return Files.readString(stderr);
            } catch (IOException e) {
                return "(" + e + ")";
            }
        };
        try {
            URI uri = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (uri == null) {
                assertTrue(System.nanoTime() < deadline && process.isAlive(), "no `serving` line; stderr:\n" + all.get());
                for (String line : all.get().split("\n")) {
                    if (line.startsWith("wasi-otel: serving ")) {
                        uri = URI.create(line.substring(line.lastIndexOf(" on ") + 4).trim());
                    }
                }
                Thread.sleep(50);
            }
            HttpClient client = HttpClient.newHttpClient();
            for (int i = 0; i < REQUESTS; i++) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri.resolve("/")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), r.body());
            }
            process.destroy(); // SIGTERM
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the server did not stop; stderr:\n" + all.get());
            String err = all.get();
            Matcher m = ACCOUNT.matcher(err);
            assertTrue(m.find(), "no account line; stderr:\n" + err);
            long[] numbers = new long[8];
            for (int i = 0; i < numbers.length; i++) {
                numbers[i] = Long.parseLong(m.group(i + 1).replace(",", ""));
            }
            return new Served(process.exitValue(), err, numbers, m.group(9));
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(stderr);
        }
    }
}
