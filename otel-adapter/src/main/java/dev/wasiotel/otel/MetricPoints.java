package dev.wasiotel.otel;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.data.Data;
import io.opentelemetry.sdk.metrics.data.DoubleExemplarData;
import io.opentelemetry.sdk.metrics.data.ExponentialHistogramBuckets;
import io.opentelemetry.sdk.metrics.data.ExponentialHistogramPointData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongExemplarData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.resources.Resource;
import java.util.List;

/**
 * The SDK metric data types the public SDK API has no factory for with every field the guest
 * sends (exemplars on long points and histograms, the guest's own exponential-histogram count).
 */
final class MetricPoints {
    private MetricPoints() {
    }

    /** A metric of the guest. */
    record Metric(Resource resource, InstrumentationScopeInfo scope, String name, String description,
            String unit, MetricDataType type, Data<?> data) implements MetricData {
        @Override
        public Resource getResource() {
            return resource;
        }

        @Override
        public InstrumentationScopeInfo getInstrumentationScopeInfo() {
            return scope;
        }

        @Override
        public String getName() {
            return name;
        }

        @Override
        public String getDescription() {
            return description;
        }

        @Override
        public String getUnit() {
            return unit;
        }

        @Override
        public MetricDataType getType() {
            return type;
        }

        @Override
        public Data<?> getData() {
            return data;
        }
    }

    /** An integer gauge or sum point. */
    record LongPoint(long start, long epoch, Attributes attributes, long value, List<LongExemplarData> exemplars)
            implements LongPointData {
        LongPoint {
            exemplars = List.copyOf(exemplars);
        }

        @Override
        public long getStartEpochNanos() {
            return start;
        }

        @Override
        public long getEpochNanos() {
            return epoch;
        }

        @Override
        public Attributes getAttributes() {
            return attributes;
        }

        @Override
        public long getValue() {
            return value;
        }

        @Override
        public List<LongExemplarData> getExemplars() {
            return exemplars;
        }
    }

    /** An explicit-bucket histogram point; {@code min}/{@code max} are NaN when absent. */
    record HistogramPoint(long start, long epoch, Attributes attributes, double sum, long count, double min,
            double max, List<Double> boundaries, List<Long> counts, List<DoubleExemplarData> exemplars)
            implements HistogramPointData {
        HistogramPoint {
            boundaries = List.copyOf(boundaries);
            counts = List.copyOf(counts);
            exemplars = List.copyOf(exemplars);
        }

        @Override
        public long getStartEpochNanos() {
            return start;
        }

        @Override
        public long getEpochNanos() {
            return epoch;
        }

        @Override
        public Attributes getAttributes() {
            return attributes;
        }

        @Override
        public double getSum() {
            return sum;
        }

        @Override
        public long getCount() {
            return count;
        }

        @Override
        public boolean hasMin() {
            return !Double.isNaN(min);
        }

        @Override
        public double getMin() {
            return min;
        }

        @Override
        public boolean hasMax() {
            return !Double.isNaN(max);
        }

        @Override
        public double getMax() {
            return max;
        }

        @Override
        public List<Double> getBoundaries() {
            return boundaries;
        }

        @Override
        public List<Long> getCounts() {
            return counts;
        }

        @Override
        public List<DoubleExemplarData> getExemplars() {
            return exemplars;
        }
    }

    /** The buckets of one sign of an exponential histogram. */
    record Buckets(int scale, int offset, List<Long> counts, long total) implements ExponentialHistogramBuckets {
        Buckets {
            counts = List.copyOf(counts);
        }

        @Override
        public int getScale() {
            return scale;
        }

        @Override
        public int getOffset() {
            return offset;
        }

        @Override
        public List<Long> getBucketCounts() {
            return counts;
        }

        @Override
        public long getTotalCount() {
            return total;
        }
    }

    /** An exponential histogram point with the guest's count; {@code min}/{@code max} NaN when absent. */
    record ExponentialPoint(long start, long epoch, Attributes attributes, int scale, double sum, long count,
            long zeroCount, double min, double max, Buckets positive, Buckets negative,
            List<DoubleExemplarData> exemplars) implements ExponentialHistogramPointData {
        ExponentialPoint {
            exemplars = List.copyOf(exemplars);
        }

        @Override
        public long getStartEpochNanos() {
            return start;
        }

        @Override
        public long getEpochNanos() {
            return epoch;
        }

        @Override
        public Attributes getAttributes() {
            return attributes;
        }

        @Override
        public int getScale() {
            return scale;
        }

        @Override
        public double getSum() {
            return sum;
        }

        @Override
        public long getCount() {
            return count;
        }

        @Override
        public long getZeroCount() {
            return zeroCount;
        }

        @Override
        public boolean hasMin() {
            return !Double.isNaN(min);
        }

        @Override
        public double getMin() {
            return min;
        }

        @Override
        public boolean hasMax() {
            return !Double.isNaN(max);
        }

        @Override
        public double getMax() {
            return max;
        }

        @Override
        public ExponentialHistogramBuckets getPositiveBuckets() {
            return positive;
        }

        @Override
        public ExponentialHistogramBuckets getNegativeBuckets() {
            return negative;
        }

        @Override
        public List<DoubleExemplarData> getExemplars() {
            return exemplars;
        }
    }
}
