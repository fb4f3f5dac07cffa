package dev.wasiotel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.host.serve.ComponentServer;
import dev.wasiotel.otel.CallSpans;
import dev.wasiotel.wit.runtime.calls.CallFilter;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
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
    private DownstreamServer downstream;
    private InProcessServer server;

    @BeforeEach
    void setUp() throws IOException {
        downstream = DownstreamServer.start();
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
        downstream.close();
    }

    private void serve(String guest) throws IOException {
        serve(guest, null);
    }

    /** Serves {@code guest}, its calls traced by {@code traceCalls} if not null ({@code serve --trace-calls}). */
    private void serve(String guest, CallFilter traceCalls) throws IOException {
        server = InProcessServer.start(guest, SimpleSpanProcessor.create(spans), 2, traceCalls);
    }

    private HttpResponse<byte[]> send(HttpGuestCases.Case c) throws Exception {
        return c.send(client, server.uri(), downstream.url());
    }

    @Test
    void cHttpAnswersEveryCaseAsTheNodePeerDoes() throws Exception {
        serve("c-http");
        HttpGuestCases cases = HttpGuestCases.load("c-http");
        int checked = 0;
        for (HttpGuestCases.Case c : cases.cases()) {
            HttpResponse<byte[]> r = send(c);
            // a trap and a missing response included: an empty 500, as the Node peer answers them
            c.assertAnswered(r);
            checked++;
        }
        assertEquals(cases.cases().size(), checked);
        assertTrue(cases.cases().stream().anyMatch(c -> c.path().equals("/trap")), "the cases include a trap");
        // after the traps (the last case is not one), a plain request is still served
        HttpGuestCases.Case first = cases.cases().get(0);
        first.assertAnswered(send(first));
    }

    @Test
    void jsHttpOtelTracesThroughTheGuestToTheDownstream() throws Exception {
        serve("js-http-otel");
        HttpGuestCases cases = HttpGuestCases.load("js-http-otel");
        HttpGuestCases.Case traced = cases.cases().stream().filter(c -> c.headers().containsKey("traceparent")
                && c.headers().containsKey("x-downstream")).findFirst().orElseThrow();
        assertEquals("00-" + TRACE_ID + "-" + CALLER_SPAN_ID + "-01", traced.headers().get("traceparent"));
        HttpGuestCases.Case plain = cases.cases().stream().filter(c -> c.headers().isEmpty()).findFirst().orElseThrow();

        plain.assertAnswered(send(plain));
        assertTrue(downstream.traceparents().isEmpty(), "no downstream call without x-downstream");

        traced.assertAnswered(send(traced));
        assertEquals(1, downstream.traceparents().size(), "one downstream call: " + downstream.traceparents());

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

        String[] parts = downstream.traceparents().get(0).split("-");
        assertEquals(4, parts.length, "downstream traceparent: " + downstream.traceparents());
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

        traced.assertAnswered(send(traced));

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
        assertEquals(clientSpan.getSpanId(), downstream.traceparents().get(0).split("-")[2], "the downstream's parent");

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
