package dev.wasiotel.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Zipkin server (the {@code io.zipkin:zipkin-server} exec jar from Maven Central, copied to
 * {@code target/zipkin} by the build) started on a loopback port with in-memory storage, and read
 * back through its HTTP API.
 */
final class ZipkinServer implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final int port;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ZipkinServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the server and waits until its health check answers. */
    static ZipkinServer start() throws IOException, InterruptedException {
        ZipkinServer server = launch();
        server.awaitHealthy();
        return server;
    }

    /**
     * Starts the server without waiting: its endpoint is known at once, so a test can start what
     * exports to it meanwhile, then call {@link #awaitHealthy} before it reads from it.
     */
    static ZipkinServer launch() throws IOException {
        Path jar = Path.of(System.getProperty("zipkin.jar", "target/zipkin/zipkin-server.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no Zipkin server jar at " + jar + " (the build copies it there)");
        }
        int port = freePort();
        Path log = Files.createTempFile("zipkin", ".log");
        ProcessBuilder pb = new ProcessBuilder(javaBinary(), "-Xmx512m", "-jar", jar.toString(),
                "--armeria.ports[0].ip=127.0.0.1", "--armeria.ports[0].port=" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("STORAGE_TYPE", "mem");
        pb.environment().put("SELF_TRACING_ENABLED", "false");
        return new ZipkinServer(pb.start(), port, log);
    }

    /** The span collection endpoint, {@code http://127.0.0.1:PORT/api/v2/spans}. */
    String spansEndpoint() {
        return baseUrl() + "/api/v2/spans";
    }

    /**
     * The traces stored for {@code serviceName}, polling until at least {@code minSpans} spans
     * arrived or {@code timeout} passed (export is asynchronous on the server side too).
     */
    List<JsonNode> spans(String serviceName, int minSpans, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<JsonNode> spans = List.of();
        while (System.nanoTime() < deadline) {
            spans = fetchSpans(serviceName);
            if (spans.size() >= minSpans) {
                return spans;
            }
            Thread.sleep(200);
        }
        return spans;
    }

    private List<JsonNode> fetchSpans(String serviceName) throws IOException, InterruptedException {
        String url = baseUrl() + "/api/v2/traces?limit=1000&serviceName="
                + URLEncoder.encode(serviceName, StandardCharsets.UTF_8);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("Zipkin answered " + response.statusCode() + " to " + url + ": " + response.body());
        }
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode trace : JSON.readTree(response.body())) {
            trace.forEach(out::add);
        }
        return out;
    }

    /**
     * The spans of trace {@code traceId} (32 hex digits), polling until at least {@code minSpans}
     * arrived or {@code timeout} passed; none if Zipkin has no such trace.
     */
    List<JsonNode> trace(String traceId, int minSpans, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String url = baseUrl() + "/api/v2/trace/" + traceId;
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            List<JsonNode> spans = new ArrayList<>();
            if (response.statusCode() == 200) {
                JSON.readTree(response.body()).forEach(spans::add);
            } else if (response.statusCode() != 404) {
                throw new IOException("Zipkin answered " + response.statusCode() + " to " + url + ": " + response.body());
            }
            if (spans.size() >= minSpans || System.nanoTime() > deadline) {
                return spans;
            }
            Thread.sleep(200);
        }
    }

    /** The span named {@code name} among {@code spans}, which must have one. */
    static JsonNode byName(List<JsonNode> spans, String name) {
        for (JsonNode s : spans) {
            if (s.get("name").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no span named " + name + " in " + spans);
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Waits until the server's health check answers (at most two minutes). */
    void awaitHealthy() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Zipkin server exited with " + process.exitValue() + ":\n" + tail());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/health")).GET()
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        close();
        throw new IllegalStateException("the Zipkin server did not become healthy in " + STARTUP + ":\n" + tail());
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
