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
    /** Export to the configured exporter failed: reported to the guest as the {@code result} error. */
    METRIC_EXPORT_FAILED,
    /** A wasi:observe span method called after {@code end}: ignored. */
    OBSERVE_SPAN_ENDED,
    /** A host exporter or processor threw: the call was logged and the guest did not see it. */
    SINK_FAILED
}
