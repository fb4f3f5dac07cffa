package dev.wasiotel.host.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        try (ServeProcess server = ServeProcess.start(GUEST, otel, "--workers", "2")) {
            HttpClient client = HttpClient.newHttpClient();
            for (int i = 0; i < REQUESTS; i++) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(server.uri().resolve("/")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), r.body());
            }
            server.terminate();
            int exit = server.awaitExit();
            String err = server.stderr();
            Matcher m = ACCOUNT.matcher(err);
            assertTrue(m.find(), "no account line; stderr:\n" + err);
            long[] numbers = new long[8];
            for (int i = 0; i < numbers.length; i++) {
                numbers[i] = Long.parseLong(m.group(i + 1).replace(",", ""));
            }
            return new Served(exit, err, numbers, m.group(9));
        }
    }
}
