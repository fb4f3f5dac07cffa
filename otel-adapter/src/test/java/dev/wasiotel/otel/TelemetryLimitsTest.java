package dev.wasiotel.otel;

import static dev.wasiotel.otel.Values.kv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.otel.bindings.wasi.otel.logs.LogRecord;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.Exemplar;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.ExponentialBucket;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.ExponentialHistogram;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.ExponentialHistogramDataPoint;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.Gauge;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.GaugeDataPoint;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.Histogram;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.HistogramDataPoint;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.Metric;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.MetricData;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.MetricNumber;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.ResourceMetrics;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.ScopeMetrics;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.Temporality;
import dev.wasiotel.otel.bindings.wasi.otel.tracing.Event;
import dev.wasiotel.otel.bindings.wasi.otel.tracing.Link;
import dev.wasiotel.otel.bindings.wasi.otel.tracing.SpanData;
import dev.wasiotel.otel.bindings.wasi.otel.types.KeyValue;
import dev.wasiotel.otel.bindings.wasi.otel.types.Resource;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.logs.LogRecordProcessor;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.metrics.data.ExponentialHistogramPointData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The SDK's span and log record limits, from the same {@code otel.*} properties, applied to guest
 * data with the dropped counts adjusted; and the adapter's own caps.
 */
class TelemetryLimitsTest {
    /** The limits as a user sets them, through the OpenTelemetry properties. */
    static final Map<String, String> PROPERTIES = Map.ofEntries(
            Map.entry("otel.traces.exporter", "none"), Map.entry("otel.metrics.exporter", "none"),
            Map.entry("otel.logs.exporter", "none"),
            Map.entry("otel.span.attribute.count.limit", "2"),
            Map.entry("otel.span.event.count.limit", "1"),
            Map.entry("otel.span.link.count.limit", "1"),
            Map.entry("otel.event.attribute.count.limit", "1"),
            Map.entry("otel.link.attribute.count.limit", "1"),
            Map.entry("otel.attribute.value.length.limit", "4"),
            Map.entry("otel.logrecord.attribute.count.limit", "1"),
            Map.entry("otel.logrecord.attribute.value.length.limit", "3"));

    static TelemetryLimits configured() {
        try (WasiOtelSdk sdk = WasiOtelSdk.fromEnvironment(PROPERTIES)) {
            TelemetryLimits l = sdk.wasiOtel().limits();
            // the host's own spans and logs get the same limits
            assertEquals(l.spans(), sdk.sdk().getSdkTracerProvider().getSpanLimits());
            return l;
        }
    }

    @Test
    void limitsComeFromTheSameProperties() {
        TelemetryLimits l = configured();
        assertEquals(2, l.spans().getMaxNumberOfAttributes());
        assertEquals(1, l.spans().getMaxNumberOfEvents());
        assertEquals(1, l.spans().getMaxNumberOfLinks());
        assertEquals(1, l.spans().getMaxNumberOfAttributesPerEvent());
        assertEquals(1, l.spans().getMaxNumberOfAttributesPerLink());
        assertEquals(4, l.spans().getMaxAttributeValueLength());
        assertEquals(1, l.logs().getMaxNumberOfAttributes());
        assertEquals(3, l.logs().getMaxAttributeValueLength());
    }

    @Test
    void spanLimitsApplyToGuestSpansWithDroppedCountsAdjusted() {
        try (Harness h = new Harness(configured(), null)) {
            TestGuest g = h.guest();
            SpanData s = Values.span(Values.TRACE, Values.SPAN, "", "limited");
            List<KeyValue> attrs = List.of(kv("a", "\"abcdefgh\""), kv("b", "[\"12345\",\"x\"]"), kv("c", "3"),
                    kv("a", "\"again\""), kv("d", "{\"m\":\"longer\"}"));
            List<Event> events = List.of(new Event("e1", Values.START, List.of(kv("x", "1"), kv("y", "2"))),
                    new Event("e2", Values.START, List.of()));
            List<Link> links = List.of(
                    new Link(Values.context("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331"),
                            List.of(kv("p", "1"), kv("q", "2"), kv("r", "3"))),
                    new Link(Values.context("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203332"), List.of()),
                    new Link(Values.context("", ""), List.of()));
            Harness.onStart(g, s.spanContext());
            Harness.onEnd(g, new SpanData(s.spanContext(), "", s.spanKind(), s.name(), s.startTime(), s.endTime(),
                    attrs, events, links, s.status(), s.instrumentationScope(), 10, 20, 30));
            io.opentelemetry.sdk.trace.data.SpanData out = h.spans.getFinishedSpanItems().get(0);
            // two keys (a, b) fit; a's second value overwrites the first; c and d are dropped
            assertEquals(Attributes.of(AttributeKey.stringKey("a"), "agai",
                    AttributeKey.stringArrayKey("b"), List.of("1234", "x")), out.getAttributes());
            // the SDK's total: every attribute added (5) plus the guest's own 10 dropped
            assertEquals(15, out.getTotalAttributeCount());
            assertEquals(1, out.getEvents().size());
            EventData e = out.getEvents().get(0);
            assertEquals(1, e.getAttributes().size());
            assertEquals(2, e.getTotalAttributeCount());
            assertEquals(20 + 2, out.getTotalRecordedEvents()); // 1 kept + 1 dropped + the guest's 20
            assertEquals(1, out.getLinks().size());
            LinkData l = out.getLinks().get(0);
            assertEquals(1, l.getAttributes().size());
            assertEquals(3, l.getTotalAttributeCount());
            assertEquals(30 + 3, out.getTotalRecordedLinks()); // kept, over the limit, invalid ids, guest's 30
            assertEquals(Map.of(Repair.ATTRIBUTE_COUNT_LIMIT, 5L, // c and d of the span, y of the event, q and r of the link
                    Repair.ATTRIBUTE_VALUE_TRUNCATED, 3L, // abcdefgh, 12345, again
                    Repair.EVENT_COUNT_LIMIT, 1L, Repair.LINK_COUNT_LIMIT, 1L, Repair.LINK_DROPPED_INVALID_ID, 1L),
                    h.diag().snapshot());
        }
    }

    @Test
    void logRecordLimitsApplyToGuestLogs() {
        try (Harness h = new Harness(configured(), null)) {
            TestGuest g = h.guest();
            Harness.emit(g, new LogRecord(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.of("\"body is not an attribute\""), Optional.of(List.of(kv("k", "\"value\""), kv("l", "2"))),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty()));
            LogRecordData r = h.logs.getFinishedLogRecordItems().get(0);
            assertEquals(Attributes.of(AttributeKey.stringKey("k"), "val"), r.getAttributes());
            assertEquals(2, r.getTotalAttributeCount());
            assertEquals("body is not an attribute", r.getBodyValue().asString());
            assertEquals(Map.of(Repair.ATTRIBUTE_COUNT_LIMIT, 1L, Repair.ATTRIBUTE_VALUE_TRUNCATED, 1L), h.diag().snapshot());
        }
    }

    @Test
    void namesAndLogBodiesAreCapped() {
        try (Harness h = new Harness()) {
            TestGuest g = h.guest();
            String huge = "n".repeat(TelemetryLimits.DEFAULT_MAX_NAME_LENGTH + 10);
            SpanData s = Values.span(Values.TRACE, Values.SPAN, "", huge);
            Harness.onEnd(g, new SpanData(s.spanContext(), "", s.spanKind(), huge, s.startTime(), s.endTime(),
                    List.of(), List.of(new Event(huge, Values.START, List.of())), List.of(), s.status(),
                    s.instrumentationScope(), 0, 0, 0));
            io.opentelemetry.sdk.trace.data.SpanData out = h.spans.getFinishedSpanItems().get(0);
            assertEquals(TelemetryLimits.DEFAULT_MAX_NAME_LENGTH, out.getName().length());
            assertEquals(TelemetryLimits.DEFAULT_MAX_NAME_LENGTH, out.getEvents().get(0).getName().length());

            String body = "b".repeat(TelemetryLimits.DEFAULT_MAX_LOG_BODY_LENGTH + 1);
            Harness.emit(g, new LogRecord(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.of("\"" + body + "\""), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
            assertEquals(TelemetryLimits.DEFAULT_MAX_LOG_BODY_LENGTH,
                    h.logs.getFinishedLogRecordItems().get(0).getBodyValue().asString().length());
            assertEquals(2, h.diag().count(Repair.NAME_TRUNCATED));
            assertEquals(1, h.diag().count(Repair.LOG_BODY_TRUNCATED));
        }
    }

    @Test
    void wasiObserveNamesAndWasiLoggingMessagesAreCappedToo() {
        TelemetryLimits d = TelemetryLimits.defaults();
        TelemetryLimits small = new TelemetryLimits(d.spans(), d.logs(), 8, d.maxMetricNameLength(),
                d.maxPointsPerExport(), d.maxQueuedMetricPoints(), d.maxHistogramBuckets(), d.maxExemplarsPerPoint(), 5);
        try (Harness h = new Harness(small, null)) {
            TestGuest g = h.guest();
            int s = ObserveTest.start(g, "a-very-long-name", Optional.empty());
            long[] ev = g.string("event-name-too-long");
            g.call(ObserveTest.TRACER, "[method]span.add-event", s, ev[0], ev[1], 0, 0, 0, 0, 0, 0);
            g.call(ObserveTest.TRACER, "[method]span.end", s, 0, 0, 0);
            io.opentelemetry.sdk.trace.data.SpanData out = h.spans.getFinishedSpanItems().get(0);
            assertEquals("a-very-l", out.getName());
            assertEquals("event-na", out.getEvents().get(0).getName());
            long[] ctx = g.string("c");
            long[] msg = g.string("message");
            g.call("wasi:logging/logging", "log", 2, ctx[0], ctx[1], msg[0], msg[1]);
            assertEquals("messa", h.logs.getFinishedLogRecordItems().get(0).getBodyValue().asString());
            assertEquals(Map.of(Repair.NAME_TRUNCATED, 2L, Repair.LOG_BODY_TRUNCATED, 1L), h.diag().snapshot());
        }
    }

    /** The metric conversion alone, for inputs larger than a test guest's memory. */
    static final class Converter {
        final Diagnostics diag = new Diagnostics();
        final OtelMetrics metrics;

        Converter() {
            Sinks sinks = new Sinks(SpanProcessor.composite(), new MetricQueue(List.of(), new TelemetryLoss(), 1),
                    LogRecordProcessor.composite(), io.opentelemetry.sdk.resources.Resource.getDefault(), diag);
            OtelTracing tracing = new OtelTracing(sinks, diag, TelemetryLimits.defaults(), new LeftOpenSpans(sinks, diag));
            metrics = new OtelMetrics(sinks, diag, tracing);
        }

        List<io.opentelemetry.sdk.metrics.data.MetricData> convert(String name, MetricData d) {
            return metrics.convert(new ResourceMetrics(new Resource(List.of(), Optional.empty()), List.of(
                    new ScopeMetrics(Values.scope(), List.of(new Metric(name, "", "", d))))));
        }
    }

    @Test
    void aFourMillionBucketHistogramIsNotExportedAsItIs() {
        int n = 4 * 1024 * 1024;
        long[] counts = new long[n];
        double[] bounds = new double[n - 1];
        for (int i = 0; i < n; i++) {
            counts[i] = 1;
            if (i < n - 1) {
                bounds[i] = i;
            }
        }
        Converter c = new Converter();
        HistogramPointData p = (HistogramPointData) c.convert("explicit", new MetricData.F64Histogram(new Histogram(
                List.of(new HistogramDataPoint(List.of(), n, bounds, counts, Optional.empty(), Optional.empty(),
                        new MetricNumber.F64(n), List.of())), Values.START, Values.END, Temporality.DELTA)))
                .get(0).getData().getPoints().iterator().next();
        int max = TelemetryLimits.DEFAULT_MAX_HISTOGRAM_BUCKETS;
        assertEquals(max, p.getCounts().size());
        assertEquals(max - 1, p.getBoundaries().size());
        assertEquals(n - max + 1, p.getCounts().get(max - 1)); // the rest merged into the last bucket
        assertEquals(n, p.getCount());
        assertEquals(1, c.diag.count(Repair.HISTOGRAM_BUCKETS_MERGED));

        ExponentialHistogramPointData e = (ExponentialHistogramPointData) c.convert("exponential",
                new MetricData.F64ExponentialHistogram(new ExponentialHistogram(List.of(new ExponentialHistogramDataPoint(
                        List.of(), n, Optional.empty(), Optional.empty(), new MetricNumber.F64(1), (byte) 20, 0,
                        new ExponentialBucket(-5, counts), new ExponentialBucket(0, new long[0]), 0.0, List.of())),
                        Values.START, Values.END, Temporality.DELTA)))
                .get(0).getData().getPoints().iterator().next();
        assertTrue(e.getPositiveBuckets().getBucketCounts().size() <= max);
        assertEquals(20 - 15, e.getScale()); // 4M indices need 2^15 per bucket to fit 160 (129 buckets)
        assertEquals(n, e.getPositiveBuckets().getTotalCount());
        assertEquals(n, e.getCount());
        assertEquals(1, c.diag.count(Repair.EXPONENTIAL_DOWNSCALED));
    }

    @Test
    void pointsPerExportAndExemplarsPerPointAreCapped() {
        Converter c = new Converter();
        List<GaugeDataPoint> points = new ArrayList<>();
        List<Exemplar> exemplars = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            exemplars.add(new Exemplar(List.of(), Values.START, new MetricNumber.F64(i), "", ""));
        }
        points.add(new GaugeDataPoint(List.of(kv("i", "-1")), new MetricNumber.F64(1), exemplars));
        for (int i = 0; i < TelemetryLimits.DEFAULT_MAX_POINTS_PER_EXPORT; i++) {
            points.add(new GaugeDataPoint(List.of(kv("i", Integer.toString(i))), new MetricNumber.F64(1), List.of()));
        }
        List<io.opentelemetry.sdk.metrics.data.MetricData> out = c.convert("g",
                new MetricData.F64Gauge(new Gauge(points, Optional.empty(), Values.END)));
        assertEquals(TelemetryLimits.DEFAULT_MAX_POINTS_PER_EXPORT, out.get(0).getData().getPoints().size());
        assertEquals(TelemetryLimits.DEFAULT_MAX_EXEMPLARS_PER_POINT,
                out.get(0).getDoubleGaugeData().getPoints().iterator().next().getExemplars().size());
        assertEquals(1, c.diag.count(Repair.METRIC_POINTS_LIMIT));
        assertEquals(40 - TelemetryLimits.DEFAULT_MAX_EXEMPLARS_PER_POINT, c.diag.count(Repair.EXEMPLAR_LIMIT));
        assertEquals(InstrumentationScopeInfo.builder("guest-lib").build().getName(),
                out.get(0).getInstrumentationScopeInfo().getName());
    }
}
