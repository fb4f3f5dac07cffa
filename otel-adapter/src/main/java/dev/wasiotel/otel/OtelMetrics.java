package dev.wasiotel.otel;

import dev.wasiotel.otel.bindings.wasi.otel.metrics.Exemplar;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.ExponentialHistogram;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.ExponentialHistogramDataPoint;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.Gauge;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.GaugeDataPoint;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.Histogram;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.HistogramDataPoint;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.Metric;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.MetricData;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.MetricNumber;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.Metrics;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.ResourceMetrics;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.ScopeMetrics;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.Sum;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.SumDataPoint;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.Temporality;
import dev.wasiotel.wit.runtime.Result;
import dev.wasiotel.wit.runtime.Unit;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.DoubleExemplarData;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.ExponentialHistogramData;
import io.opentelemetry.sdk.metrics.data.GaugeData;
import io.opentelemetry.sdk.metrics.data.HistogramData;
import io.opentelemetry.sdk.metrics.data.LongExemplarData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.data.SumData;
import io.opentelemetry.sdk.resources.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * {@code wasi:otel/metrics} on the SDK: the guest's already aggregated metrics become SDK {@link
 * io.opentelemetry.sdk.metrics.data.MetricData} (all 12 variants, with exemplars) and go to the
 * metric exporters; an exporter failure is the {@code result} error.
 *
 * <ul>
 *   <li>f64 gauges/sums become double data; s64 and u64 gauges/sums long data; a u64 metric with a
 *       value above {@code Long.MAX_VALUE} becomes double data as a whole (counted, never wrapped).
 *       All histograms are double histograms, as in the SDK.
 *   <li>A number of another type than its variant is converted (counted); a value that cannot be
 *       converted (NaN, infinite or out of range for an integer metric) drops its point (counted).
 *   <li>{@code low-memory} temporality (a preference, not a data temporality): delta for monotonic
 *       sums and histograms, cumulative for non-monotonic sums, as the low-memory selector does.
 *   <li>u64 counts above {@code Long.MAX_VALUE} are clamped (counted); a histogram whose bucket
 *       counts are not bounds + 1 (nor empty) is dropped (counted).
 *   <li>The guest's resource is merged over the host's (guest attributes win).
 * </ul>
 */
final class OtelMetrics implements Metrics {
    private enum Kind { F64, S64, U64 }

    private final Sinks sinks;
    private final Diagnostics diag;
    private final AnyValues values;
    private final OtelTracing tracing;
    /** The guest's resource merged over the host's. */
    private final RepairFreeCache<dev.wasiotel.otel.bindings.wasi.otel.types.Resource, Resource> resources;

    OtelMetrics(Sinks sinks, Diagnostics diag, OtelTracing tracing) {
        this.sinks = sinks;
        this.diag = diag;
        this.values = new AnyValues(diag);
        this.tracing = tracing;
        this.resources = new RepairFreeCache<>(diag, guest -> OtelMetrics.mergeResource(sinks.resource(), guest, values));
    }

    @Override
    public Result<Unit, String> export(ResourceMetrics metrics) {
        List<io.opentelemetry.sdk.metrics.data.MetricData> out = convert(metrics);
        if (out.isEmpty()) {
            return Result.ok();
        }
        String error = sinks.exportMetrics(out);
        if (error != null) {
            diag.record(Repair.METRIC_EXPORT_REFUSED, error);
            return Result.err(error);
        }
        return Result.ok();
    }

    /** The guest's metrics as SDK metric data, at most {@link TelemetryLimits#maxPointsPerExport} points. */
    List<io.opentelemetry.sdk.metrics.data.MetricData> convert(ResourceMetrics metrics) {
        Resource resource = resources.get(metrics.resource());
        List<io.opentelemetry.sdk.metrics.data.MetricData> out = new ArrayList<>();
        Budget budget = new Budget(limits().maxPointsPerExport());
        for (ScopeMetrics sm : metrics.scopeMetrics()) {
            InstrumentationScopeInfo scope = tracing.scope(sm.scope());
            for (Metric m : sm.metrics()) {
                if (budget.left == 0) {
                    budget.dropped += points(m.data());
                    continue;
                }
                out.add(convert(resource, scope, m, budget));
            }
        }
        if (budget.dropped > 0) {
            diag.record(Repair.METRIC_POINTS_LIMIT, budget.dropped, budget.dropped + " data points over the limit of "
                    + limits().maxPointsPerExport() + " per export");
        }
        return out;
    }

    private TelemetryLimits limits() {
        return tracing.limits();
    }

    /** The data points one export may still carry. */
    private static final class Budget {
        int left;
        long dropped;

        Budget(int points) {
            this.left = points;
        }

        /** Whether one more point may go; counts it as dropped if not. */
        boolean take() {
            if (left == 0) {
                dropped++;
                return false;
            }
            left--;
            return true;
        }
    }

    private static int points(MetricData d) {
        if (d instanceof MetricData.F64Gauge g) {
            return g.value().dataPoints().size();
        } else if (d instanceof MetricData.S64Gauge g) {
            return g.value().dataPoints().size();
        } else if (d instanceof MetricData.U64Gauge g) {
            return g.value().dataPoints().size();
        } else if (d instanceof MetricData.F64Sum g) {
            return g.value().dataPoints().size();
        } else if (d instanceof MetricData.S64Sum g) {
            return g.value().dataPoints().size();
        } else if (d instanceof MetricData.U64Sum g) {
            return g.value().dataPoints().size();
        } else if (d instanceof MetricData.F64Histogram g) {
            return g.value().dataPoints().size();
        } else if (d instanceof MetricData.S64Histogram g) {
            return g.value().dataPoints().size();
        } else if (d instanceof MetricData.U64Histogram g) {
            return g.value().dataPoints().size();
        } else if (d instanceof MetricData.F64ExponentialHistogram g) {
            return g.value().dataPoints().size();
        } else if (d instanceof MetricData.S64ExponentialHistogram g) {
            return g.value().dataPoints().size();
        }
        return ((MetricData.U64ExponentialHistogram) d).value().dataPoints().size();
    }

    /** {@code host} with the guest's resource merged over it. */
    static Resource mergeResource(Resource host, dev.wasiotel.otel.bindings.wasi.otel.types.Resource guest,
            AnyValues values) {
        return host.merge(Resource.create(values.resourceAttributes(guest.attributes()), guest.schemaUrl().orElse(null)));
    }

    private io.opentelemetry.sdk.metrics.data.MetricData convert(Resource r, InstrumentationScopeInfo s, Metric guest, Budget budget) {
        // names within their caps, once for the metric
        Metric m = new Metric(values.name(guest.name(), limits().maxMetricNameLength(), "metric name"),
                values.name(guest.description(), limits().maxNameLength(), "metric description"),
                values.name(guest.unit(), limits().maxMetricNameLength(), "metric unit"), guest.data());
        MetricData d = m.data();
        if (d instanceof MetricData.F64Gauge) {
            return gauge(r, s, m, Kind.F64, ((MetricData.F64Gauge) d).value(), budget);
        } else if (d instanceof MetricData.S64Gauge) {
            return gauge(r, s, m, Kind.S64, ((MetricData.S64Gauge) d).value(), budget);
        } else if (d instanceof MetricData.U64Gauge) {
            return gauge(r, s, m, Kind.U64, ((MetricData.U64Gauge) d).value(), budget);
        } else if (d instanceof MetricData.F64Sum) {
            return sum(r, s, m, Kind.F64, ((MetricData.F64Sum) d).value(), budget);
        } else if (d instanceof MetricData.S64Sum) {
            return sum(r, s, m, Kind.S64, ((MetricData.S64Sum) d).value(), budget);
        } else if (d instanceof MetricData.U64Sum) {
            return sum(r, s, m, Kind.U64, ((MetricData.U64Sum) d).value(), budget);
        } else if (d instanceof MetricData.F64Histogram) {
            return histogram(r, s, m, Kind.F64, ((MetricData.F64Histogram) d).value(), budget);
        } else if (d instanceof MetricData.S64Histogram) {
            return histogram(r, s, m, Kind.S64, ((MetricData.S64Histogram) d).value(), budget);
        } else if (d instanceof MetricData.U64Histogram) {
            return histogram(r, s, m, Kind.U64, ((MetricData.U64Histogram) d).value(), budget);
        } else if (d instanceof MetricData.F64ExponentialHistogram) {
            return exponential(r, s, m, Kind.F64, ((MetricData.F64ExponentialHistogram) d).value(), budget);
        } else if (d instanceof MetricData.S64ExponentialHistogram) {
            return exponential(r, s, m, Kind.S64, ((MetricData.S64ExponentialHistogram) d).value(), budget);
        }
        return exponential(r, s, m, Kind.U64, ((MetricData.U64ExponentialHistogram) d).value(), budget);
    }

    private io.opentelemetry.sdk.metrics.data.MetricData gauge(Resource r, InstrumentationScopeInfo s, Metric m,
            Kind kind, Gauge g, Budget budget) {
        long start = g.startTime().map(t -> Times.epochNanos(t, diag)).orElse(0L);
        long time = Times.epochNanos(g.time(), diag);
        List<In> in = new ArrayList<>();
        for (GaugeDataPoint p : g.dataPoints()) {
            if (budget.take()) {
                in.add(new In(p.attributes(), p.value(), p.exemplars()));
            }
        }
        if (isDouble(kind, in, m.name())) {
            return new MetricPoints.Metric(r, s, m.name(), m.description(), m.unit(), MetricDataType.DOUBLE_GAUGE,
                    GaugeData.createDoubleGaugeData(doublePoints(in, kind, start, time)));
        }
        return new MetricPoints.Metric(r, s, m.name(), m.description(), m.unit(), MetricDataType.LONG_GAUGE,
                GaugeData.createLongGaugeData(longPoints(in, kind, start, time)));
    }

    private io.opentelemetry.sdk.metrics.data.MetricData sum(Resource r, InstrumentationScopeInfo s, Metric m,
            Kind kind, Sum g, Budget budget) {
        long start = Times.epochNanos(g.startTime(), diag);
        long time = Times.epochNanos(g.time(), diag);
        AggregationTemporality t = temporality(g.temporality(), g.isMonotonic());
        List<In> in = new ArrayList<>();
        for (SumDataPoint p : g.dataPoints()) {
            if (budget.take()) {
                in.add(new In(p.attributes(), p.value(), p.exemplars()));
            }
        }
        if (isDouble(kind, in, m.name())) {
            return new MetricPoints.Metric(r, s, m.name(), m.description(), m.unit(), MetricDataType.DOUBLE_SUM,
                    SumData.createDoubleSumData(g.isMonotonic(), t, doublePoints(in, kind, start, time)));
        }
        return new MetricPoints.Metric(r, s, m.name(), m.description(), m.unit(), MetricDataType.LONG_SUM,
                SumData.createLongSumData(g.isMonotonic(), t, longPoints(in, kind, start, time)));
    }

    private io.opentelemetry.sdk.metrics.data.MetricData histogram(Resource r, InstrumentationScopeInfo s, Metric m,
            Kind kind, Histogram h, Budget budget) {
        long start = Times.epochNanos(h.startTime(), diag);
        long time = Times.epochNanos(h.time(), diag);
        List<io.opentelemetry.sdk.metrics.data.HistogramPointData> points = new ArrayList<>();
        for (HistogramDataPoint p : h.dataPoints()) {
            if (!budget.take()) {
                continue;
            }
            double[] bounds = p.bounds();
            long[] counts = counts(p.bucketCounts(), m.name());
            if (counts.length != 0 && counts.length != bounds.length + 1) {
                diag.record(Repair.METRIC_BUCKETS_MISMATCH, "histogram " + m.name() + ": " + bounds.length
                        + " bounds, " + counts.length + " bucket counts");
                continue;
            }
            long count = count(p.count(), m.name());
            if (bounds.length != 0 && (counts.length == 0 || !validBounds(bounds))) {
                // buckets without trustworthy bounds say nothing: one bucket holding everything does
                diag.record(Repair.HISTOGRAM_BOUNDS_INVALID, "histogram " + m.name() + ": bounds "
                        + AnyValues.abbreviate(java.util.Arrays.toString(bounds)));
                counts = counts.length == 0 ? counts : new long[] {sum(counts)};
                bounds = new double[0];
            }
            int max = limits().maxHistogramBuckets();
            if (counts.length > max) {
                diag.record(Repair.HISTOGRAM_BUCKETS_MERGED, "histogram " + m.name() + ": " + counts.length
                        + " buckets, the last " + (counts.length - max + 1) + " merged into one");
                long[] merged = java.util.Arrays.copyOf(counts, max);
                merged[max - 1] = sum(java.util.Arrays.copyOfRange(counts, max - 1, counts.length));
                counts = merged;
                bounds = java.util.Arrays.copyOf(bounds, max - 1);
            }
            if (counts.length != 0 && sum(counts) != count) {
                diag.record(Repair.HISTOGRAM_COUNT_MISMATCH, "histogram " + m.name() + ": count " + count
                        + ", bucket counts sum to " + sum(counts));
                count = sum(counts);
            }
            List<Double> boundList = new ArrayList<>(bounds.length);
            for (double b : bounds) {
                boundList.add(b);
            }
            List<Long> countList = new ArrayList<>(counts.length);
            for (long c : counts) {
                countList.add(c);
            }
            points.add(new MetricPoints.HistogramPoint(start, time, values.attributes(p.attributes()),
                    toDouble(p.sum(), kind).orElse(Double.NaN), count,
                    p.min().map(n -> toDouble(n, kind).orElse(Double.NaN)).orElse(Double.NaN),
                    p.max().map(n -> toDouble(n, kind).orElse(Double.NaN)).orElse(Double.NaN),
                    boundList, countList, doubleExemplars(p.exemplars(), kind)));
        }
        return new MetricPoints.Metric(r, s, m.name(), m.description(), m.unit(), MetricDataType.HISTOGRAM,
                HistogramData.create(temporality(h.temporality(), true), points));
    }

    /**
     * Bounds the SDK accepts for an explicit-bucket histogram: no NaN, strictly increasing, not
     * starting at -Inf nor ending at +Inf.
     */
    static boolean validBounds(double[] bounds) {
        for (int i = 0; i < bounds.length; i++) {
            if (Double.isNaN(bounds[i]) || (i > 0 && !(bounds[i - 1] < bounds[i]))) {
                return false;
            }
        }
        return bounds.length == 0
                || (bounds[0] != Double.NEGATIVE_INFINITY && bounds[bounds.length - 1] != Double.POSITIVE_INFINITY);
    }

    private io.opentelemetry.sdk.metrics.data.MetricData exponential(Resource r, InstrumentationScopeInfo s, Metric m,
            Kind kind, ExponentialHistogram h, Budget budget) {
        long start = Times.epochNanos(h.startTime(), diag);
        long time = Times.epochNanos(h.time(), diag);
        List<io.opentelemetry.sdk.metrics.data.ExponentialHistogramPointData> points = new ArrayList<>();
        for (ExponentialHistogramDataPoint p : h.dataPoints()) {
            if (!budget.take()) {
                continue;
            }
            ExponentialScale.Fitted fitted = ExponentialScale.fit(p.scale(), p.positiveBucket().offset(),
                    counts(p.positiveBucket().counts(), m.name()), p.negativeBucket().offset(),
                    counts(p.negativeBucket().counts(), m.name()), limits().maxHistogramBuckets());
            if (fitted == null) {
                diag.record(Repair.EXPONENTIAL_SCALE_INVALID, "exponential histogram " + m.name() + ": scale "
                        + p.scale() + " (valid: " + ExponentialScale.MIN_SCALE + ".." + ExponentialScale.MAX_SCALE
                        + "); point dropped");
                continue;
            }
            if (fitted.scale() != p.scale()) {
                diag.record(Repair.EXPONENTIAL_DOWNSCALED, "exponential histogram " + m.name() + ": scale "
                        + p.scale() + " with " + p.positiveBucket().counts().length + "/"
                        + p.negativeBucket().counts().length + " buckets downscaled to scale " + fitted.scale());
            }
            long zero = count(p.zeroCount(), m.name());
            long count = count(p.count(), m.name());
            long total = saturatedAdd(zero, saturatedAdd(sum(fitted.positive()), sum(fitted.negative())));
            if (total != count) {
                diag.record(Repair.HISTOGRAM_COUNT_MISMATCH, "exponential histogram " + m.name() + ": count " + count
                        + ", zero and bucket counts sum to " + total);
                count = total;
            }
            points.add(new MetricPoints.ExponentialPoint(start, time, values.attributes(p.attributes()), fitted.scale(),
                    toDouble(p.sum(), kind).orElse(Double.NaN), count, zero,
                    p.min().map(n -> toDouble(n, kind).orElse(Double.NaN)).orElse(Double.NaN),
                    p.max().map(n -> toDouble(n, kind).orElse(Double.NaN)).orElse(Double.NaN),
                    buckets(fitted.scale(), fitted.positiveOffset(), fitted.positive()),
                    buckets(fitted.scale(), fitted.negativeOffset(), fitted.negative()),
                    doubleExemplars(p.exemplars(), kind)));
        }
        return new MetricPoints.Metric(r, s, m.name(), m.description(), m.unit(),
                MetricDataType.EXPONENTIAL_HISTOGRAM,
                ExponentialHistogramData.create(temporality(h.temporality(), true), points));
    }

    private static MetricPoints.Buckets buckets(int scale, int offset, long[] counts) {
        List<Long> list = new ArrayList<>(counts.length);
        for (long c : counts) {
            list.add(c);
        }
        return new MetricPoints.Buckets(scale, offset, list, sum(counts));
    }

    /** u64 counts as longs, those above {@code Long.MAX_VALUE} clamped (counted once per array). */
    private long[] counts(long[] u64, String metric) {
        long[] out = u64.clone();
        int clamped = 0;
        for (int i = 0; i < out.length; i++) {
            if (out[i] < 0) {
                out[i] = Long.MAX_VALUE;
                clamped++;
            }
        }
        if (clamped > 0) {
            diag.record(Repair.METRIC_COUNT_CLAMPED, clamped, "metric " + metric + ": " + clamped
                    + " bucket counts above 2^63-1");
        }
        return out;
    }

    /** The saturating sum of counts that are not negative. */
    static long sum(long[] counts) {
        long t = 0;
        for (long c : counts) {
            t = saturatedAdd(t, c);
        }
        return t;
    }

    private static long saturatedAdd(long a, long b) {
        return b > Long.MAX_VALUE - a ? Long.MAX_VALUE : a + b;
    }

    /** A gauge or sum point as the generated types carry it (the two WIT records are alike). */
    private record In(List<dev.wasiotel.otel.bindings.wasi.otel.types.KeyValue> attributes, MetricNumber value,
            List<Exemplar> exemplars) {
    }

    /** Whether a gauge or sum of {@code kind} becomes double data. */
    private boolean isDouble(Kind kind, List<In> points, String name) {
        if (kind == Kind.F64) {
            return true;
        }
        if (kind == Kind.U64) {
            for (In p : points) {
                boolean big = isBigU64(p.value());
                for (Exemplar e : p.exemplars()) {
                    big |= isBigU64(e.value());
                }
                if (big) {
                    diag.record(Repair.METRIC_U64_AS_DOUBLE, "metric " + name + " has a u64 above 2^63-1");
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isBigU64(MetricNumber n) {
        return n instanceof MetricNumber.U64 && ((MetricNumber.U64) n).value() < 0;
    }

    private List<DoublePointData> doublePoints(List<In> in, Kind kind, long start, long time) {
        List<DoublePointData> out = new ArrayList<>(in.size());
        for (In p : in) {
            OptionalDouble v = toDouble(p.value(), kind);
            if (v.isEmpty()) {
                continue;
            }
            out.add(DoublePointData.create(start, time, values.attributes(p.attributes()), v.getAsDouble(),
                    doubleExemplars(p.exemplars(), kind)));
        }
        return out;
    }

    private List<LongPointData> longPoints(List<In> in, Kind kind, long start, long time) {
        List<LongPointData> out = new ArrayList<>(in.size());
        for (In p : in) {
            OptionalLong v = toLong(p.value(), kind);
            if (v.isEmpty()) {
                continue;
            }
            out.add(new MetricPoints.LongPoint(start, time, values.attributes(p.attributes()), v.getAsLong(),
                    longExemplars(p.exemplars(), kind)));
        }
        return out;
    }

    private List<DoubleExemplarData> doubleExemplars(List<Exemplar> all, Kind kind) {
        List<Exemplar> in = capExemplars(all);
        List<DoubleExemplarData> out = new ArrayList<>(in.size());
        for (Exemplar e : in) {
            OptionalDouble v = toDouble(e.value(), kind);
            if (v.isPresent()) {
                out.add(DoubleExemplarData.create(values.attributes(e.filteredAttributes()),
                        Times.epochNanos(e.time(), diag), exemplarContext(e), v.getAsDouble()));
            }
        }
        return out;
    }

    private List<LongExemplarData> longExemplars(List<Exemplar> all, Kind kind) {
        List<Exemplar> in = capExemplars(all);
        List<LongExemplarData> out = new ArrayList<>(in.size());
        for (Exemplar e : in) {
            OptionalLong v = toLong(e.value(), kind);
            if (v.isPresent()) {
                out.add(LongExemplarData.create(values.attributes(e.filteredAttributes()),
                        Times.epochNanos(e.time(), diag), exemplarContext(e), v.getAsLong()));
            }
        }
        return out;
    }

    /** The first {@link TelemetryLimits#maxExemplarsPerPoint} exemplars (the rest counted as dropped). */
    private List<Exemplar> capExemplars(List<Exemplar> in) {
        int max = limits().maxExemplarsPerPoint();
        if (in.size() <= max) {
            return in;
        }
        diag.record(Repair.EXEMPLAR_LIMIT, in.size() - max, (in.size() - max) + " exemplars over the limit of " + max
                + " per point");
        return in.subList(0, max);
    }

    /** The span an exemplar was recorded in; invalid when the guest had none (empty ids). */
    private SpanContext exemplarContext(Exemplar e) {
        Optional<String> trace = Ids.exemplarId(e.traceId(), Ids.TRACE_HEX, diag);
        Optional<String> span = Ids.exemplarId(e.spanId(), Ids.SPAN_HEX, diag);
        if (trace.isEmpty() || span.isEmpty()) {
            return SpanContext.getInvalid();
        }
        // exemplars are only recorded for sampled spans
        return SpanContext.create(trace.get(), span.get(), TraceFlags.getSampled(), TraceState.getDefault());
    }

    /** {@code n} as a double for a metric of {@code kind}; empty (point dropped) only for NaN. */
    private OptionalDouble toDouble(MetricNumber n, Kind kind) {
        double v;
        Kind actual;
        if (n instanceof MetricNumber.F64) {
            v = ((MetricNumber.F64) n).value();
            actual = Kind.F64;
        } else if (n instanceof MetricNumber.S64) {
            v = ((MetricNumber.S64) n).value();
            actual = Kind.S64;
        } else {
            long u = ((MetricNumber.U64) n).value();
            v = u >= 0 ? u : (double) (u >>> 1) * 2.0 + (u & 1);
            actual = Kind.U64;
        }
        if (actual != kind) {
            diag.record(Repair.METRIC_NUMBER_CONVERTED, actual + " number in a " + kind + " metric");
        }
        if (Double.isNaN(v)) {
            diag.record(Repair.METRIC_POINT_DROPPED, "NaN value");
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(v);
    }

    /** {@code n} as a long for an s64 or u64 metric; empty (point dropped) if it cannot be. */
    private OptionalLong toLong(MetricNumber n, Kind kind) {
        if (n instanceof MetricNumber.S64) {
            long v = ((MetricNumber.S64) n).value();
            if (kind != Kind.S64) {
                diag.record(Repair.METRIC_NUMBER_CONVERTED, "S64 number in a " + kind + " metric");
            }
            if (kind == Kind.U64 && v < 0) {
                // a u64 metric cannot hold it, and exported as it is it would read as a negative count
                diag.record(Repair.METRIC_POINT_DROPPED, "s64 " + v + " in a u64 metric");
                return OptionalLong.empty();
            }
            return OptionalLong.of(v);
        }
        if (n instanceof MetricNumber.U64) {
            long u = ((MetricNumber.U64) n).value();
            if (kind != Kind.U64) {
                diag.record(Repair.METRIC_NUMBER_CONVERTED, "U64 number in a " + kind + " metric");
            }
            if (u < 0) {
                diag.record(Repair.METRIC_POINT_DROPPED, "u64 " + Long.toUnsignedString(u) + " in an s64 metric");
                return OptionalLong.empty();
            }
            return OptionalLong.of(u);
        }
        double d = ((MetricNumber.F64) n).value();
        if (!Double.isFinite(d) || d >= 0x1p63 || d < -0x1p63) {
            diag.record(Repair.METRIC_POINT_DROPPED, "f64 " + d + " in a " + kind + " metric");
            return OptionalLong.empty();
        }
        diag.record(Repair.METRIC_NUMBER_CONVERTED, "F64 number in a " + kind + " metric, rounded");
        return OptionalLong.of(Math.round(d));
    }

    private long count(long u64, String metric) {
        if (u64 < 0) {
            diag.record(Repair.METRIC_COUNT_CLAMPED, "metric " + metric + " count " + Long.toUnsignedString(u64));
            return Long.MAX_VALUE;
        }
        return u64;
    }

    static AggregationTemporality temporality(Temporality t, boolean monotonic) {
        switch (t) {
            case CUMULATIVE:
                return AggregationTemporality.CUMULATIVE;
            case DELTA:
                return AggregationTemporality.DELTA;
            default:
                return monotonic ? AggregationTemporality.DELTA : AggregationTemporality.CUMULATIVE;
        }
    }
}
