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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code wasi-otel run --trace-calls} on the C guest (clang), its spans read back from a real
 * Zipkin server: the host span, the export span under it, the guest's own spans under the export
 * span, and one span per import call (wasi:otel) under the span the guest had open when it made
 * the call, as the guest's calls under Node (its {@code expected-calls.json}) say it had. The
 * guest's clock reads (wasi:clocks) are filtered out, and must not appear. The same for the JS
 * guest (OpenTelemetry JS SDK), and the cross-component call of the composed fixture.
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

        List<JsonNode> calls = firstRun("c-otel");
        // the host span, the export span, the guest's spans, one span per import call
        int expected = 2 + guestSpanCount(calls) + calls.size();
        List<JsonNode> spans = zipkin.spans(service, expected, Duration.ofSeconds(60));
        assertEquals(expected, spans.size(), "spans: " + spans);
        for (JsonNode s : spans) {
            assertFalse(s.get("name").asText().startsWith("wasi:clocks/"), "filtered out: " + s);
        }
        assertCallTree(spans, "run c-otel.wasm", "run", calls);
    }

    /**
     * The JS guest (componentize-js, the OpenTelemetry JS SDK inside) with its clock and random
     * reads left out: its wasi:otel calls and its own spans nest as its calls under Node say; the
     * WASI calls it makes after its spans ended (stdout, the file system's preopens, a timer of the
     * SDK's flush) are children of the export span; the guest's spans keep the ids the guest gave
     * them (the ids its log records carry, printed by the console log exporter).
     */
    @Test
    void theCallTreeOfTheJsGuestReachesZipkin() throws Exception {
        String service = "e2e-trace-calls-js-otel-sdk";
        Map<String, String> env = Map.of(
                "OTEL_SERVICE_NAME", service,
                "OTEL_TRACES_EXPORTER", "zipkin",
                "OTEL_EXPORTER_ZIPKIN_ENDPOINT", zipkin.spansEndpoint(),
                "OTEL_METRICS_EXPORTER", "none",
                "OTEL_LOGS_EXPORTER", "wasi-otel-console");
        // one run on Chicory's interpreter (about half a minute)
        HostProcess.Result run = HostProcess.run(List.of("-Xmx1g", "-XX:MaxNewSize=256m"), env, Duration.ofMinutes(5),
                "run", "--trace-calls=-wasi:clocks/*,-wasi:random/*", HostProcess.guest("js-otel-sdk").toString(),
                "--invoke", "run", "world");
        assertEquals(0, run.exitCode(), run.toString());
        Matcher printed = Pattern.compile("hello world from js-otel-sdk \\(trace ([0-9a-f]{32})\\)").matcher(run.stdout());
        assertTrue(printed.find(), run.toString());

        List<JsonNode> calls = firstRun("js-otel-sdk");
        // the host span, the export span, the guest's spans, its wasi:otel calls, and its other WASI calls
        int atLeast = 2 + guestSpanCount(calls) + calls.size();
        List<JsonNode> spans = settled(service, atLeast);
        assertTrue(spans.size() > atLeast, "WASI calls besides wasi:otel: " + spans);
        assertEquals(printed.group(1), spans.get(0).get("traceId").asText(), "the guest's trace is the host's");
        Map<String, JsonNode> wasiCalls = new TreeMap<>();
        for (JsonNode s : spans) {
            String name = s.get("name").asText();
            assertFalse(name.startsWith("wasi:clocks/") || name.startsWith("wasi:random/"), "filtered out: " + s);
            if (name.startsWith("wasi:") && !name.startsWith("wasi:otel/")) {
                wasiCalls.put(name, s);
            }
        }
        JsonNode export = assertCallTree(spans, "run js-otel-sdk.wasm", "run", calls);
        for (JsonNode s : spans) {
            if (wasiCalls.containsKey(s.get("name").asText())) {
                assertEquals("import", s.get("tags").get("wasm.component.call.kind").asText(), s.toString());
                assertEquals(export.get("id").asText(), s.path("parentId").asText(), "after the guest's spans: " + s);
            }
        }
        assertTrue(wasiCalls.containsKey("wasi:io/streams#[method]output-stream.blocking-write-and-flush")
                && wasiCalls.containsKey("wasi:cli/stdout#get-stdout"), "the guest's console.log: " + wasiCalls.keySet());

        // the guest's log records name the span they were emitted in by the guest's own ids
        Matcher logs = Pattern.compile("(?m)^log +(INFO|ERROR) .* trace=([0-9a-f]{32}) span=([0-9a-f]{16})")
                .matcher(run.stderr());
        Map<String, String> logSpans = new TreeMap<>();
        while (logs.find()) {
            assertEquals(printed.group(1), logs.group(2), logs.group());
            logSpans.put(logs.group(1), logs.group(3));
        }
        assertEquals(ZipkinServer.byName(spans, "load-config").get("id").asText(), logSpans.get("INFO"), run.stderr());
        assertEquals(ZipkinServer.byName(spans, "fail").get("id").asText(), logSpans.get("ERROR"), run.stderr());
    }

    /**
     * Asserts the call tree among {@code spans} of one run: the host span {@code hostName} is the
     * root of the one trace, the export span {@code exportName} its child; replaying the guest's
     * wasi:otel {@code calls} (recorded under Node), each wasi:otel import span is the child of the
     * guest span open when the call was made (else of the export span), and each guest span the
     * child of the guest span open when it started (else of the export span).
     *
     * @return the export span
     */
    private static JsonNode assertCallTree(List<JsonNode> spans, String hostName, String exportName,
            List<JsonNode> calls) {
        Map<String, JsonNode> byId = new HashMap<>();
        spans.forEach(s -> byId.put(s.get("id").asText(), s));
        assertEquals(spans.size(), byId.size(), "span ids are unique: " + spans);

        JsonNode host = ZipkinServer.byName(spans, hostName);
        assertFalse(host.has("parentId"), "the host span is the root: " + host);
        JsonNode export = ZipkinServer.byName(spans, exportName);
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
            String parent = open.isEmpty() ? exportName : names.get(open.peek());
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
            if (name.startsWith("wasi:otel/")) {
                actualParents.computeIfAbsent(name, k -> new ArrayList<>()).add(parent);
                assertEquals("import", s.get("tags").get("wasm.component.call.kind").asText(), name);
            } else if (names.containsValue(name)) {
                assertFalse(actualGuestParents.containsKey(name), "one span named " + name + ": " + spans);
                actualGuestParents.put(name, parent);
            }
        }
        expectedParents.values().forEach(l -> l.sort(null));
        actualParents.values().forEach(l -> l.sort(null));
        assertEquals(expectedParents, actualParents, "each import call under the span open when it was made");
        assertEquals(guestParents, actualGuestParents, "the guest's spans, the outermost under the export span");
        assertTrue(guestParents.containsValue(exportName), guestParents.toString());
        return export;
    }

    /** The guest's spans among its recorded calls: one {@code on-end} each. */
    private static int guestSpanCount(List<JsonNode> calls) {
        return (int) calls.stream().filter(c -> c.get("fn").asText().equals("tracing.on-end")).count();
    }

    /**
     * The spans of {@code service} once at least {@code atLeast} arrived and no more came for a
     * second (the host exported them all before it exited; Zipkin stores asynchronously).
     */
    private static List<JsonNode> settled(String service, int atLeast) throws Exception {
        List<JsonNode> spans = zipkin.spans(service, atLeast, Duration.ofSeconds(60));
        while (true) {
            Thread.sleep(1000);
            List<JsonNode> again = zipkin.spans(service, spans.size(), Duration.ofSeconds(1));
            if (again.size() == spans.size()) {
                return again;
            }
            spans = again;
        }
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

    /** The calls of {@code guest}'s first run recorded under Node. */
    private static List<JsonNode> firstRun(String guest) throws Exception {
        JsonNode all = JSON.readTree(Files.readString(HostProcess.root()
                .resolve("integration-tests/guests/" + guest + "/expected-calls.json")));
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
