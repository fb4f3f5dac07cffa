package dev.wasiotel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.proto.logs.v1.LogRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A guest written against the older {@code wasi:observe} tracer (a {@code span} resource) and
 * {@code wasi:logging}, built with clang: its spans reach a real Zipkin server under the host span
 * with names (including a renamed one), kinds, attributes, events and statuses; its log lines reach
 * the OTLP receiver with their levels, in the guest's trace.
 */
class ObserveGuestEndToEndTest {

    @Test
    void observeSpansAndLoggingReachTheBackends() throws Exception {
        try (ZipkinServer zipkin = ZipkinServer.start(); OtlpReceiver otlp = OtlpReceiver.start()) {
            Map<String, String> env = Map.of(
                    "OTEL_SERVICE_NAME", "e2e-observe",
                    "OTEL_TRACES_EXPORTER", "zipkin",
                    "OTEL_EXPORTER_ZIPKIN_ENDPOINT", zipkin.spansEndpoint(),
                    "OTEL_METRICS_EXPORTER", "none",
                    "OTEL_LOGS_EXPORTER", "otlp",
                    "OTEL_EXPORTER_OTLP_ENDPOINT", otlp.endpoint(),
                    "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
            HostProcess.Result run = HostProcess.run(env, Duration.ofMinutes(2), "run",
                    HostProcess.guest("observe-guest").toString(), "world");
            assertEquals(0, run.exitCode(), run.toString());

            List<JsonNode> spans = zipkin.spans("e2e-observe", 4, Duration.ofSeconds(60));
            assertEquals(4, spans.size(), "host span + observe-run, observe-step, observe-failed: " + spans);
            JsonNode host = ZipkinServer.byName(spans, "run observe-guest.wasm");
            JsonNode root = ZipkinServer.byName(spans, "observe-run");
            JsonNode step = ZipkinServer.byName(spans, "observe-step");
            JsonNode failed = ZipkinServer.byName(spans, "observe-failed");
            String trace = host.get("traceId").asText();
            for (JsonNode s : spans) {
                assertEquals(trace, s.get("traceId").asText(), "one trace: " + s);
            }
            assertFalse(host.has("parentId"));
            assertEquals(host.get("id").asText(), root.get("parentId").asText(), "the guest's root is under the host span");
            assertEquals("SERVER", root.get("kind").asText());
            assertEquals("world", root.get("tags").get("guest.name").asText());
            assertEquals(root.get("id").asText(), step.get("parentId").asText());
            JsonNode tags = step.get("tags");
            assertEquals("1", tags.get("step.index").asText());
            assertEquals("0.5", tags.get("step.ratio").asText());
            assertEquals("true", tags.get("step.ok").asText());
            assertEquals("parse", tags.get("step.label").asText());
            assertEquals("a,b", tags.get("step.tags").asText());
            assertEquals("OK", tags.get("otel.status_code").asText());
            List<String> events = new ArrayList<>();
            step.get("annotations").forEach(a -> events.add(a.get("value").asText()));
            assertTrue(events.stream().anyMatch(e -> e.startsWith("\"step.done\"")), events.toString());
            assertTrue(events.stream().anyMatch(e -> e.startsWith("step.timed") || e.startsWith("\"step.timed\"")),
                    events.toString());
            assertEquals("CLIENT", failed.get("kind").asText(), "renamed by update-name, ended by drop: " + failed);
            assertEquals("ERROR", failed.get("tags").get("otel.status_code").asText());
            assertEquals("simulated failure", failed.get("tags").get("error").asText());

            assertTrue(OtlpReceiver.await(() -> otlp.logRecords().size() >= 2, Duration.ofSeconds(30)),
                    "both wasi:logging lines arrive");
            List<LogRecord> logs = otlp.logRecords();
            assertEquals(2, logs.size(), logs.toString());
            assertEquals("step done", logs.get(0).getBody().getStringValue());
            assertEquals("INFO", logs.get(0).getSeverityNumber().name().replace("SEVERITY_NUMBER_", ""));
            assertEquals("simulated failure", logs.get(1).getBody().getStringValue());
            assertEquals("ERROR", logs.get(1).getSeverityNumber().name().replace("SEVERITY_NUMBER_", ""));
            for (LogRecord r : logs) {
                assertEquals(trace, HexFormat.of().formatHex(r.getTraceId().toByteArray()), "logged inside the guest's trace");
            }
        }
    }
}
