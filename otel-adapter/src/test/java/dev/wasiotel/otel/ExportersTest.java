package dev.wasiotel.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A guest span through real exporters: OTLP/HTTP to an in-process receiver that decodes the
 * protobuf request, and Zipkin to a real Zipkin server (from its exec jar, bound to loopback),
 * read back through Zipkin's HTTP API.
 */
class ExportersTest {
    private static final Resource RESOURCE = Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), "wasi-guest-host"));

    @Test
    void otlpExporterDeliversTheGuestSpanToAReceiver() throws Exception {
        List<byte[]> bodies = new CopyOnWriteArrayList<>();
        HttpServer receiver = receiver(bodies);
        try {
            SpanExporter otlp = OtlpHttpSpanExporter.builder()
                    .setEndpoint("http://127.0.0.1:" + receiver.getAddress().getPort() + "/v1/traces").build();
            sendRichSpan(otlp);
            assertEquals(1, bodies.size());
            List<OtlpWire.Span> spans = OtlpWire.spans(bodies.get(0));
            assertEquals(1, spans.size());
            OtlpWire.Span s = spans.get(0);
            assertEquals(Values.TRACE, s.traceId());
            assertEquals(Values.SPAN, s.spanId());
            assertEquals(Values.PARENT, s.parentSpanId());
            assertEquals("vendor=v1,other=x", s.traceState());
            assertEquals("GET /items", s.name());
            assertEquals(2, s.kind()); // SPAN_KIND_SERVER
            assertEquals(Values.START_NANOS, s.start());
            assertEquals(Values.END_NANOS, s.end());
            assertEquals("GET", s.attributes().get("http.method"));
            assertEquals(200L, s.attributes().get("http.status"));
            assertEquals(0.5, s.attributes().get("ratio"));
            assertEquals(true, s.attributes().get("ok"));
            assertEquals(3, s.droppedAttributes());
            assertEquals(List.of("cache-miss"), s.events());
            assertEquals(4, s.droppedEvents());
            assertEquals(List.of("b7ad6b7169203331"), s.linkSpanIds());
            assertEquals(5, s.droppedLinks());
            assertEquals(2, s.statusCode()); // STATUS_CODE_ERROR
            assertEquals("boom", s.statusMessage());
            assertEquals("guest-lib", s.scopeName());
            assertEquals("1.2.3", s.scopeVersion());
            assertEquals("wasi-guest-host", s.resource().get("service.name"));
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void autoconfiguredOtlpSendsGuestSpansToTheReceiver() throws Exception {
        List<byte[]> bodies = new CopyOnWriteArrayList<>();
        HttpServer receiver = receiver(bodies);
        try (WasiOtelSdk sdk = WasiOtelSdk.fromEnvironment(java.util.Map.of(
                "otel.traces.exporter", "otlp", "otel.metrics.exporter", "none", "otel.logs.exporter", "none",
                "otel.exporter.otlp.protocol", "http/protobuf",
                "otel.exporter.otlp.endpoint", "http://127.0.0.1:" + receiver.getAddress().getPort(),
                "otel.service.name", "from-env"))) {
            TestGuest g = new TestGuest(sdk.wasiOtel().functions());
            Harness.onEnd(g, Values.richSpan());
            assertTrue(sdk.sdk().getSdkTracerProvider().forceFlush().join(10, TimeUnit.SECONDS).isSuccess());
        } finally {
            receiver.stop(0);
        }
        OtlpWire.Span s = OtlpWire.spans(bodies.get(0)).get(0);
        assertEquals(Values.SPAN, s.spanId());
        assertEquals("from-env", s.resource().get("service.name"));
    }

    private static HttpServer receiver(List<byte[]> bodies) throws IOException {
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/v1/traces", ex -> {
            try (InputStream in = ex.getRequestBody()) {
                bodies.add(in.readAllBytes());
            }
            ex.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            ex.sendResponseHeaders(200, -1); // an empty ExportTraceServiceResponse
            ex.close();
        });
        receiver.start();
        return receiver;
    }

    @Test
    @SuppressWarnings("deprecation") // exporter-zipkin 1.63 is deprecated upstream, but it is the Zipkin exporter DESIGN §2 names
    void zipkinExporterDeliversTheGuestSpanToAZipkinServer() throws Exception {
        Path jar = Path.of(System.getProperty("zipkin.server.jar", "target/zipkin/zipkin-server.jar"));
        assertTrue(Files.isRegularFile(jar), "the build copies the Zipkin server to " + jar);
        int port = freePort();
        Path log = Files.createTempFile("zipkin", ".log");
        Process zipkin = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar.toString(),
                "--armeria.ports[0].ip=127.0.0.1", "--armeria.ports[0].port=" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            String base = "http://127.0.0.1:" + port;
            awaitHealthy(http, base, zipkin, log.toFile());
            SpanExporter exporter = ZipkinSpanExporter.builder().setEndpoint(base + "/api/v2/spans").build();
            sendRichSpan(exporter);
            String trace = "";
            for (int i = 0; i < 50 && !trace.contains(Values.SPAN); i++) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v2/trace/" + Values.TRACE))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                trace = r.statusCode() == 200 ? r.body() : "";
                Thread.sleep(100);
            }
            assertTrue(trace.contains("\"traceId\":\"" + Values.TRACE + "\""), trace);
            assertTrue(trace.contains("\"id\":\"" + Values.SPAN + "\""), trace);
            assertTrue(trace.contains("\"parentId\":\"" + Values.PARENT + "\""), trace);
            assertTrue(trace.contains("\"kind\":\"SERVER\""), trace);
            assertTrue(trace.contains("\"name\":\"get /items\""), trace); // Zipkin lower-cases names
            assertTrue(trace.contains("\"timestamp\":" + Values.START_NANOS / 1000), trace);
            assertTrue(trace.contains("\"duration\":" + (Values.END_NANOS / 1000 - Values.START_NANOS / 1000)), trace);
            assertTrue(trace.contains("\"serviceName\":\"wasi-guest-host\""), trace);
            assertTrue(trace.contains("\"http.method\":\"GET\""), trace);
            assertTrue(trace.contains("\"value\":\"\\\"cache-miss\\\":{\\\"key\\\":\\\"item-7\\\"}\""), trace);
            assertTrue(trace.contains("\"error\":\"boom\""), trace);
            assertTrue(trace.contains("\"otel.scope.name\":\"guest-lib\""), trace);
        } finally {
            zipkin.destroy();
            if (!zipkin.waitFor(10, TimeUnit.SECONDS)) {
                zipkin.destroyForcibly();
            }
            Files.deleteIfExists(log);
        }
    }

    /** The rich span of TracingTest, from a real guest, through {@code exporter}. */
    private static void sendRichSpan(SpanExporter exporter) {
        SpanProcessor processor = SimpleSpanProcessor.create(exporter);
        WasiOtel otel = WasiOtel.builder(OpenTelemetry.noop()).resource(RESOURCE).addSpanProcessor(processor).build();
        TestGuest g = new TestGuest(otel.functions());
        Harness.onStart(g, Values.richContext());
        Harness.onEnd(g, Values.richSpan());
        assertTrue(processor.forceFlush().join(10, TimeUnit.SECONDS).isSuccess());
        processor.shutdown().join(10, TimeUnit.SECONDS);
        assertEquals(0, otel.diagnostics().total());
    }

    private static void awaitHealthy(HttpClient http, String base, Process zipkin, File log)
            throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!zipkin.isAlive()) {
                throw new AssertionError("zipkin exited: " + Files.readString(log.toPath()));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/health")).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new AssertionError("zipkin did not become healthy: " + Files.readString(log.toPath()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
