package dev.wasiotel.otel;

/**
 * What the adapter did with a piece of guest telemetry that did not follow the WIT contract.
 * Each kind is counted in {@link Diagnostics}; the guest never sees a trap for any of them.
 */
public enum Repair {
    /** An id had upper-case hex digits; it was lower-cased. */
    ID_CASE_FOLDED,
    /** An id was shorter than 32 (trace) or 16 (span) hex digits; it was left-padded with zeros. */
    ID_PADDED,
    /** A span's own trace or span id was empty, all zero, too long or not hex: the span was dropped. */
    SPAN_DROPPED_INVALID_ID,
    /** A parent span id was not a valid id (other than empty or all zero): the span became a root. */
    PARENT_ID_INVALID,
    /** A link's span context had invalid ids: the link was dropped and counted as a dropped link. */
    LINK_DROPPED_INVALID_ID,
    /** {@code on-start} with invalid ids: nothing was pushed on the instance's open-span stack. */
    START_IGNORED_INVALID_ID,
    /** {@code on-start} for a span that is already open: the second start was ignored. */
    START_DUPLICATE,
    /** More than {@link GuestState#MAX_OPEN_SPANS} spans open: the outermost was forgotten. */
    OPEN_SPAN_LIMIT,
    /** {@code on-end} for a span that was never started (or already ended): exported anyway. */
    END_UNKNOWN_SPAN,
    /** {@code on-end} for a span that is open but not the innermost: removed from the middle. */
    END_OUT_OF_ORDER,
    /** A trace-state with an invalid key or value: the whole trace-state became empty (as the WIT says). */
    TRACE_STATE_INVALID,
    /** A {@code value} that is not JSON (or has trailing garbage): kept as the raw string. */
    VALUE_NOT_JSON,
    /** A {@code data:application/octet-stream;base64,} value whose base64 is broken: kept as the string. */
    VALUE_BAD_BASE64,
    /** JSON nested deeper than {@link AnyValues#MAX_DEPTH}: the whole value kept as the raw string. */
    VALUE_TOO_DEEP,
    /** A JSON integer outside the {@code long} range: kept as a double. */
    VALUE_INTEGER_AS_DOUBLE,
    /** An attribute with an empty key: dropped (the OpenTelemetry SDK ignores empty keys). */
    ATTRIBUTE_EMPTY_KEY,
    /**
     * A resource attribute key with characters outside printable ASCII (which {@code
     * Resource.create} rejects): each such character percent-encoded as its UTF-8 bytes.
     */
    RESOURCE_KEY_ESCAPED,
    /** A resource attribute key longer than 255 characters ({@code Resource.create} rejects it): cut to 255. */
    RESOURCE_KEY_TRUNCATED,
    /** A log severity number above 24: recorded as unspecified, the severity text kept. */
    SEVERITY_OUT_OF_RANGE,
    /** A datetime with nanoseconds of 1e9 or more: the excess carried into the seconds. */
    DATETIME_NANOS_CARRIED,
    /** A datetime beyond the year 2262 (not representable in epoch nanoseconds): clamped. */
    DATETIME_CLAMPED,
    /** A span that ends before it starts: the end time was set to the start time. */
    END_BEFORE_START,
    /** A metric number of another type than its variant (e.g. an s64 in an f64 gauge): converted. */
    METRIC_NUMBER_CONVERTED,
    /** A metric number that cannot be converted (NaN or out of range for an integer variant): the point was dropped. */
    METRIC_POINT_DROPPED,
    /** A u64 metric with a value above {@code Long.MAX_VALUE}: the whole metric was exported as doubles. */
    METRIC_U64_AS_DOUBLE,
    /** A u64 count above {@code Long.MAX_VALUE} (histogram count, bucket count, zero count): clamped. */
    METRIC_COUNT_CLAMPED,
    /** A histogram whose bucket counts do not number bounds + 1: the data point was dropped. */
    METRIC_BUCKETS_MISMATCH,
    /** An exemplar id given as raw bytes instead of hex: hex-encoded. */
    EXEMPLAR_RAW_BYTE_ID,
    /** An exemplar id that is neither hex nor raw bytes: the exemplar kept without a span context. */
    EXEMPLAR_ID_INVALID,
    /** A log record's trace or span id was invalid: the record kept without a span context. */
    LOG_CONTEXT_INVALID,
    /**
     * {@code metrics.export} when the host's export queue is full ({@link
     * TelemetryLimits#maxQueuedMetricPoints}): refused with an {@code err} naming the reason, and
     * counted as lost in {@link TelemetryLoss}. What the exporter itself does never reaches the guest.
     */
    METRIC_EXPORT_REFUSED,
    /** A wasi:observe span method called after {@code end}: ignored. */
    OBSERVE_SPAN_ENDED,
    /** A host exporter or processor threw: the call was logged and the guest did not see it. */
    SINK_FAILED,

    // ---- limits (the SDK's from OTEL_* variables, and the adapter's caps; see TelemetryLimits)

    /**
     * Attributes beyond the span, event, link or log record attribute count limit: the later new keys
     * dropped, as the SDK drops them, and added to the item's dropped-attributes count.
     */
    ATTRIBUTE_COUNT_LIMIT,
    /**
     * An attribute value longer than the attribute value length limit: strings (also inside arrays
     * and maps) cut to the limit in characters, bytes in bytes, as the SDK cuts them.
     */
    ATTRIBUTE_VALUE_TRUNCATED,
    /** Span events beyond the event count limit: the later ones dropped and added to the dropped-events count. */
    EVENT_COUNT_LIMIT,
    /** Span links beyond the link count limit: the later ones dropped and added to the dropped-links count. */
    LINK_COUNT_LIMIT,
    /**
     * A span, event, scope or metric name (or metric description or unit) longer than its cap
     * ({@link TelemetryLimits#maxNameLength}, {@link TelemetryLimits#maxMetricNameLength}): cut to it.
     */
    NAME_TRUNCATED,
    /** A log body longer than {@link TelemetryLimits#maxLogBodyLength}: cut to it. */
    LOG_BODY_TRUNCATED,
    /** Data points beyond {@link TelemetryLimits#maxPointsPerExport} in one export: dropped. */
    METRIC_POINTS_LIMIT,
    /** Exemplars beyond {@link TelemetryLimits#maxExemplarsPerPoint} on one point: the later ones dropped. */
    EXEMPLAR_LIMIT,
    /**
     * An explicit histogram point with more buckets than {@link TelemetryLimits#maxHistogramBuckets}:
     * the last buckets merged into one (their bounds dropped), so count and sum are unchanged.
     */
    HISTOGRAM_BUCKETS_MERGED,
    /**
     * Explicit histogram bounds that are not strictly increasing, NaN or infinite: the buckets collapsed
     * into one bucket holding the point's count (no bounds); count, sum, min and max are kept.
     */
    HISTOGRAM_BOUNDS_INVALID,
    /**
     * A histogram count that is not the sum of its bucket counts (plus the zero count for an
     * exponential one): the count set to that sum (the buckets carry more information).
     */
    HISTOGRAM_COUNT_MISMATCH,
    /**
     * An exponential histogram with a scale above 20 (the SDK's and OTLP's maximum) or with more
     * buckets per sign than {@link TelemetryLimits#maxHistogramBuckets}: downscaled (adjacent buckets
     * merged, scale lowered) until both fit, as the SDK's own aggregation does.
     */
    EXPONENTIAL_DOWNSCALED,
    /** An exponential histogram with a scale below -10 (the minimum) or that cannot be downscaled to fit: point dropped. */
    EXPONENTIAL_SCALE_INVALID,
    /**
     * A span still open (started and not ended) when the guest's call ended ({@link
     * WasiOtel#callEnded}) or the adapter shut down: closed out of the instance's stack and exported
     * as ended then, with the attribute {@code wasi.otel.span.left_open = true}. A wasi:otel span, of
     * which only the ids are known, is named {@value LeftOpenSpans#NAME}.
     */
    SPAN_LEFT_OPEN
}
