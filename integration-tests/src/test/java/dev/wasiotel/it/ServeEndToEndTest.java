package dev.wasiotel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code wasi-otel serve} end to end, as processes: the launcher serves the JS guest ({@code
 * guests/js-http-otel}, componentize-js with the OpenTelemetry JS SDK) and exports to a real Zipkin
 * server and to an OTLP receiver at once. This test is the client: its request carries a {@code
 * traceparent} naming its own span; the guest makes one outgoing request to a downstream server on
 * loopback, which records the {@code traceparent} it gets. Both backends must then hold one trace,
 * checked by span ids: client → host SERVER span → {@code handle-request} → {@code call-downstream}
 * → host CLIENT span → the downstream. The response is byte for byte the one the Node peer ({@code
 * jco serve}) gives ({@code expected-responses.json}). Batches and metric exports are set to wait
 * ten minutes, so what the backends hold was flushed when SIGTERM stopped the server.
 */
class ServeEndToEndTest {
    private static final String SERVICE = "e2e-serve-js-http-otel";
    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String CLIENT_SPAN_ID = "b7ad6b7169203331";
    private static final String LATER = "600000"; // ms: no export before the shutdown flush

    private static ZipkinServer zipkin;
    private static OtlpReceiver otlp;
    private static DownstreamServer downstream;

    @BeforeAll
    static void backends() throws Exception {
        zipkin = ZipkinServer.launch(); // its start overlaps the server's; awaited before it is read
        otlp = OtlpReceiver.start();
        downstream = DownstreamServer.start();
    }

    @AfterAll
    static void stop() {
        if (downstream != null) {
            downstream.close();
        }
        if (otlp != null) {
            otlp.close();
        }
        if (zipkin != null) {
            zipkin.close();
        }
    }

    /** A span as both backends give it: kind SERVER, CLIENT or INTERNAL; the parent "" for a root. */
    record TreeSpan(String traceId, String id, String parentId, String name, String kind, Map<String, String> attributes) {
        String attribute(String key) {
            return attributes.get(key);
        }
    }

    @Test
    void oneTraceFromTheClientThroughTheGuestToTheDownstreamInZipkinAndOtlp() throws Exception {
        HttpGuestCases.Case traced = HttpGuestCases.load("js-http-otel").cases().stream()
                .filter(c -> c.name().equals("under a client trace")).findFirst().orElseThrow();
        assertEquals("00-" + TRACE_ID + "-" + CLIENT_SPAN_ID + "-01", traced.headers().get("traceparent"));
        Map<String, String> env = Map.of(
                "OTEL_SERVICE_NAME", SERVICE,
                "OTEL_TRACES_EXPORTER", "zipkin,otlp",
                "OTEL_EXPORTER_ZIPKIN_ENDPOINT", zipkin.spansEndpoint(),
                "OTEL_METRICS_EXPORTER", "otlp",
                "OTEL_LOGS_EXPORTER", "none",
                "OTEL_EXPORTER_OTLP_ENDPOINT", otlp.endpoint(),
                "OTEL_BSP_SCHEDULE_DELAY", LATER,
                "OTEL_METRIC_EXPORT_INTERVAL", LATER);
        try (HostProcess.Running serve = HostProcess.startLauncher(env, "serve",
                HostProcess.guest("js-http-otel").toString(), "--listen", "127.0.0.1:0",
                "--allow-outbound", "127.0.0.1")) {
            long started = System.nanoTime();
            URI uri = serve.awaitServing(Duration.ofMinutes(3));
            long serving = System.nanoTime();
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<byte[]> response = traced.send(client, uri, downstream.url());
            long answered = System.nanoTime();
            traced.assertAnswered(response);
            assertEquals(1, downstream.traceparents().size(), "one downstream call: " + downstream.traceparents());

            // nothing exported yet: what arrives below is the shutdown's flush
            zipkin.awaitHealthy();
            assertEquals(List.of(), zipkin.trace(TRACE_ID, 0, Duration.ZERO), "exported before the shutdown");
            assertEquals(List.of(), otlp.spans(), "exported before the shutdown");

            serve.signal("TERM");
            HostProcess.Result result = serve.await(Duration.ofMinutes(1));
            assertEquals(143, result.exitCode(), result.toString());
            assertTrue(result.stderr().contains("wasi-otel: stopped"), result.toString());
            System.out.printf("serve: %.1f s to serve, %.1f s for the request, %.1f s from the answer to the exit"
                    + " (Zipkin awaited, SIGTERM, drain, flush)%n",
                    (serving - started) / 1e9, (answered - serving) / 1e9, (System.nanoTime() - answered) / 1e9);

            List<TreeSpan> inZipkin = zipkin.trace(TRACE_ID, 4, Duration.ofSeconds(20)).stream()
                    .map(ServeEndToEndTest::fromZipkin).toList();
            assertTree("Zipkin", inZipkin, uri.getPort());
            List<TreeSpan> inOtlp = otlp.spans().stream().map(ServeEndToEndTest::fromOtlp).toList();
            assertTrue(inOtlp.stream().allMatch(s -> s.traceId().equals(TRACE_ID)), "one trace: " + inOtlp);
            assertTree("OTLP", inOtlp, uri.getPort());

            HistogramDataPoint server = point("http.server.request.duration");
            assertEquals(1, server.getCount(), "one request served");
            assertEquals(Map.of("http.request.method", "GET", "url.scheme", "http", "network.protocol.version", "1.1",
                    "server.address", "127.0.0.1", "server.port", Integer.toString(uri.getPort()),
                    "http.response.status_code", "200"), attributes(server.getAttributesList()));
            HistogramDataPoint outgoing = point("http.client.request.duration");
            assertEquals(1, outgoing.getCount(), "one outgoing request");
            assertEquals("200", attributes(outgoing.getAttributesList()).get("http.response.status_code"));
        }
    }

    /** The tree, by span ids: client → SERVER → handle-request → call-downstream → CLIENT → downstream. */
    private static void assertTree(String backend, List<TreeSpan> trace, int serverPort) {
        assertEquals(4, trace.size(), backend + ": the SERVER, two guest, the CLIENT span: " + trace);
        TreeSpan server = one(backend, trace, "SERVER", null);
        TreeSpan handle = one(backend, trace, "INTERNAL", "handle-request");
        TreeSpan call = one(backend, trace, "INTERNAL", "call-downstream");
        TreeSpan client = one(backend, trace, "CLIENT", null);

        assertEquals(CLIENT_SPAN_ID, server.parentId(), backend + ": the SERVER span under the test client's");
        assertEquals(server.id(), handle.parentId(), backend + ": handle-request under the SERVER span");
        assertEquals(handle.id(), call.parentId(), backend + ": call-downstream under handle-request");
        assertEquals(call.id(), client.parentId(), backend + ": the CLIENT span under call-downstream");
        assertEquals("00-" + TRACE_ID + "-" + client.id() + "-01", downstream.traceparents().get(0),
                backend + ": the downstream's parent is the CLIENT span");

        // the HTTP server conventions
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("http.request.method", "GET");
        expected.put("url.path", "/traced");
        expected.put("url.scheme", "http");
        expected.put("server.address", "127.0.0.1");
        expected.put("server.port", Integer.toString(serverPort));
        expected.put("network.protocol.version", "1.1");
        expected.put("http.response.status_code", "200");
        expected.forEach((k, v) -> assertEquals(v, server.attribute(k), backend + ": SERVER " + k + " in " + server));
        assertEquals(null, server.attribute("error.type"), backend + ": " + server);
        // the HTTP client conventions
        URI target = URI.create(downstream.url() + "/data");
        assertEquals("GET", client.attribute("http.request.method"), backend + ": " + client);
        assertEquals(target.toString(), client.attribute("url.full"), backend + ": " + client);
        assertEquals("127.0.0.1", client.attribute("server.address"), backend + ": " + client);
        assertEquals(Integer.toString(target.getPort()), client.attribute("server.port"), backend + ": " + client);
        assertEquals("200", client.attribute("http.response.status_code"), backend + ": " + client);
    }

    /** The one span of {@code kind} (and {@code name}, unless null) in {@code trace}. */
    private static TreeSpan one(String backend, List<TreeSpan> trace, String kind, String name) {
        List<TreeSpan> found = trace.stream().filter(s -> s.kind().equals(kind))
                .filter(s -> name == null || s.name().equals(name)).toList();
        assertEquals(1, found.size(), backend + ": one " + kind + " span " + (name == null ? "" : name) + " in " + trace);
        return found.get(0);
    }

    private static TreeSpan fromZipkin(JsonNode s) {
        Map<String, String> tags = new LinkedHashMap<>();
        s.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
        return new TreeSpan(s.get("traceId").asText(), s.get("id").asText(), s.path("parentId").asText(""),
                s.get("name").asText(), s.path("kind").asText("INTERNAL"), tags);
    }

    private static TreeSpan fromOtlp(Span s) {
        HexFormat hex = HexFormat.of();
        String kind = switch (s.getKind()) {
            case SPAN_KIND_SERVER -> "SERVER";
            case SPAN_KIND_CLIENT -> "CLIENT";
            case SPAN_KIND_INTERNAL -> "INTERNAL";
            default -> s.getKind().name();
        };
        return new TreeSpan(hex.formatHex(s.getTraceId().toByteArray()), hex.formatHex(s.getSpanId().toByteArray()),
                hex.formatHex(s.getParentSpanId().toByteArray()), s.getName(), kind, attributes(s.getAttributesList()));
    }

    private static Map<String, String> attributes(List<io.opentelemetry.proto.common.v1.KeyValue> list) {
        Map<String, String> out = new LinkedHashMap<>();
        for (var kv : list) {
            AnyValue v = kv.getValue();
            out.put(kv.getKey(), switch (v.getValueCase()) {
                case STRING_VALUE -> v.getStringValue();
                case INT_VALUE -> Long.toString(v.getIntValue());
                case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
                case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
                default -> v.toString();
            });
        }
        return out;
    }

    /** The one data point of histogram {@code name} the OTLP receiver got. */
    private static HistogramDataPoint point(String name) {
        List<Metric> found = otlp.metrics().stream().filter(m -> m.getName().equals(name)).toList();
        assertEquals(1, found.size(), name + " exported once: " + otlp.metrics().stream().map(Metric::getName).toList());
        assertEquals("s", found.get(0).getUnit(), name);
        List<HistogramDataPoint> points = found.get(0).getHistogram().getDataPointsList();
        assertEquals(1, points.size(), name + ": " + points);
        return points.get(0);
    }
}
