package dev.wasiotel.otel;

import static dev.wasiotel.otel.Values.END;
import static dev.wasiotel.otel.Values.END_NANOS;
import static dev.wasiotel.otel.Values.START;
import static dev.wasiotel.otel.Values.START_NANOS;
import static dev.wasiotel.otel.Values.kv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import dev.wasiotel.otel.bindings.wasi.otel.metrics.Sum;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.SumDataPoint;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.Temporality;
import dev.wasiotel.otel.bindings.wasi.otel.types.Resource;
import dev.wasiotel.wit.runtime.Result;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.ExemplarData;
import io.opentelemetry.sdk.metrics.data.ExponentialHistogramPointData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.data.PointData;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** wasi:otel metrics through a real guest: all 12 metric-data variants, every field. */
class MetricsTest {
    static final Datetime EX_TIME = new Datetime(1_700_000_000L, 700L);
    static final long EX_NANOS = 1_700_000_000_000_000_700L;
    private static final Attributes POINT_ATTRS = Attributes.of(AttributeKey.stringKey("route"), "/a");

    /** Alias so the record reads like the WIT. */
    record Datetime(long seconds, long nanos) {
        dev.wasiotel.otel.bindings.wasi.clocks.wall_clock.Datetime wit() {
            return new dev.wasiotel.otel.bindings.wasi.clocks.wall_clock.Datetime(seconds, nanos);
        }
    }

    static Exemplar exemplar(MetricNumber v) {
        return new Exemplar(List.of(kv("user", "\"u1\"")), EX_TIME.wit(), v, Values.SPAN, Values.TRACE);
    }

    static Gauge gauge(MetricNumber v) {
        return new Gauge(List.of(new GaugeDataPoint(List.of(kv("route", "\"/a\"")), v, List.of(exemplar(v)))),
                Optional.of(START), END);
    }

    static Sum sum(MetricNumber v, Temporality t, boolean monotonic) {
        return new Sum(List.of(new SumDataPoint(List.of(kv("route", "\"/a\"")), v, List.of(exemplar(v)))), START, END, t,
                monotonic);
    }

    static Histogram histogram(MetricNumber min, MetricNumber max, MetricNumber sum, Temporality t) {
        return new Histogram(List.of(new HistogramDataPoint(List.of(kv("route", "\"/a\"")), 3, new double[] {1, 5},
                new long[] {1, 1, 1}, Optional.of(min), Optional.of(max), sum, List.of(exemplar(max)))), START, END, t);
    }

    static ExponentialHistogram exponential(MetricNumber min, MetricNumber max, MetricNumber sum, Temporality t) {
        return new ExponentialHistogram(List.of(new ExponentialHistogramDataPoint(List.of(kv("route", "\"/a\"")), 4,
                Optional.of(min), Optional.of(max), sum, (byte) 2, 1, new ExponentialBucket(1, new long[] {1, 2}),
                new ExponentialBucket(-1, new long[] {}), 0.0, List.of(exemplar(max)))), START, END, t);
    }

    static Metric metric(String name, MetricData d) {
        return new Metric(name, "about " + name, "ms", d);
    }

    static ResourceMetrics allTwelve() {
        MetricNumber f = new MetricNumber.F64(1.5);
        MetricNumber u = new MetricNumber.U64(7);
        MetricNumber s = new MetricNumber.S64(-7);
        List<Metric> ms = List.of(
                metric("f64-gauge", new MetricData.F64Gauge(gauge(f))),
                metric("u64-gauge", new MetricData.U64Gauge(gauge(u))),
                metric("s64-gauge", new MetricData.S64Gauge(gauge(s))),
                metric("f64-sum", new MetricData.F64Sum(sum(f, Temporality.CUMULATIVE, true))),
                metric("u64-sum", new MetricData.U64Sum(sum(u, Temporality.DELTA, true))),
                metric("s64-sum", new MetricData.S64Sum(sum(s, Temporality.LOW_MEMORY, false))),
                metric("f64-histogram", new MetricData.F64Histogram(histogram(new MetricNumber.F64(0.5),
                        new MetricNumber.F64(7.5), new MetricNumber.F64(9.5), Temporality.DELTA))),
                metric("u64-histogram", new MetricData.U64Histogram(histogram(new MetricNumber.U64(1),
                        new MetricNumber.U64(8), new MetricNumber.U64(12), Temporality.LOW_MEMORY))),
                metric("s64-histogram", new MetricData.S64Histogram(histogram(new MetricNumber.S64(-2),
                        new MetricNumber.S64(8), new MetricNumber.S64(9), Temporality.CUMULATIVE))),
                metric("f64-exponential-histogram", new MetricData.F64ExponentialHistogram(exponential(
                        new MetricNumber.F64(0.5), new MetricNumber.F64(7.5), new MetricNumber.F64(9.5), Temporality.DELTA))),
                metric("u64-exponential-histogram", new MetricData.U64ExponentialHistogram(exponential(
                        new MetricNumber.U64(1), new MetricNumber.U64(8), new MetricNumber.U64(12), Temporality.LOW_MEMORY))),
                metric("s64-exponential-histogram", new MetricData.S64ExponentialHistogram(exponential(
                        new MetricNumber.S64(-2), new MetricNumber.S64(8), new MetricNumber.S64(9), Temporality.CUMULATIVE))));
        return new ResourceMetrics(new Resource(List.of(kv("service.name", "\"guest-svc\""), kv("guest.only", "42")),
                Optional.of("https://schema/r")), List.of(new ScopeMetrics(Values.scope(), ms)));
    }

    @Test
    void allTwelveVariantsReachTheExporterWithEveryField() {
        try (Harness h = new Harness()) {
            TestGuest g = h.guest();
            assertEquals(Result.ok(), h.exportAndFlush(g, allTwelve()));
            Map<String, io.opentelemetry.sdk.metrics.data.MetricData> got = h.metrics.getFinishedMetricItems().stream()
                    .collect(Collectors.toMap(io.opentelemetry.sdk.metrics.data.MetricData::getName, Function.identity()));
            assertEquals(12, got.size());
            for (io.opentelemetry.sdk.metrics.data.MetricData m : got.values()) {
                assertEquals("about " + m.getName(), m.getDescription());
                assertEquals("ms", m.getUnit());
                assertEquals("guest-lib", m.getInstrumentationScopeInfo().getName());
                assertEquals("1.2.3", m.getInstrumentationScopeInfo().getVersion());
                assertEquals("https://schema/1", m.getInstrumentationScopeInfo().getSchemaUrl());
                assertEquals(Attributes.of(AttributeKey.stringKey("scope.attr"), "s"), m.getInstrumentationScopeInfo().getAttributes());
                // guest resource merged over the host's
                assertEquals("guest-svc", m.getResource().getAttribute(AttributeKey.stringKey("service.name")));
                assertEquals(42L, m.getResource().getAttribute(AttributeKey.longKey("guest.only")));
                assertEquals("h", m.getResource().getAttribute(AttributeKey.stringKey("host.only")));
                assertEquals("https://schema/r", m.getResource().getSchemaUrl());
                assertEquals(1, m.getData().getPoints().size());
                PointData p = m.getData().getPoints().iterator().next();
                assertEquals(POINT_ATTRS, p.getAttributes());
                assertEquals(END_NANOS, p.getEpochNanos());
                assertEquals(START_NANOS, p.getStartEpochNanos());
                assertEquals(1, p.getExemplars().size());
                ExemplarData e = p.getExemplars().get(0);
                assertEquals(Attributes.of(AttributeKey.stringKey("user"), "u1"), e.getFilteredAttributes());
                assertEquals(EX_NANOS, e.getEpochNanos());
                assertEquals(Values.TRACE, e.getSpanContext().getTraceId());
                assertEquals(Values.SPAN, e.getSpanContext().getSpanId());
            }

            assertEquals(MetricDataType.DOUBLE_GAUGE, got.get("f64-gauge").getType());
            assertDouble(1.5, got.get("f64-gauge").getDoubleGaugeData().getPoints());
            assertEquals(MetricDataType.LONG_GAUGE, got.get("u64-gauge").getType());
            assertLong(7, got.get("u64-gauge").getLongGaugeData().getPoints());
            assertEquals(MetricDataType.LONG_GAUGE, got.get("s64-gauge").getType());
            assertLong(-7, got.get("s64-gauge").getLongGaugeData().getPoints());

            var f64Sum = got.get("f64-sum").getDoubleSumData();
            assertEquals(MetricDataType.DOUBLE_SUM, got.get("f64-sum").getType());
            assertEquals(AggregationTemporality.CUMULATIVE, f64Sum.getAggregationTemporality());
            assertTrue(f64Sum.isMonotonic());
            assertDouble(1.5, f64Sum.getPoints());
            var u64Sum = got.get("u64-sum").getLongSumData();
            assertEquals(MetricDataType.LONG_SUM, got.get("u64-sum").getType());
            assertEquals(AggregationTemporality.DELTA, u64Sum.getAggregationTemporality());
            assertLong(7, u64Sum.getPoints());
            var s64Sum = got.get("s64-sum").getLongSumData();
            assertFalse(s64Sum.isMonotonic());
            // low-memory: non-monotonic sums stay cumulative
            assertEquals(AggregationTemporality.CUMULATIVE, s64Sum.getAggregationTemporality());
            assertLong(-7, s64Sum.getPoints());

            assertHistogram(got.get("f64-histogram"), 0.5, 7.5, 9.5, AggregationTemporality.DELTA);
            assertHistogram(got.get("u64-histogram"), 1, 8, 12, AggregationTemporality.DELTA);
            assertHistogram(got.get("s64-histogram"), -2, 8, 9, AggregationTemporality.CUMULATIVE);
            assertExponential(got.get("f64-exponential-histogram"), 0.5, 7.5, 9.5, AggregationTemporality.DELTA);
            assertExponential(got.get("u64-exponential-histogram"), 1, 8, 12, AggregationTemporality.DELTA);
            assertExponential(got.get("s64-exponential-histogram"), -2, 8, 9, AggregationTemporality.CUMULATIVE);
            assertEquals(0, h.diag().total(), h.diag().snapshot().toString());
        }
    }

    @Test
    void anExporterFailureNeverReachesTheGuestButIsCountedAsLost() {
        try (Harness h = new Harness()) {
            TestGuest g = h.guest();
            h.metrics.shutdown(); // from now on its export fails
            assertEquals(Result.ok(), h.exportAndFlush(g, allTwelve()));
            TelemetryLoss.Summary lost = h.wasiOtel.telemetryLoss().summary();
            assertEquals(12, lost.metricPoints());
            assertEquals(0, lost.spans());
            assertTrue(lost.describe().startsWith("telemetry lost: 0 spans, 12 metric points, 0 log records could not"
                    + " be exported (last error: metric export failed"), lost.describe());
            assertEquals(0, h.diag().count(Repair.METRIC_EXPORT_REFUSED));
        }
    }

    private static void assertDouble(double v, java.util.Collection<DoublePointData> points) {
        DoublePointData p = points.iterator().next();
        assertEquals(v, p.getValue());
        assertEquals(v, p.getExemplars().get(0).getValue());
    }

    private static void assertLong(long v, java.util.Collection<LongPointData> points) {
        LongPointData p = points.iterator().next();
        assertEquals(v, p.getValue());
        assertEquals(v, p.getExemplars().get(0).getValue());
    }

    private static void assertHistogram(io.opentelemetry.sdk.metrics.data.MetricData m, double min, double max, double sum,
            AggregationTemporality t) {
        assertEquals(MetricDataType.HISTOGRAM, m.getType());
        assertEquals(t, m.getHistogramData().getAggregationTemporality());
        HistogramPointData p = m.getHistogramData().getPoints().iterator().next();
        assertEquals(3, p.getCount());
        assertEquals(List.of(1.0, 5.0), p.getBoundaries());
        assertEquals(List.of(1L, 1L, 1L), p.getCounts());
        assertTrue(p.hasMin());
        assertTrue(p.hasMax());
        assertEquals(min, p.getMin());
        assertEquals(max, p.getMax());
        assertEquals(sum, p.getSum());
        assertEquals(max, p.getExemplars().get(0).getValue());
    }

    private static void assertExponential(io.opentelemetry.sdk.metrics.data.MetricData m, double min, double max,
            double sum, AggregationTemporality t) {
        assertEquals(MetricDataType.EXPONENTIAL_HISTOGRAM, m.getType());
        assertEquals(t, m.getExponentialHistogramData().getAggregationTemporality());
        ExponentialHistogramPointData p = m.getExponentialHistogramData().getPoints().iterator().next();
        assertEquals(4, p.getCount());
        assertEquals(2, p.getScale());
        assertEquals(1, p.getZeroCount());
        assertEquals(min, p.getMin());
        assertEquals(max, p.getMax());
        assertEquals(sum, p.getSum());
        assertEquals(1, p.getPositiveBuckets().getOffset());
        assertEquals(2, p.getPositiveBuckets().getScale());
        assertEquals(List.of(1L, 2L), p.getPositiveBuckets().getBucketCounts());
        assertEquals(3, p.getPositiveBuckets().getTotalCount());
        assertEquals(-1, p.getNegativeBuckets().getOffset());
        assertEquals(List.of(), p.getNegativeBuckets().getBucketCounts());
        assertEquals(max, p.getExemplars().get(0).getValue());
    }
}
