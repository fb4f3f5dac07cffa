package dev.wasiotel.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.wasiotel.host.component.Component;
import dev.wasiotel.host.component.ComponentHost;
import dev.wasiotel.host.component.PreparedComponent;
import dev.wasiotel.host.serve.ComponentServer;
import dev.wasiotel.host.wasi.Wasi;
import dev.wasiotel.host.wasi.WasiConfig;
import dev.wasiotel.host.wasi.http.OutboundPolicy;
import dev.wasiotel.host.wasi.http.WasiHttp;
import dev.wasiotel.otel.CallSpans;
import dev.wasiotel.otel.WasiOtel;
import dev.wasiotel.wit.runtime.GuestLimits;
import dev.wasiotel.wit.runtime.calls.CallFilter;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real wasi:http guests ({@code guests/c-http}, {@code guests/js-http-otel}) served by an
 * in-process {@link ComponentServer}: each answers the cases of its {@code expected-responses.json}
 * (the responses Node's jco peer gives) byte for byte, and the JS guest's spans, exported by the
 * real SDK, form one trace with the caller's and the downstream's.
 */
class ServeRealGuestsTest {
    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String CALLER_SPAN_ID = "b7ad6b7169203331";

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** The traceparent header of each request the downstream received, in order. */
    private final List<String> downstreamTraceparents = new CopyOnWriteArrayList<>();
    private OpenTelemetrySdk sdk;
    private WasiOtel wasiOtel;
    private Wasi wasi;
    private HttpServer downstream;
    private String downstreamUrl;
    private ComponentServer server;

    @BeforeEach
    void setUp() throws IOException {
        SpanProcessor processor = SimpleSpanProcessor.create(spans);
        sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(processor).build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        wasiOtel = WasiOtel.builder(sdk).addSpanProcessor(processor).build();
        wasi = Wasi.of(WasiConfig.builder().stdin(new byte[0]).stdout(OutputStream.nullOutputStream())
                .stderr(OutputStream.nullOutputStream()).build());
        // the same downstream as verify-http.mjs: GET /data is 200 "downstream data\n", else 404 "not found\n"
        downstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        downstream.createContext("/", exchange -> {
            String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
            downstreamTraceparents.add(traceparent == null ? "" : traceparent);
            exchange.getRequestBody().readAllBytes();
            boolean data = exchange.getRequestMethod().equals("GET") && exchange.getRequestURI().toString().equals("/data");
            byte[] body = (data ? "downstream data\n" : "not found\n").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("content-type", "text/plain");
            exchange.sendResponseHeaders(data ? 200 : 404, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        downstream.start();
        downstreamUrl = "http://127.0.0.1:" + downstream.getAddress().getPort();
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
        downstream.stop(0);
        wasi.close();
        sdk.close();
    }

    private void serve(String guest) throws IOException {
        serve(guest, null);
    }

    /** Serves {@code guest}, its calls traced by {@code traceCalls} if not null ({@code serve --trace-calls}). */
    private void serve(String guest, CallFilter traceCalls) throws IOException {
        // any loopback port: c-http's "connection refused" case goes to 127.0.0.1:9 and must be
        // refused by the network, not denied by the policy
        WasiHttp http = WasiHttp.of(OutboundPolicy.allowing(List.of("127.0.0.1")),
                ComponentServer.outgoingObserver(sdk));
        ComponentHost.Builder host = ComponentHost.builder().limits(GuestLimits.defaults())
                .provideAll(ComponentServer.functions(wasiOtel, wasi, http));
        if (traceCalls != null) {
            host.traceCalls(wasiOtel.callSpans(traceCalls, e -> false));
        }
        PreparedComponent prepared = host.build()
                .prepare(Component.load(Files.readAllBytes(HostProcess.guest(guest))));
        server = ComponentServer.builder(prepared, sdk).wasiOtel(wasiOtel)
                .listen(new InetSocketAddress("127.0.0.1", 0)).workers(2).start();
    }

    private HttpResponse<byte[]> send(HttpGuestCases.Case c) throws Exception {
        HttpRequest.BodyPublisher body = c.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(c.body());
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri().resolve(c.path())).method(c.method(), body)
                .timeout(Duration.ofSeconds(120));
        c.headers(downstreamUrl).forEach(b::header);
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void assertAnswers(HttpGuestCases.Case c, HttpResponse<byte[]> r) {
        assertEquals(c.status(), r.statusCode(), c.name() + ": status");
        for (Map.Entry<String, String> h : c.responseHeaders().entrySet()) {
            assertEquals(Optional.of(h.getValue()), r.headers().firstValue(h.getKey()), c.name() + ": header " + h.getKey());
        }
        assertArrayEquals(c.responseBody(), r.body(), c.name() + ": body (" + r.body().length + " bytes, "
                + c.responseBody().length + " expected)");
    }

    @Test
    void cHttpAnswersEveryCaseAsTheNodePeerDoes() throws Exception {
        serve("c-http");
        HttpGuestCases cases = HttpGuestCases.load("c-http");
        int checked = 0;
        for (HttpGuestCases.Case c : cases.cases()) {
            HttpResponse<byte[]> r = send(c);
            // a trap and a missing response included: an empty 500, as the Node peer answers them
            assertAnswers(c, r);
            checked++;
        }
        assertEquals(cases.cases().size(), checked);
        assertTrue(cases.cases().stream().anyMatch(c -> c.path().equals("/trap")), "the cases include a trap");
        // after the traps (the last case is not one), a plain request is still served
        HttpGuestCases.Case first = cases.cases().get(0);
        assertAnswers(first, send(first));
    }

    @Test
    void jsHttpOtelTracesThroughTheGuestToTheDownstream() throws Exception {
        serve("js-http-otel");
        HttpGuestCases cases = HttpGuestCases.load("js-http-otel");
        HttpGuestCases.Case traced = cases.cases().stream().filter(c -> c.headers().containsKey("traceparent")
                && c.headers().containsKey("x-downstream")).findFirst().orElseThrow();
        assertEquals("00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-01", traced.headers().get("traceparent"));
        HttpGuestCases.Case plain = cases.cases().stream().filter(c -> c.headers().isEmpty()).findFirst().orElseThrow();

        assertAnswers(plain, send(plain));
        assertTrue(downstreamTraceparents.isEmpty(), "no downstream call without x-downstream");

        assertAnswers(traced, send(traced));
        assertEquals(1, downstreamTraceparents.size(), "one downstream call: " + downstreamTraceparents);

        // the spans of the caller's trace (the first request's are in a trace of their own)
        SpanData serverSpan = span(s -> s.getKind() == SpanKind.SERVER);
        SpanData handle = span(s -> s.getName().equals("handle-request"));
        SpanData call = span(s -> s.getName().equals("call-downstream"));
        SpanData clientSpan = span(s -> s.getKind() == SpanKind.CLIENT);
        assertEquals(SpanKind.INTERNAL, handle.getKind());
        assertEquals(SpanKind.INTERNAL, call.getKind());
        assertEquals(CALLER_SPAN_ID, serverSpan.getParentSpanId(), "SERVER span under the caller's");
        assertEquals(serverSpan.getSpanId(), handle.getParentSpanId(), "handle-request under the SERVER span");
        assertEquals(handle.getSpanId(), call.getParentSpanId(), "call-downstream under handle-request");
        assertEquals(call.getSpanId(), clientSpan.getParentSpanId(), "the CLIENT span under call-downstream");

        String[] parts = downstreamTraceparents.get(0).split("-");
        assertEquals(4, parts.length, "downstream traceparent: " + downstreamTraceparents);
        assertEquals(TRACE_ID, parts[1], "downstream trace id");
        assertEquals(clientSpan.getSpanId(), parts[2], "downstream parent is the CLIENT span");
    }

    /**
     * {@code serve --trace-calls}: the caller's request to the JS guest is one trace of SERVER span
     * → export span {@code wasi:http/incoming-handler#handle} → the guest's {@code handle-request}
     * → its {@code call-downstream} → import span {@code wasi:http/outgoing-handler#handle} → the
     * host's CLIENT span, whose id the downstream receives; every other import span is under the
     * export span or a guest span, and the filtered-out interfaces have none.
     */
    @Test
    void jsHttpOtelUnderTraceCallsNestsExportGuestImportAndClientSpans() throws Exception {
        serve("js-http-otel", CallFilter.parse("-wasi:clocks/*,-wasi:random/*"));
        HttpGuestCases.Case traced = HttpGuestCases.load("js-http-otel").cases().stream()
                .filter(c -> c.headers().containsKey("traceparent") && c.headers().containsKey("x-downstream"))
                .findFirst().orElseThrow();

        assertAnswers(traced, send(traced));

        SpanData serverSpan = span(s -> s.getKind() == SpanKind.SERVER);
        SpanData export = span(s -> s.getName().equals("wasi:http/incoming-handler#handle"));
        SpanData handle = span(s -> s.getName().equals("handle-request"));
        SpanData call = span(s -> s.getName().equals("call-downstream"));
        SpanData outgoing = span(s -> s.getName().equals("wasi:http/outgoing-handler#handle"));
        SpanData clientSpan = span(s -> s.getKind() == SpanKind.CLIENT);
        assertEquals(CALLER_SPAN_ID, serverSpan.getParentSpanId(), "SERVER span under the caller's");
        assertEquals(serverSpan.getSpanId(), export.getParentSpanId(), "the export span under the SERVER span");
        assertEquals("export", export.getAttributes().get(AttributeKey.stringKey(CallSpans.KIND_KEY)));
        assertEquals(export.getSpanId(), handle.getParentSpanId(), "handle-request under the export span");
        assertEquals(handle.getSpanId(), call.getParentSpanId(), "call-downstream under handle-request");
        assertEquals(call.getSpanId(), outgoing.getParentSpanId(), "the import under call-downstream");
        assertEquals("import", outgoing.getAttributes().get(AttributeKey.stringKey(CallSpans.KIND_KEY)));
        assertEquals(outgoing.getSpanId(), clientSpan.getParentSpanId(), "the CLIENT span under the import");
        assertEquals(clientSpan.getSpanId(), downstreamTraceparents.get(0).split("-")[2], "the downstream's parent");

        // the guest's spans end after the response is on the wire: wait for its root's on-end
        span(s -> s.getName().equals("wasi:otel/tracing#on-end") && s.getParentSpanId().equals(handle.getSpanId()));
        List<String> callSpanParents = List.of(export.getSpanId(), handle.getSpanId(), call.getSpanId());
        List<SpanData> imports = spans.getFinishedSpanItems().stream().filter(s -> s.getTraceId().equals(TRACE_ID))
                .filter(s -> "import".equals(s.getAttributes().get(AttributeKey.stringKey(CallSpans.KIND_KEY))))
                .toList();
        assertTrue(imports.size() > 10, "the guest's WASI and wasi:otel calls: " + imports);
        for (SpanData s : imports) {
            assertTrue(callSpanParents.contains(s.getParentSpanId()), "under the export or a guest span: " + s);
            assertFalse(s.getName().startsWith("wasi:clocks/") || s.getName().startsWith("wasi:random/"),
                    "filtered out: " + s);
        }
        assertTrue(imports.stream().anyMatch(s -> s.getName().startsWith("wasi:otel/tracing#on-start")), imports.toString());
    }

    /**
     * The one finished span of trace {@link #TRACE_ID} that {@code which} selects. A response may be on the wire a moment before
     * the guest's spans end (they end after the body is written), so this waits, at most 30 s.
     */
    private SpanData span(Predicate<SpanData> which) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            List<SpanData> found = spans.getFinishedSpanItems().stream()
                    .filter(s -> s.getTraceId().equals(TRACE_ID)).filter(which).toList();
            if (found.size() > 1) {
                throw new AssertionError("more than one such span: " + found);
            }
            if (found.size() == 1) {
                return found.get(0);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no such span among " + spans.getFinishedSpanItems());
            }
            Thread.sleep(20);
        }
    }
}
