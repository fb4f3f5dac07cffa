package dev.wasiotel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code wasi-otel run --trace-calls} on the C guest (clang), its spans read back from a real
 * Zipkin server: the host span, the export span under it, the guest's own spans under the export
 * span, and one span per import call (wasi:otel) under the span the guest had open when it made
 * the call, as the guest's calls under Node (its {@code expected-calls.json}) say it had. The
 * guest's clock reads (wasi:clocks) are filtered out, and must not appear.
 */
class CallTracingEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ZipkinServer zipkin;

    @BeforeAll
    static void backend() throws Exception {
        zipkin = ZipkinServer.start();
    }

    @AfterAll
    static void stop() {
        if (zipkin != null) {
            zipkin.close();
        }
    }

    @Test
    void theCallTreeOfTheCGuestReachesZipkin() throws Exception {
        String service = "e2e-trace-calls-c-otel";
        Map<String, String> env = Map.of(
                "OTEL_SERVICE_NAME", service,
                "OTEL_TRACES_EXPORTER", "zipkin",
                "OTEL_EXPORTER_ZIPKIN_ENDPOINT", zipkin.spansEndpoint(),
                "OTEL_METRICS_EXPORTER", "none",
                "OTEL_LOGS_EXPORTER", "none");
        HostProcess.Result run = HostProcess.run(env, Duration.ofMinutes(5), "run", "--trace-calls=-wasi:clocks/*",
                HostProcess.guest("c-otel").toString(), "--invoke", "run", "world");
        assertEquals(0, run.exitCode(), run.toString());

        List<JsonNode> calls = firstRun();
        // the host span, the export span, the guest's spans, one span per import call
        long guestSpans = calls.stream().filter(c -> c.get("fn").asText().equals("tracing.on-end")).count();
        int expected = 2 + (int) guestSpans + calls.size();
        List<JsonNode> spans = zipkin.spans(service, expected, Duration.ofSeconds(60));
        assertEquals(expected, spans.size(), "spans: " + spans);
        Map<String, JsonNode> byId = new HashMap<>();
        spans.forEach(s -> byId.put(s.get("id").asText(), s));

        JsonNode host = ZipkinServer.byName(spans, "run c-otel.wasm");
        assertFalse(host.has("parentId"), "the host span is the root: " + host);
        JsonNode export = ZipkinServer.byName(spans, "run");
        assertEquals(host.get("id").asText(), export.path("parentId").asText(), "the export span: " + export);
        assertEquals("export", export.get("tags").get("wasm.component.call.kind").asText());
        for (JsonNode s : spans) {
            assertEquals(host.get("traceId").asText(), s.get("traceId").asText(), "one trace: " + s);
        }

        // replay the guest's calls: which guest span was open at each one
        Map<String, String> names = new HashMap<>();
        for (JsonNode c : calls) {
            if (c.get("fn").asText().equals("tracing.on-end")) {
                JsonNode span = c.get("args").get(0);
                names.put(span.get("spanContext").get("spanId").asText(), span.get("name").asText());
            }
        }
        Map<String, List<String>> expectedParents = new TreeMap<>();
        Map<String, String> guestParents = new TreeMap<>();
        Deque<String> open = new ArrayDeque<>();
        for (JsonNode c : calls) {
            String fn = c.get("fn").asText();
            String parent = open.isEmpty() ? "run" : names.get(open.peek());
            expectedParents.computeIfAbsent(spanName(fn), k -> new ArrayList<>()).add(parent);
            if (fn.equals("tracing.on-start")) {
                String id = c.get("args").get(0).get("spanId").asText();
                guestParents.put(names.get(id), parent);
                open.push(id);
            } else if (fn.equals("tracing.on-end")) {
                open.remove(c.get("args").get(0).get("spanContext").get("spanId").asText());
            }
        }
        Map<String, List<String>> actualParents = new TreeMap<>();
        Map<String, String> actualGuestParents = new TreeMap<>();
        for (JsonNode s : spans) {
            String name = s.get("name").asText();
            String parent = s.has("parentId") ? byId.get(s.get("parentId").asText()).get("name").asText() : null;
            assertFalse(name.startsWith("wasi:clocks/"), "filtered out: " + s);
            if (name.startsWith("wasi:otel/")) {
                actualParents.computeIfAbsent(name, k -> new ArrayList<>()).add(parent);
                assertEquals("import", s.get("tags").get("wasm.component.call.kind").asText(), name);
            } else if (names.containsValue(name)) {
                actualGuestParents.put(name, parent);
            }
        }
        expectedParents.values().forEach(l -> l.sort(null));
        actualParents.values().forEach(l -> l.sort(null));
        assertEquals(expectedParents, actualParents, "each import call under the span open when it was made");
        assertEquals(guestParents, actualGuestParents, "the guest's spans, the outermost under the export span");
        assertTrue(guestParents.containsValue("run"), guestParents.toString());
    }

    @Test
    void crossComponentCallsOfAComposedComponentReachZipkin() throws Exception {
        String service = "e2e-trace-calls-composed";
        Map<String, String> env = Map.of(
                "OTEL_SERVICE_NAME", service,
                "OTEL_TRACES_EXPORTER", "zipkin",
                "OTEL_EXPORTER_ZIPKIN_ENDPOINT", zipkin.spansEndpoint(),
                "OTEL_METRICS_EXPORTER", "none",
                "OTEL_LOGS_EXPORTER", "none");
        String composed = HostProcess.root().resolve("component/src/test/resources/components/composed.wasm").toString();
        HostProcess.Result run = HostProcess.run(env, Duration.ofMinutes(5), "run", "--trace-calls", composed,
                "--invoke", "test:composed/api#run");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.stdout().contains("1017"), run.toString());

        List<JsonNode> spans = zipkin.spans(service, 3, Duration.ofSeconds(60));
        assertEquals(3, spans.size(), "the host span, the export span, the cross-component span: " + spans);
        JsonNode host = ZipkinServer.byName(spans, "run composed.wasm");
        JsonNode export = ZipkinServer.byName(spans, "test:composed/api#run");
        JsonNode cross = ZipkinServer.byName(spans, "len");
        assertEquals(host.get("id").asText(), export.path("parentId").asText(), export.toString());
        assertEquals(export.get("id").asText(), cross.path("parentId").asText(), cross.toString());
        assertEquals("cross-component", cross.get("tags").get("wasm.component.call.kind").asText());
        assertEquals("/", cross.get("tags").get("wasm.component.instance").asText());
        assertEquals("/0", cross.get("tags").get("wasm.component.callee.instance").asText());
    }

    /** {@code tracing.on-start} as its span is named: {@code wasi:otel/tracing#on-start}. */
    private static String spanName(String fn) {
        int dot = fn.indexOf('.');
        return "wasi:otel/" + fn.substring(0, dot) + "#" + fn.substring(dot + 1);
    }

    /** The calls of the first run recorded under Node. */
    private static List<JsonNode> firstRun() throws Exception {
        JsonNode all = JSON.readTree(Files.readString(HostProcess.root()
                .resolve("integration-tests/guests/c-otel/expected-calls.json")));
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode call : all) {
            if (call.get("fn").asText().equals("tracing.current-span-context") && !out.isEmpty()) {
                break;
            }
            out.add(call);
        }
        return out;
    }
}
