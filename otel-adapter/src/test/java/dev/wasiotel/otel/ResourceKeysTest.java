package dev.wasiotel.otel;

import static dev.wasiotel.otel.Values.kv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.wasiotel.otel.bindings.wasi.otel.logs.LogRecord;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.Gauge;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.GaugeDataPoint;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.Metric;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.MetricData;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.MetricNumber;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.ResourceMetrics;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.ScopeMetrics;
import dev.wasiotel.otel.bindings.wasi.otel.types.KeyValue;
import dev.wasiotel.otel.bindings.wasi.otel.types.Resource;
import dev.wasiotel.wit.runtime.Result;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Resource attribute keys that SDK 1.67's {@code Resource.create} would throw on are repaired. */
class ResourceKeysTest {
    static final String LONG_KEY = "k".repeat(300);
    static final List<KeyValue> HOSTILE = List.of(kv("clé", "\"accent\""), kv(LONG_KEY, "\"long\""),
            kv("tab\there", "1"), kv("service.name", "\"guest\""));

    static void assertRepaired(io.opentelemetry.sdk.resources.Resource r) {
        Attributes a = r.getAttributes();
        assertEquals("accent", a.get(AttributeKey.stringKey("cl%C3%A9")));
        assertEquals("long", a.get(AttributeKey.stringKey("k".repeat(255))));
        assertEquals(1L, a.get(AttributeKey.longKey("tab%09here")));
        assertEquals("guest", a.get(AttributeKey.stringKey("service.name")));
        assertNull(a.get(AttributeKey.stringKey("clé")));
    }

    @Test
    void metricResourceKeys() {
        try (Harness h = new Harness()) {
            TestGuest g = h.guest();
            ResourceMetrics rm = new ResourceMetrics(new Resource(HOSTILE, Optional.empty()), List.of(new ScopeMetrics(
                    Values.scope(), List.of(new Metric("m", "", "", new MetricData.F64Gauge(new Gauge(List.of(
                            new GaugeDataPoint(List.of(), new MetricNumber.F64(1), List.of())), Optional.empty(),
                            Values.END)))))));
            assertEquals(Result.ok(), h.exportAndFlush(g, rm));
            assertRepaired(h.metrics.getFinishedMetricItems().get(0).getResource());
            assertEquals(Map.of(Repair.RESOURCE_KEY_ESCAPED, 2L, Repair.RESOURCE_KEY_TRUNCATED, 1L), h.diag().snapshot());
        }
    }

    @Test
    void logResourceKeys() {
        try (Harness h = new Harness()) {
            TestGuest g = h.guest();
            Harness.emit(g, new LogRecord(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.of("\"hello\""), Optional.empty(), Optional.empty(),
                    Optional.of(new Resource(HOSTILE, Optional.empty())), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty()));
            assertRepaired(h.logs.getFinishedLogRecordItems().get(0).getResource());
            assertEquals(Map.of(Repair.RESOURCE_KEY_ESCAPED, 2L, Repair.RESOURCE_KEY_TRUNCATED, 1L), h.diag().snapshot());
        }
    }

    @Test
    void escapingNeverLeavesHalfAnEscapeAtTheCut() {
        Diagnostics d = new Diagnostics();
        String k = ResourceKeys.repair("a".repeat(253) + "é", d); // a%C3%A9 would end at 259
        assertEquals("a".repeat(253), k);
        assertEquals("x".repeat(255), ResourceKeys.repair("x".repeat(255), d));
        assertEquals(Map.of(Repair.RESOURCE_KEY_ESCAPED, 1L, Repair.RESOURCE_KEY_TRUNCATED, 1L), d.snapshot());
        // every repaired key is one Resource.create accepts
        io.opentelemetry.sdk.resources.Resource.create(Attributes.of(AttributeKey.stringKey(k), "v",
                AttributeKey.stringKey(ResourceKeys.repair("\u0000\uD83D\uDE00" + "z".repeat(400), d)), "w"));
    }
}
