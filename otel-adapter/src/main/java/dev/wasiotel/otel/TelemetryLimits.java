package dev.wasiotel.otel;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.logs.LogLimits;
import io.opentelemetry.sdk.logs.LogLimitsBuilder;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.SpanLimitsBuilder;
import java.util.Objects;

/**
 * What guest telemetry may be: the SDK's own span and log record limits (the same {@code OTEL_*}
 * variables, applied to guest data as the SDK applies them to its own, dropped counts included) and
 * the adapter's caps on what the SDK does not limit. Every cut is a counted {@link Repair}.
 *
 * @param spans span limits: attributes, events, links, attributes per event and per link, value length
 * @param logs log record limits: attributes and value length
 * @param maxNameLength longest span, event, instrumentation scope name and metric description, in chars
 * @param maxMetricNameLength longest metric name and unit (the API's instrument name limit is 255)
 * @param maxPointsPerExport data points one {@code metrics.export} may carry; the rest are dropped
 * @param maxQueuedMetricPoints points waiting for the metric exporter before {@code metrics.export}
 *     answers {@code err} (queue full)
 * @param maxHistogramBuckets buckets of an explicit histogram point, or of one sign of an
 *     exponential one; more are merged (explicit: into the last bucket; exponential: downscaled)
 * @param maxExemplarsPerPoint exemplars kept per data point (the first ones)
 * @param maxLogBodyLength longest log body, in chars (a string body is cut; another body whose JSON
 *     text is longer becomes that text, cut)
 */
public record TelemetryLimits(SpanLimits spans, LogLimits logs, int maxNameLength, int maxMetricNameLength,
        int maxPointsPerExport, int maxQueuedMetricPoints, int maxHistogramBuckets, int maxExemplarsPerPoint,
        int maxLogBodyLength) {

    /** Default {@link #maxNameLength}. */
    public static final int DEFAULT_MAX_NAME_LENGTH = 4096;
    /** Default {@link #maxMetricNameLength}: the OpenTelemetry API's instrument name limit. */
    public static final int DEFAULT_MAX_METRIC_NAME_LENGTH = 255;
    /** Default {@link #maxPointsPerExport}. */
    public static final int DEFAULT_MAX_POINTS_PER_EXPORT = 10_000;
    /** Default {@link #maxQueuedMetricPoints}: two full exports. */
    public static final int DEFAULT_MAX_QUEUED_METRIC_POINTS = 20_000;
    /** Default {@link #maxHistogramBuckets}: the SDKs' default exponential histogram size. */
    public static final int DEFAULT_MAX_HISTOGRAM_BUCKETS = 160;
    /** Default {@link #maxExemplarsPerPoint}. */
    public static final int DEFAULT_MAX_EXEMPLARS_PER_POINT = 32;
    /** Default {@link #maxLogBodyLength}: 256 Ki characters. */
    public static final int DEFAULT_MAX_LOG_BODY_LENGTH = 256 * 1024;

    /** Checks that every cap is positive (histograms need at least 2 buckets; exemplars may be 0). */
    public TelemetryLimits {
        Objects.requireNonNull(spans, "spans");
        Objects.requireNonNull(logs, "logs");
        positive(maxNameLength, "maxNameLength");
        positive(maxMetricNameLength, "maxMetricNameLength");
        positive(maxPointsPerExport, "maxPointsPerExport");
        positive(maxQueuedMetricPoints, "maxQueuedMetricPoints");
        if (maxHistogramBuckets < 2) {
            throw new IllegalArgumentException("maxHistogramBuckets must be at least 2, got " + maxHistogramBuckets);
        }
        if (maxExemplarsPerPoint < 0) {
            throw new IllegalArgumentException("maxExemplarsPerPoint must not be negative, got " + maxExemplarsPerPoint);
        }
        positive(maxLogBodyLength, "maxLogBodyLength");
    }

    private static void positive(int v, String name) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + v);
        }
    }

    /** The SDK's default span and log limits with the adapter's default caps. */
    public static TelemetryLimits defaults() {
        return new TelemetryLimits(SpanLimits.getDefault(), LogLimits.getDefault(), DEFAULT_MAX_NAME_LENGTH,
                DEFAULT_MAX_METRIC_NAME_LENGTH, DEFAULT_MAX_POINTS_PER_EXPORT, DEFAULT_MAX_QUEUED_METRIC_POINTS,
                DEFAULT_MAX_HISTOGRAM_BUCKETS, DEFAULT_MAX_EXEMPLARS_PER_POINT, DEFAULT_MAX_LOG_BODY_LENGTH);
    }

    /** These limits with other span limits. */
    public TelemetryLimits withSpans(SpanLimits s) {
        return new TelemetryLimits(s, logs, maxNameLength, maxMetricNameLength, maxPointsPerExport,
                maxQueuedMetricPoints, maxHistogramBuckets, maxExemplarsPerPoint, maxLogBodyLength);
    }

    /** These limits with other log record limits. */
    public TelemetryLimits withLogs(LogLimits l) {
        return new TelemetryLimits(spans, l, maxNameLength, maxMetricNameLength, maxPointsPerExport,
                maxQueuedMetricPoints, maxHistogramBuckets, maxExemplarsPerPoint, maxLogBodyLength);
    }

    /**
     * The span limits of the OpenTelemetry configuration {@code c}, read as autoconfigure reads them
     * ({@code otel.attribute.value.length.limit}, {@code otel.span.attribute.value.length.limit},
     * {@code otel.attribute.count.limit}, {@code otel.span.attribute.count.limit}, {@code
     * otel.span.event.count.limit}, {@code otel.span.link.count.limit}), plus the specification's
     * {@code otel.event.attribute.count.limit} and {@code otel.link.attribute.count.limit}, which SDK
     * 1.67's autoconfigure does not read.
     */
    public static SpanLimits spanLimits(ConfigProperties c) {
        SpanLimitsBuilder b = SpanLimits.builder();
        Integer length = first(c, "otel.span.attribute.value.length.limit", "otel.attribute.value.length.limit");
        if (length != null) {
            b.setMaxAttributeValueLength(length);
        }
        Integer count = c.getInt("otel.attribute.count.limit");
        if (count != null) {
            b.setMaxNumberOfAttributes(count).setMaxNumberOfAttributesPerEvent(count).setMaxNumberOfAttributesPerLink(count);
        }
        Integer spanCount = c.getInt("otel.span.attribute.count.limit");
        if (spanCount != null) {
            b.setMaxNumberOfAttributes(spanCount);
        }
        Integer events = c.getInt("otel.span.event.count.limit");
        if (events != null) {
            b.setMaxNumberOfEvents(events);
        }
        Integer links = c.getInt("otel.span.link.count.limit");
        if (links != null) {
            b.setMaxNumberOfLinks(links);
        }
        Integer perEvent = c.getInt("otel.event.attribute.count.limit");
        if (perEvent != null) {
            b.setMaxNumberOfAttributesPerEvent(perEvent);
        }
        Integer perLink = c.getInt("otel.link.attribute.count.limit");
        if (perLink != null) {
            b.setMaxNumberOfAttributesPerLink(perLink);
        }
        return b.build();
    }

    /**
     * The log record limits of {@code c}: {@code otel.logrecord.attribute.count.limit} and {@code
     * otel.logrecord.attribute.value.length.limit} (the specification's), else the general {@code
     * otel.attribute.count.limit} and {@code otel.attribute.value.length.limit} (all SDK 1.67's
     * autoconfigure reads).
     */
    public static LogLimits logLimits(ConfigProperties c) {
        LogLimitsBuilder b = LogLimits.builder();
        Integer length = first(c, "otel.logrecord.attribute.value.length.limit", "otel.attribute.value.length.limit");
        if (length != null) {
            b.setMaxAttributeValueLength(length);
        }
        Integer count = first(c, "otel.logrecord.attribute.count.limit", "otel.attribute.count.limit");
        if (count != null) {
            b.setMaxNumberOfAttributes(count);
        }
        return b.build();
    }

    private static Integer first(ConfigProperties c, String specific, String general) {
        Integer v = c.getInt(specific);
        return v != null ? v : c.getInt(general);
    }
}
