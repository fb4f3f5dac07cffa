package dev.wasiotel.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.opentelemetry.sdk.metrics.data.ExponentialHistogramPointData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Histograms and u64 values a hostile guest sends, each with its defined and counted outcome. */
class HistogramRulesTest {

    /** Exports one metric through a real guest and returns what reached the exporter. */
    static io.opentelemetry.sdk.metrics.data.MetricData export(Harness h, MetricData d) {
        TestGuest g = h.guest();
        ResourceMetrics rm = new ResourceMetrics(new Resource(List.of(), Optional.empty()), List.of(new ScopeMetrics(
                Values.scope(), List.of(new Metric("m", "", "", d)))));
        assertEquals(Result.ok(), h.exportAndFlush(g, rm));
        assertEquals(1, h.metrics.getFinishedMetricItems().size());
        return h.metrics.getFinishedMetricItems().get(0);
    }

    static MetricData explicit(long count, double[] bounds, long[] counts) {
        return new MetricData.F64Histogram(new Histogram(List.of(new HistogramDataPoint(List.of(), count, bounds, counts,
                Optional.of(new MetricNumber.F64(0.5)), Optional.of(new MetricNumber.F64(9)), new MetricNumber.F64(12),
                List.of())), Values.START, Values.END, Temporality.DELTA));
    }

    static MetricData exponential(byte scale, long count, long zero, ExponentialBucket positive, ExponentialBucket negative) {
        return new MetricData.F64ExponentialHistogram(new ExponentialHistogram(List.of(new ExponentialHistogramDataPoint(
                List.of(), count, Optional.empty(), Optional.empty(), new MetricNumber.F64(3), scale, zero, positive,
                negative, 0.0, List.of())), Values.START, Values.END, Temporality.DELTA));
    }

    static HistogramPointData explicitPoint(io.opentelemetry.sdk.metrics.data.MetricData m) {
        return m.getHistogramData().getPoints().iterator().next();
    }

    static ExponentialHistogramPointData exponentialPoint(io.opentelemetry.sdk.metrics.data.MetricData m) {
        return m.getExponentialHistogramData().getPoints().iterator().next();
    }

    @Test
    void descendingBoundsCollapseIntoOneBucket() {
        try (Harness h = new Harness()) {
            HistogramPointData p = explicitPoint(export(h, explicit(6, new double[] {5, 1}, new long[] {1, 2, 3})));
            assertEquals(List.of(), p.getBoundaries());
            assertEquals(List.of(6L), p.getCounts());
            assertEquals(6, p.getCount());
            assertEquals(12, p.getSum());
            assertEquals(0.5, p.getMin());
            assertEquals(9, p.getMax());
            assertEquals(Map.of(Repair.HISTOGRAM_BOUNDS_INVALID, 1L), h.diag().snapshot());
        }
    }

    @Test
    void nanOrInfiniteBoundsCollapseIntoOneBucket() {
        for (double[] bounds : new double[][] {{1, Double.NaN}, {Double.NEGATIVE_INFINITY, 1}, {1, Double.POSITIVE_INFINITY},
                {1, 1}}) {
            try (Harness h = new Harness()) {
                HistogramPointData p = explicitPoint(export(h, explicit(3, bounds, new long[] {1, 1, 1})));
                assertEquals(List.of(3L), p.getCounts(), java.util.Arrays.toString(bounds));
                assertEquals(Map.of(Repair.HISTOGRAM_BOUNDS_INVALID, 1L), h.diag().snapshot());
            }
        }
    }

    @Test
    void aCountThatIsNotTheSumOfTheBucketsBecomesTheSum() {
        try (Harness h = new Harness()) {
            HistogramPointData p = explicitPoint(export(h, explicit(100, new double[] {1, 5}, new long[] {1, 2, 3})));
            assertEquals(6, p.getCount());
            assertEquals(List.of(1L, 2L, 3L), p.getCounts());
            assertEquals(Map.of(Repair.HISTOGRAM_COUNT_MISMATCH, 1L), h.diag().snapshot());
        }
        try (Harness h = new Harness()) {
            ExponentialHistogramPointData p = exponentialPoint(export(h, exponential((byte) 2, 100, 1,
                    new ExponentialBucket(1, new long[] {1, 2}), new ExponentialBucket(-1, new long[] {4}))));
            assertEquals(1 + 3 + 4, p.getCount());
            assertEquals(Map.of(Repair.HISTOGRAM_COUNT_MISMATCH, 1L), h.diag().snapshot());
        }
    }

    @Test
    void scale127IsDownscaledTo20() {
        try (Harness h = new Harness()) {
            ExponentialHistogramPointData p = exponentialPoint(export(h, exponential((byte) 127, 4, 1,
                    new ExponentialBucket(1, new long[] {1, 2}), new ExponentialBucket(-3, new long[] {}))));
            assertEquals(20, p.getScale());
            assertEquals(20, p.getPositiveBuckets().getScale());
            // indices 1 and 2 at scale 127 both fall into bucket 0 at scale 20
            assertEquals(0, p.getPositiveBuckets().getOffset());
            assertEquals(List.of(3L), p.getPositiveBuckets().getBucketCounts());
            assertEquals(List.of(), p.getNegativeBuckets().getBucketCounts());
            assertEquals(4, p.getCount());
            assertEquals(Map.of(Repair.EXPONENTIAL_DOWNSCALED, 1L), h.diag().snapshot());
        }
    }

    @Test
    void aScaleBelowMinus10DropsThePoint() {
        try (Harness h = new Harness()) {
            io.opentelemetry.sdk.metrics.data.MetricData m = export(h, exponential((byte) -11, 1, 1,
                    new ExponentialBucket(0, new long[0]), new ExponentialBucket(0, new long[0])));
            assertTrue(m.getExponentialHistogramData().getPoints().isEmpty());
            assertEquals(Map.of(Repair.EXPONENTIAL_SCALE_INVALID, 1L), h.diag().snapshot());
        }
    }

    @Test
    void downscalingMergesNegativeIndicesByFloorDivision() {
        ExponentialScale.Fitted f = ExponentialScale.fit(3, -3, new long[] {1, 1, 1, 1}, 0, new long[0], 2);
        // indices -3..0 halved (floor): -2, -1, -1, 0 → still 3 buckets; quartered: -1, -1, -1, 0 → 2
        assertEquals(1, f.scale());
        assertEquals(-1, f.positiveOffset());
        assertEquals(List.of(3L, 1L), java.util.Arrays.stream(f.positive()).boxed().toList());
        assertEquals(null, ExponentialScale.fit(-9, 0, new long[] {1, 1, 1, 1, 1}, 0, new long[0], 2));
    }

    @Test
    void aU64OfTwoToThe64MinusOneIsAValueNotMinusOne() {
        // u64 -1 as the guest's C code writes it: 18446744073709551615, exported as a double, never as -1
        try (Harness h = new Harness()) {
            io.opentelemetry.sdk.metrics.data.MetricData m = export(h, new MetricData.U64Gauge(new Gauge(List.of(
                    new GaugeDataPoint(List.of(), new MetricNumber.U64(-1L), List.of())), Optional.empty(), Values.END)));
            assertEquals(MetricDataType.DOUBLE_GAUGE, m.getType());
            assertEquals(0x1p64, m.getDoubleGaugeData().getPoints().iterator().next().getValue());
            assertEquals(Map.of(Repair.METRIC_U64_AS_DOUBLE, 1L), h.diag().snapshot());
        }
        try (Harness h = new Harness()) {
            io.opentelemetry.sdk.metrics.data.MetricData m = export(h, new MetricData.U64Sum(new Sum(List.of(
                    new SumDataPoint(List.of(), new MetricNumber.U64(-1L), List.of())), Values.START, Values.END,
                    Temporality.CUMULATIVE, true)));
            assertEquals(MetricDataType.DOUBLE_SUM, m.getType());
            assertEquals(0x1p64, m.getDoubleSumData().getPoints().iterator().next().getValue());
        }
        // in a signed metric it cannot be represented: the point is dropped
        try (Harness h = new Harness()) {
            io.opentelemetry.sdk.metrics.data.MetricData m = export(h, new MetricData.S64Gauge(new Gauge(List.of(
                    new GaugeDataPoint(List.of(), new MetricNumber.U64(-1L), List.of())), Optional.empty(), Values.END)));
            assertTrue(m.getLongGaugeData().getPoints().isEmpty());
            assertEquals(1, h.diag().count(Repair.METRIC_POINT_DROPPED));
        }
    }
}
