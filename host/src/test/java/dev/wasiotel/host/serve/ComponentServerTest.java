package dev.wasiotel.host.serve;

import static dev.wasiotel.host.serve.ChunkedEcho.line;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.wasiotel.wit.runtime.GuestLimits;
import dev.wasiotel.wit.runtime.calls.CallFilter;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ComponentServer} serving the WAT wasi:http guest ({@code guests/wat/http}) to a real
 * {@code java.net.http} client, with a real downstream server on loopback and the real SDK
 * recording spans and metrics in memory.
 */
class ComponentServerTest {
    private static final Path GUEST = Path.of("../component/src/test/resources/components/http.wasm");
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT_ID = "00f067aa0ba902b7";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + PARENT_ID + "-01";

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private SpanProcessor processor;
    private OpenTelemetrySdk sdk;
    private HttpServer downstream;
    private final AtomicReference<String> downstreamTraceparent = new AtomicReference<>();
    private ServedGuest served;
    private ComponentServer server;
    /** The calls the next {@link #start} traces, or null for none. */
    private CallFilter traceCalls;

    @BeforeEach
    void setUp() throws IOException {
        processor = SimpleSpanProcessor.create(spans);
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(processor).build())
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        downstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        downstream.createContext("/downstream", exchange -> {
            downstreamTraceparent.set(exchange.getRequestHeaders().getFirst("traceparent"));
            byte[] body = "from downstream".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        downstream.start();
    }

    @AfterEach
    void tearDown() {
        if (served != null) {
            served.close();
        }
        downstream.stop(0);
        sdk.close();
    }

    private void start(GuestLimits limits, List<String> allowOutbound, long maxBody, int maxHeader) throws IOException {
        start(limits, allowOutbound, maxBody, maxHeader, 2);
    }

    private void start(GuestLimits limits, List<String> allowOutbound, long maxBody, int maxHeader, int workers)
            throws IOException {
        served = ServedGuest.builder(GUEST, sdk, processor).limits(limits).allowOutbound(allowOutbound)
                .traceCalls(traceCalls).server(b -> b.workers(workers).maxBodyBytes(maxBody).maxHeaderBytes(maxHeader))
                .start();
        server = served.server();
    }

    private void start() throws IOException {
        start(GuestLimits.defaults(), List.of(), 1L << 30, 8 * 1024);
    }

    private HttpResponse<String> send(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri().resolve(path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private SpanData serverSpan(Predicate<SpanData> which) throws InterruptedException {
        return ServerSpans.await(spans, which);
    }

    @Test
    void echoesTheBodyUnderTheIncomingTraceparent() throws Exception {
        start();
        HttpResponse<String> r = send("/echo?x=1", "hello, guest", "traceparent", TRACEPARENT);
        assertEquals(200, r.statusCode());
        assertEquals("hello, guest", r.body());
        assertEquals("wat-http", r.headers().firstValue("x-guest").orElseThrow());
        assertEquals("application/octet-stream", r.headers().firstValue("content-type").orElseThrow());

        SpanData span = serverSpan(s -> true);
        assertEquals(TRACE_ID, span.getTraceId());
        assertEquals(PARENT_ID, span.getParentSpanId());
        assertEquals("POST", span.getName());
        assertEquals("POST", span.getAttributes().get(AttributeKey.stringKey("http.request.method")));
        assertEquals("/echo", span.getAttributes().get(AttributeKey.stringKey("url.path")));
        assertEquals("x=1", span.getAttributes().get(AttributeKey.stringKey("url.query")));
        assertEquals("http", span.getAttributes().get(AttributeKey.stringKey("url.scheme")));
        assertEquals("127.0.0.1", span.getAttributes().get(AttributeKey.stringKey("server.address")));
        assertEquals((long) server.port(), span.getAttributes().get(AttributeKey.longKey("server.port")));
        assertEquals("1.1", span.getAttributes().get(AttributeKey.stringKey("network.protocol.version")));
        assertEquals(200L, span.getAttributes().get(AttributeKey.longKey("http.response.status_code")));
        assertEquals(StatusCode.UNSET, span.getStatus().getStatusCode());

        MetricData duration = metrics.collectAllMetrics().stream()
                .filter(m -> m.getName().equals("http.server.request.duration")).findFirst().orElseThrow();
        assertEquals("s", duration.getUnit());
        assertEquals(1, duration.getHistogramData().getPoints().iterator().next().getCount());
    }

    /**
     * 64 MiB streamed through the guest and back, by a plain socket speaking HTTP/1.1 with chunked
     * bodies ({@link ChunkedEcho}: {@code java.net.http} would deadlock against an echo).
     */
    @Test
    void streamsALargeBodyBothWays() throws Exception {
        start();
        long size = 64L * 1024 * 1024 + 123; // not a multiple of any buffer
        long seed = 20261204L;
        ChunkedEcho.Result r = ChunkedEcho.post(server.uri().resolve("/echo"), size, seed, received -> { });
        assertEquals("HTTP/1.1 200 OK", r.status(), "seed " + seed);
        assertTrue(r.chunked(), "the response streams with chunked encoding");
        assertEquals(size, r.received(), "seed " + seed);
        assertArrayEquals(r.sentSha256(), r.receivedSha256(), "seed " + seed);
    }

    @Test
    void aTrapIs500AndTheNextRequestIsServed() throws Exception {
        start();
        assertEquals(500, send("/trap", "").statusCode());
        SpanData failed = serverSpan(s -> "/trap".equals(s.getAttributes().get(AttributeKey.stringKey("url.path"))));
        assertEquals(StatusCode.ERROR, failed.getStatus().getStatusCode());
        assertTrue(failed.getStatus().getDescription().contains("trapped"), failed.getStatus().getDescription());
        assertEquals("guest-trap", failed.getAttributes().get(AttributeKey.stringKey("error.type")));
        assertEquals(500L, failed.getAttributes().get(AttributeKey.longKey("http.response.status_code")));

        HttpResponse<String> next = send("/echo", "again");
        assertEquals(200, next.statusCode());
        assertEquals("again", next.body());
    }

    /**
     * One worker, and a client that sends part of its body and then nothing: the guest waiting for
     * the rest runs into its deadline, the worker is free again and the next request is served.
     */
    @Test
    void aSlowClientDoesNotHoldAWorkerForever() throws Exception {
        start(GuestLimits.defaults().withCallTimeout(Duration.ofSeconds(1)), List.of(), 1L << 30, 8 * 1024, 1);
        try (java.net.Socket slow = new java.net.Socket("127.0.0.1", server.port())) {
            slow.setSoTimeout(30_000);
            slow.getOutputStream().write(("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n").getBytes(StandardCharsets.US_ASCII));
            slow.getOutputStream().flush();
            InputStream in = slow.getInputStream();
            assertEquals("HTTP/1.1 200 OK", line(in));
            // ... and the client sends nothing more
            HttpResponse<String> next = send("/echo", "next");
            assertEquals(200, next.statusCode());
            assertEquals("next", next.body());
            SpanData stalled = serverSpan(s -> "deadline".equals(s.getAttributes().get(AttributeKey.stringKey("error.type"))));
            assertEquals(StatusCode.ERROR, stalled.getStatus().getStatusCode());
            // the stalled response was cut off, not completed
            String rest;
            try {
                rest = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            } catch (IOException reset) {
                rest = ""; // cut off with a reset
            }
            assertTrue(!rest.contains("\r\n0\r\n\r\n"),
                    "the stalled response must not end as if complete");
        }
    }

    /** The guest passes the request's trailers on as the response's (incoming-body.finish, outgoing-body.finish). */
    @Test
    void trailersPassThroughTheGuest() throws Exception {
        start();
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("POST /echo HTTP/1.1\r\nHost: x\r\nTE: trailers\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nx-check: 42\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            assertEquals("HTTP/1.1 200 OK", line(in));
            while (!line(in).isEmpty()) {
                // the headers
            }
            assertEquals("3", line(in));
            assertEquals("abc", line(in));
            assertEquals("0", line(in));
            assertEquals("x-check: 42", line(in).toLowerCase(java.util.Locale.ROOT));
            assertEquals("", line(in));
        }
    }

    @Test
    void noResponseIs500() throws Exception {
        start();
        assertEquals(500, send("/none", "").statusCode());
        SpanData failed = serverSpan(s -> true);
        assertEquals(StatusCode.ERROR, failed.getStatus().getStatusCode());
        assertEquals("no-response", failed.getAttributes().get(AttributeKey.stringKey("error.type")));
        assertEquals(200, send("/echo", "x").statusCode());
    }

    @Test
    void theDeadlineIs504() throws Exception {
        start(GuestLimits.defaults().withCallTimeout(Duration.ofMillis(500)), List.of(), 1L << 30, 8 * 1024);
        assertEquals(504, send("/loop", "").statusCode());
        SpanData failed = serverSpan(s -> true);
        assertEquals(StatusCode.ERROR, failed.getStatus().getStatusCode());
        assertEquals("deadline", failed.getAttributes().get(AttributeKey.stringKey("error.type")));
        assertEquals(504L, failed.getAttributes().get(AttributeKey.longKey("http.response.status_code")));
        assertEquals(200, send("/echo", "x").statusCode());
    }

    @Test
    void anOutgoingRequestIsAClientSpanUnderTheGuestSpanAndCarriesItsTraceparent() throws Exception {
        int port = downstream.getAddress().getPort();
        start(GuestLimits.defaults(), List.of("127.0.0.1:" + port), 1L << 30, 8 * 1024);
        HttpResponse<String> r = send("/fetch", "127.0.0.1:" + port, "traceparent", TRACEPARENT);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("from downstream", r.body());

        SpanData serverSpan = serverSpan(s -> true);
        SpanData guestSpan = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals("guest-fetch"))
                .findFirst().orElseThrow();
        SpanData clientSpan = spans.getFinishedSpanItems().stream().filter(s -> s.getKind() == SpanKind.CLIENT)
                .findFirst().orElseThrow();
        assertEquals(TRACE_ID, serverSpan.getTraceId());
        assertEquals(TRACE_ID, guestSpan.getTraceId());
        assertEquals("5ca1ab1e0ddba11a", guestSpan.getSpanId(), "the span id the guest chose");
        assertEquals(serverSpan.getSpanId(), guestSpan.getParentSpanId());
        assertEquals(SpanKind.INTERNAL, guestSpan.getKind());
        assertEquals(TRACE_ID, clientSpan.getTraceId());
        assertEquals(guestSpan.getSpanId(), clientSpan.getParentSpanId());
        assertEquals("GET", clientSpan.getAttributes().get(AttributeKey.stringKey("http.request.method")));
        assertEquals("127.0.0.1", clientSpan.getAttributes().get(AttributeKey.stringKey("server.address")));
        assertEquals((long) port, clientSpan.getAttributes().get(AttributeKey.longKey("server.port")));
        assertEquals(200L, clientSpan.getAttributes().get(AttributeKey.longKey("http.response.status_code")));
        assertEquals("00-" + TRACE_ID + "-" + clientSpan.getSpanId() + "-01", downstreamTraceparent.get());
        assertTrue(metrics.collectAllMetrics().stream().anyMatch(m -> m.getName().equals("http.client.request.duration")));
    }

    /**
     * Issue 15 under serve: with call tracing, one request's trace is the SERVER span (the client's
     * span its parent) → the export span of {@code wasi:http/incoming-handler#handle} → the guest's
     * span → the import span of {@code wasi:http/outgoing-handler#handle} → the CLIENT span, whose
     * traceparent the downstream received.
     */
    @Test
    void callTracingNestsTheExportGuestImportAndClientSpansUnderTheServerSpan() throws Exception {
        traceCalls = CallFilter.all();
        int port = downstream.getAddress().getPort();
        start(GuestLimits.defaults(), List.of("127.0.0.1:" + port), 1L << 30, 8 * 1024);
        HttpResponse<String> r = send("/fetch", "127.0.0.1:" + port, "traceparent", TRACEPARENT);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("from downstream", r.body());

        SpanData serverSpan = serverSpan(s -> true);
        List<SpanData> all = spans.getFinishedSpanItems();
        assertEquals(PARENT_ID, serverSpan.getParentSpanId(), () -> "the client's span is the server span's parent\n"
                + tree(all));
        SpanData export = named(all, "wasi:http/incoming-handler#handle");
        assertEquals(serverSpan.getSpanId(), export.getParentSpanId(), "the export span is the server span's child");
        assertEquals(SpanKind.INTERNAL, export.getKind());
        assertEquals("export", export.getAttributes().get(AttributeKey.stringKey("wasm.component.call.kind")));
        SpanData guestSpan = named(all, "guest-fetch");
        assertEquals("5ca1ab1e0ddba11a", guestSpan.getSpanId(), "the span id the guest chose");
        assertEquals(export.getSpanId(), guestSpan.getParentSpanId(), "the guest's span is the export span's child");
        SpanData outgoing = named(all, "wasi:http/outgoing-handler#handle");
        assertEquals(guestSpan.getSpanId(), outgoing.getParentSpanId(), "the import span is the guest span's child");
        assertEquals("import", outgoing.getAttributes().get(AttributeKey.stringKey("wasm.component.call.kind")));
        SpanData clientSpan = all.stream().filter(s -> s.getKind() == SpanKind.CLIENT).findFirst().orElseThrow();
        // the request starts inside the guest's outgoing-handler#handle call, whose span is current
        // then; the CLIENT span outlives it (the guest waits on a pollable) as an asynchronous child
        assertEquals(outgoing.getSpanId(), clientSpan.getParentSpanId(), "the CLIENT span is the import span's child");
        assertEquals("00-" + TRACE_ID + "-" + clientSpan.getSpanId() + "-01", downstreamTraceparent.get());
        for (SpanData s : all) {
            assertEquals(TRACE_ID, s.getTraceId(), s.getName());
        }
        assertTrue(all.stream().anyMatch(s -> s.getName().startsWith("wasi:io/")),
                "the guest's body streams are traced too (else the filter test below proves nothing)");
    }

    @Test
    void callTracingLeavesOutWhatTheFilterExcludes() throws Exception {
        traceCalls = CallFilter.parse("-wasi:io/*,-wasi:http/outgoing-handler");
        int port = downstream.getAddress().getPort();
        start(GuestLimits.defaults(), List.of("127.0.0.1:" + port), 1L << 30, 8 * 1024);
        HttpResponse<String> r = send("/fetch", "127.0.0.1:" + port, "traceparent", TRACEPARENT);
        assertEquals(200, r.statusCode(), r.body());

        SpanData serverSpan = serverSpan(s -> true);
        List<SpanData> all = spans.getFinishedSpanItems();
        assertEquals(serverSpan.getSpanId(), named(all, "wasi:http/incoming-handler#handle").getParentSpanId());
        List<String> io = all.stream().map(SpanData::getName)
                .filter(n -> n.startsWith("wasi:io/") || n.startsWith("wasi:http/outgoing-handler")).toList();
        assertEquals(List.of(), io);
        assertTrue(all.stream().anyMatch(s -> s.getName().startsWith("wasi:http/types#")), "the rest is traced");
        // without the import's span, the CLIENT span is the child of the guest's span
        SpanData clientSpan = all.stream().filter(s -> s.getKind() == SpanKind.CLIENT).findFirst().orElseThrow();
        assertEquals(named(all, "guest-fetch").getSpanId(), clientSpan.getParentSpanId());
    }

    private static SpanData named(List<SpanData> all, String name) {
        List<SpanData> found = all.stream().filter(s -> s.getName().equals(name)).toList();
        assertEquals(1, found.size(), () -> name + " among " + all.stream().map(SpanData::getName).toList());
        return found.get(0);
    }

    /** The spans as lines of name, id, parent and kind, for the report of a failure. */
    private static String tree(List<SpanData> all) {
        StringBuilder out = new StringBuilder();
        for (SpanData s : all) {
            out.append(s.getName()).append(" span=").append(s.getSpanId()).append(" parent=")
                    .append(s.getParentSpanId()).append(' ').append(s.getKind()).append('\n');
        }
        return out.toString();
    }

    @Test
    void anOutgoingRequestToAHostNotAllowedIsDenied() throws Exception {
        int port = downstream.getAddress().getPort();
        start(GuestLimits.defaults(), List.of("example.com"), 1L << 30, 8 * 1024);
        HttpResponse<String> r = send("/fetch", "127.0.0.1:" + port);
        assertEquals(502, r.statusCode());
        assertEquals("15", r.body(), "error-code case 15 is HTTP-request-denied");
        assertEquals(null, downstreamTraceparent.get(), "nothing reached the downstream server");
        SpanData clientSpan = spans.getFinishedSpanItems().stream().filter(s -> s.getKind() == SpanKind.CLIENT)
                .findFirst().orElseThrow();
        assertEquals("http-request-denied", clientSpan.getAttributes().get(AttributeKey.stringKey("error.type")));
    }

    @Test
    void oversizeHeadersAre431AndOversizeBodiesAre413() throws Exception {
        start(GuestLimits.defaults(), List.of(), 1024, 1024);
        HttpResponse<String> headers = send("/echo", "x", "x-big", "a".repeat(4096));
        assertEquals(431, headers.statusCode());
        HttpResponse<String> body = send("/echo", "b".repeat(10_000));
        assertEquals(413, body.statusCode());
        HttpResponse<String> ok = send("/echo", "small");
        assertEquals(200, ok.statusCode());
        assertEquals("small", ok.body());
    }

    @Test
    void servesHttp2Cleartext() throws Exception {
        start();
        HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        // java.net.http upgrades to h2c only on a request without a body: the echo is empty
        HttpResponse<String> r = h2.send(HttpRequest.newBuilder(server.uri().resolve("/echo")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals("", r.body());
        assertEquals(HttpClient.Version.HTTP_2, r.version());
        assertNotNull(serverSpan(s -> "2".equals(s.getAttributes().get(AttributeKey.stringKey("network.protocol.version")))));
    }

    @Test
    void eachRequestGetsAFreshInstance() throws Exception {
        start();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = send("/echo", "request " + i);
            assertEquals("request " + i, r.body());
            // the guest counts the requests its instance handled: always the first
            assertEquals("1", r.headers().firstValue("x-served").orElseThrow());
        }
    }
}
