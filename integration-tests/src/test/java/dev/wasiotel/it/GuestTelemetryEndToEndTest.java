package dev.wasiotel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole chain, with parts nobody here wrote at both ends: a guest built by a real toolchain
 * (clang; componentize-js with the OpenTelemetry JS SDK) runs in {@code wasi-otel run} as a
 * separate process; its spans go to a real Zipkin server and are read back from its API, its
 * metrics and logs go to an OTLP/HTTP receiver that decodes them with the OTLP protobuf classes.
 *
 * <p>What must arrive is what the same guest did under Node with jco (its {@code
 * expected-calls.json}, recorded by the guest's {@code verify.mjs}): every ended span with its
 * name, kind, parent (the guest's root under the host span {@code run GUEST}), attributes,
 * events and status; every metric with its values; every log record with body, severity and
 * span.
 */
class GuestTelemetryEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ZipkinServer zipkin;
    private static OtlpReceiver otlp;

    @BeforeAll
    static void backends() throws Exception {
        zipkin = ZipkinServer.start();
        otlp = OtlpReceiver.start();
    }

    @AfterAll
    static void stop() {
        if (otlp != null) {
            otlp.close();
        }
        if (zipkin != null) {
            zipkin.close();
        }
    }

    /**
     * A guest binary and the calls it made under Node; {@code precompiled} the jar of its machines
     * to run it with ({@code --precompiled}), or null.
     */
    record Case(String guest, String wasm, String expectedCalls, Path precompiled) {
        Case(String guest, String wasm, String expectedCalls) {
            this(guest, wasm, expectedCalls, null);
        }

        @Override
        public String toString() {
            return wasm + (precompiled == null ? "" : " --precompiled");
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>(List.of(
                new Case("c-otel", "c-otel.wasm", "expected-calls.json"),
                // built against the v0.2.0-rc.2 tag: it asks `outer-span-context`
                new Case("c-otel", "c-otel-rc2-tag.wasm", "expected-calls-rc2-tag.json"),
                new Case("as-otel", "as-otel.wasm", "expected-calls.json"),
                new Case("wat-otel", "wat-otel.wasm", "expected-calls.json"),
                new Case("js-otel-sdk", "js-otel-sdk.wasm", "expected-calls.json")));
        // the JS guest compiled ahead of time (functions split; profile precompiled-js-guest) must do the same
        String jar = System.getProperty("wasiotel.precompiled.js", "");
        if (!jar.isBlank() && Files.isRegularFile(Path.of(jar))) {
            cases.add(new Case("js-otel-sdk", "js-otel-sdk.wasm", "expected-calls.json", Path.of(jar)));
        }
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void telemetryReachesZipkinAndOtlp(Case c) throws Exception {
        String guest = c.guest();
        String service = "e2e-" + c.wasm().replace(".wasm", "") + (c.precompiled() == null ? "" : "-precompiled");
        otlp.metrics.clear();
        otlp.logs.clear();
        Map<String, String> env = Map.of(
                "OTEL_SERVICE_NAME", service,
                "OTEL_TRACES_EXPORTER", "zipkin",
                "OTEL_EXPORTER_ZIPKIN_ENDPOINT", zipkin.spansEndpoint(),
                "OTEL_METRICS_EXPORTER", "otlp",
                "OTEL_LOGS_EXPORTER", "otlp",
                "OTEL_EXPORTER_OTLP_ENDPOINT", otlp.endpoint(),
                "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        List<String> args = new ArrayList<>(List.of("run"));
        if (c.precompiled() != null) {
            args.addAll(List.of("--verbose", "--precompiled", c.precompiled().toString()));
        }
        args.addAll(List.of(HostProcess.guest(guest).resolveSibling(c.wasm()).toString(), "--invoke", "run", "world"));
        HostProcess.Result run = HostProcess.run(env, Duration.ofMinutes(5), args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.stdout().lines().anyMatch(l -> l.startsWith("hello")), "the guest's result is printed: " + run);
        if (c.precompiled() != null) {
            assertTrue(run.stderr().contains("4 of 4 core modules ran on machines from " + c.precompiled()),
                    run.toString());
        }
        if (guest.equals("js-otel-sdk")) {
            // printed by the guest itself through wasi:cli/stdout, with the time it read from wasi:clocks
            String year = Integer.toString(java.time.Year.now(java.time.ZoneOffset.UTC).getValue());
            assertTrue(run.stdout().lines().anyMatch(l -> l.startsWith("js-otel-sdk guest: hello world (trace ")
                    && l.contains("clock " + year + "-")), run.toString());
        }

        List<JsonNode> calls = firstRun(guest, c.expectedCalls());
        List<JsonNode> ended = args(calls, "tracing.on-end");
        List<JsonNode> spans = zipkin.spans(service, ended.size() + 1, Duration.ofSeconds(60));
        assertEquals(ended.size() + 1, spans.size(), "the guest's spans and the host span: " + spans);

        JsonNode host = ZipkinServer.byName(spans, "run " + c.wasm());
        assertFalse(host.has("parentId"), "the host span is the root: " + host);
        Map<String, String> ids = new HashMap<>();
        ids.put("host-span", host.get("id").asText());
        for (JsonNode end : ended) {
            ids.put(end.get("spanContext").get("spanId").asText(), ZipkinServer.byName(spans, end.get("name").asText()).get("id")
                    .asText());
        }
        for (JsonNode end : ended) {
            checkSpan(end, ZipkinServer.byName(spans, end.get("name").asText()), host.get("traceId").asText(), ids);
        }
        checkMetrics(guest, args(calls, "metrics.export"));
        checkLogs(guest, args(calls, "logs.on-emit"), host.get("traceId").asText(), ids);
    }

    private static void checkSpan(JsonNode expected, JsonNode actual, String traceId, Map<String, String> ids) {
        String where = "span " + expected.get("name").asText() + ": " + actual;
        assertEquals(traceId, actual.get("traceId").asText(), where);
        String parent = expected.get("parentSpanId").asText();
        assertEquals(parent.isEmpty() ? null : ids.get(parent), actual.has("parentId")
                ? actual.get("parentId").asText() : null, where);
        String kind = expected.get("spanKind").asText();
        assertEquals(kind.equals("internal") ? null : kind.toUpperCase(), actual.has("kind")
                ? actual.get("kind").asText() : null, where);
        JsonNode tags = actual.get("tags");
        for (JsonNode attribute : expected.get("attributes")) {
            String key = attribute.get("key").asText();
            if (attribute.get("value").asText().equals("<volatile>")) {
                // the guest read its clock: this run's time, not the recorded one
                assertTrue(tags.has(key), where + ": " + key);
                continue;
            }
            JsonNode value = parse(attribute.get("value").asText());
            if (value.isObject()) {
                assertTrue(tags.has(key), where + ": " + key);
            } else {
                assertEquals(zipkinText(value), tags.path(key).asText(null), where + ": " + key);
            }
        }
        for (JsonNode event : expected.get("events")) {
            String name = event.get("name").asText();
            boolean found = false;
            for (JsonNode annotation : actual.path("annotations")) {
                found |= annotation.get("value").asText().startsWith("\"" + name + "\"")
                        || annotation.get("value").asText().equals(name);
            }
            assertTrue(found, where + ": event " + name);
        }
        JsonNode status = expected.get("status");
        switch (status.get("tag").asText()) {
            case "error":
                assertEquals("ERROR", tags.path("otel.status_code").asText(), where);
                assertEquals(status.get("val").asText(), tags.path("error").asText(), where);
                break;
            case "ok":
                assertEquals("OK", tags.path("otel.status_code").asText(), where);
                break;
            default:
                assertFalse(tags.has("otel.status_code"), where);
        }
    }

    private static void checkMetrics(String guest, List<JsonNode> exports) throws InterruptedException {
        List<JsonNode> expected = new ArrayList<>();
        for (JsonNode export : exports) {
            for (JsonNode scope : export.get("scopeMetrics")) {
                scope.get("metrics").forEach(expected::add);
            }
        }
        String scope = "wasi-otel-guests/" + guest;
        assertTrue(OtlpReceiver.await(() -> metrics(scope).size() >= expected.size(), Duration.ofSeconds(30)),
                "metrics of " + scope + " arrive: " + metrics(scope));
        Map<String, Metric> received = new HashMap<>();
        for (Metric m : metrics(scope)) {
            received.put(m.getName(), m);
        }
        for (JsonNode m : expected) {
            Metric actual = received.get(m.get("name").asText());
            assertNotNull(actual, "metric " + m.get("name") + " in " + received.keySet());
            assertEquals(m.get("description").asText(), actual.getDescription());
            assertEquals(m.get("unit").asText(), actual.getUnit());
            String tag = m.get("data").get("tag").asText();
            JsonNode point = m.get("data").get("val").get("dataPoints").get(0);
            String where = "metric " + m.get("name").asText() + ": " + actual;
            if (tag.endsWith("-sum") || tag.endsWith("-gauge")) {
                List<NumberDataPoint> points = tag.endsWith("-sum") ? actual.getSum().getDataPointsList()
                        : actual.getGauge().getDataPointsList();
                checkNumber(point.get("value"), points.get(0), where);
            } else if (tag.endsWith("-exponential-histogram")) {
                assertEquals(point.get("count").asLong(), actual.getExponentialHistogram().getDataPoints(0).getCount(),
                        where);
            } else {
                var h = actual.getHistogram().getDataPoints(0);
                assertEquals(point.get("count").asLong(), h.getCount(), where);
                List<Long> buckets = new ArrayList<>();
                point.get("bucketCounts").forEach(b -> buckets.add(b.asLong()));
                assertEquals(buckets, h.getBucketCountsList(), where);
                assertEquals(point.get("sum").get("val").asDouble(), h.getSum(), 1e-9, where);
            }
        }
    }

    private static void checkNumber(JsonNode value, NumberDataPoint actual, String where) {
        String tag = value.get("tag").asText();
        if (tag.equals("f64")) {
            assertEquals(value.get("val").asDouble(), actual.getAsDouble(), 1e-9, where);
        } else if (tag.equals("u64") && Long.compareUnsigned(Long.parseUnsignedLong(value.get("val").asText()),
                Long.MAX_VALUE) > 0) {
            // above 2^63-1 a u64 cannot be an OTLP int: it arrives as the nearest double (documented, counted)
            assertEquals(Double.parseDouble(value.get("val").asText()), actual.getAsDouble(), 1e4, where);
        } else {
            assertEquals(Long.parseLong(value.get("val").asText()), actual.getAsInt(), where);
        }
    }

    private static void checkLogs(String guest, List<JsonNode> emitted, String traceId, Map<String, String> ids)
            throws InterruptedException {
        String scope = "wasi-otel-guests/" + guest;
        assertTrue(OtlpReceiver.await(() -> logs(scope).size() >= emitted.size(), Duration.ofSeconds(30)),
                "log records of " + scope + " arrive");
        List<LogRecord> received = new ArrayList<>(logs(scope));
        assertEquals(emitted.size(), received.size());
        // export batches may arrive in any order: match each emitted record to the received one with its body
        for (JsonNode e : emitted) {
            JsonNode body = parse(e.get("body").asText());
            LogRecord r = received.stream().filter(x -> body.isTextual() ? body.asText().equals(x.getBody().getStringValue())
                    : x.getBody().hasKvlistValue() || x.getBody().hasArrayValue()).filter(
                            x -> x.getSeverityNumberValue() == e.get("severityNumber").asInt()).findFirst()
                    .orElseThrow(() -> new AssertionError("no log record like " + e + " in " + received));
            received.remove(r);
            String where = "log " + r;
            assertEquals(e.get("severityText").asText(), r.getSeverityText(), where);
            for (JsonNode a : e.get("attributes")) {
                assertTrue(r.getAttributesList().stream().anyMatch(kv -> kv.getKey().equals(a.get("key").asText())),
                        where + ": " + a);
            }
            assertEquals(traceId, HexFormat.of().formatHex(r.getTraceId().toByteArray()), where);
            assertEquals(ids.get(e.get("spanId").asText()), HexFormat.of().formatHex(r.getSpanId().toByteArray()),
                    where);
        }
    }

    private static List<Metric> metrics(String scope) {
        List<Metric> out = new ArrayList<>();
        otlp.metrics.forEach(r -> r.getResourceMetricsList().forEach(rm -> rm.getScopeMetricsList().forEach(sm -> {
            if (sm.getScope().getName().equals(scope)) {
                out.addAll(sm.getMetricsList());
            }
        })));
        return out;
    }

    private static List<LogRecord> logs(String scope) {
        List<LogRecord> out = new ArrayList<>();
        otlp.logs.forEach(r -> r.getResourceLogsList().forEach(rl -> rl.getScopeLogsList().forEach(sl -> {
            if (sl.getScope().getName().equals(scope)) {
                out.addAll(sl.getLogRecordsList());
            }
        })));
        return out;
    }

    /** The calls of the guest's first {@code run} under Node (verify.mjs may run it more than once). */
    private static List<JsonNode> firstRun(String guest, String file) throws Exception {
        JsonNode all = JSON.readTree(Files.readString(HostProcess.root()
                .resolve("integration-tests/guests").resolve(guest).resolve(file)));
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode call : all) {
            String fn = call.get("fn").asText();
            if ((fn.equals("tracing.current-span-context") || fn.equals("tracing.outer-span-context"))
                    && !out.isEmpty()) {
                break;
            }
            out.add(call);
        }
        return out;
    }

    private static List<JsonNode> args(List<JsonNode> calls, String fn) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode c : calls) {
            if (c.get("fn").asText().equals(fn)) {
                out.add(c.get("args").get(0));
            }
        }
        return out;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    /** How the Zipkin exporter writes an attribute value as a tag. */
    private static String zipkinText(JsonNode value) {
        if (value.isArray()) {
            List<String> parts = new ArrayList<>();
            value.forEach(v -> parts.add(zipkinText(v)));
            return String.join(",", parts);
        }
        if (value.isTextual() && value.asText().startsWith("data:application/octet-stream;base64,")) {
            return value.asText().substring("data:application/octet-stream;base64,".length());
        }
        if (value.isFloatingPointNumber() && value.asDouble() == Math.rint(value.asDouble())) {
            return Long.toString(value.asLong()); // JSON 2.0 is an integer to the adapter
        }
        return value.asText();
    }

}
