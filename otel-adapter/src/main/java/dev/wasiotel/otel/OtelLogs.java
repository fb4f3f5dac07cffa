package dev.wasiotel.otel;

import dev.wasiotel.otel.bindings.wasi.otel.logs.LogRecord;
import dev.wasiotel.otel.bindings.wasi.otel.logs.Logs;
import dev.wasiotel.otel.bindings.wasi.otel.tracing.TraceFlags;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.common.ValueType;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.logs.LogLimits;
import io.opentelemetry.sdk.resources.Resource;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * {@code wasi:otel/logs} on the SDK: every field of the guest's log record is optional and kept.
 * Severity 0 (or none) is unspecified, 1–24 map to the SDK's {@link Severity}, above 24 is
 * unspecified and counted (the text is kept). The body and attributes are full AnyValues. Trace and
 * span id form the record's span context when both are valid; otherwise the record has none (an
 * invalid pair is counted). The guest's resource is merged over the host's.
 */
final class OtelLogs implements Logs {
    private final Sinks sinks;
    private final Diagnostics diag;
    private final AnyValues values;
    private final OtelTracing tracing;
    /** The guest's resource merged over the host's. */
    private final RepairFreeCache<dev.wasiotel.otel.bindings.wasi.otel.types.Resource, Resource> resources;

    OtelLogs(Sinks sinks, Diagnostics diag, OtelTracing tracing) {
        this.sinks = sinks;
        this.diag = diag;
        this.values = new AnyValues(diag);
        this.tracing = tracing;
        this.resources = new RepairFreeCache<>(diag, guest -> OtelMetrics.mergeResource(sinks.resource(), guest, values));
    }

    @Override
    public void onEmit(LogRecord r) {
        Resource resource = r.resource().map(resources::get)
                .orElse(sinks.resource());
        InstrumentationScopeInfo scope = r.instrumentationScope().map(tracing::scope)
                .orElse(InstrumentationScopeInfo.empty());
        long time = r.timestamp().map(t -> Times.epochNanos(t, diag)).orElse(0L);
        long observed = r.observedTimestamp().map(t -> Times.epochNanos(t, diag)).orElse(0L);
        Value<?> body = r.body().map(this::body).orElse(null);
        LogLimits ll = tracing.limits().logs();
        AnyValues.Limited attributes = values.attributes(r.attributes().orElse(List.of()),
                ll.getMaxNumberOfAttributes(), ll.getMaxAttributeValueLength());
        sinks.emitLog(new GuestLogRecord(resource, scope, time, observed, spanContext(r),
                severity(r.severityNumber(), diag), r.severityText().orElse(null), body,
                r.eventName().orElse(null), attributes.attributes(), attributes.total()));
    }

    /**
     * The decoded body within {@link TelemetryLimits#maxLogBodyLength}: a string body is cut; any
     * other body whose JSON text is longer becomes that text, cut (counted either way).
     */
    private Value<?> body(String json) {
        int max = tracing.limits().maxLogBodyLength();
        Value<?> v = values.decode(json);
        if (v.getType() == ValueType.STRING) {
            String s = (String) v.getValue();
            if (s.length() > max) {
                diag.record(Repair.LOG_BODY_TRUNCATED, "string body of " + s.length() + " characters cut to " + max);
                return Value.of(s.substring(0, max));
            }
            return v;
        }
        if (json.length() > max) {
            diag.record(Repair.LOG_BODY_TRUNCATED, v.getType() + " body of " + json.length()
                    + " JSON characters kept as its text cut to " + max);
            return Value.of(json.substring(0, max));
        }
        return v;
    }

    static Severity severity(Optional<Integer> number, Diagnostics diag) {
        if (number.isEmpty()) {
            return Severity.UNDEFINED_SEVERITY_NUMBER;
        }
        int n = number.get();
        if (n > 24) {
            diag.record(Repair.SEVERITY_OUT_OF_RANGE, "severity number " + n);
            return Severity.UNDEFINED_SEVERITY_NUMBER;
        }
        return Severity.values()[n]; // the enum lists UNDEFINED (0) then TRACE (1) .. FATAL4 (24)
    }

    private SpanContext spanContext(LogRecord r) {
        if (r.traceId().isEmpty() && r.spanId().isEmpty()) {
            return SpanContext.getInvalid();
        }
        Optional<String> trace = r.traceId().flatMap(t -> Ids.traceId(t, diag));
        Optional<String> span = r.spanId().flatMap(s -> Ids.spanId(s, diag));
        if (trace.isEmpty() || span.isEmpty()) {
            diag.record(Repair.LOG_CONTEXT_INVALID, "log trace id " + r.traceId() + " span id " + r.spanId());
            return SpanContext.getInvalid();
        }
        boolean sampled = r.traceFlags().orElse(EnumSet.noneOf(TraceFlags.class)).contains(TraceFlags.SAMPLED);
        return SpanContext.create(trace.get(), span.get(),
                sampled ? io.opentelemetry.api.trace.TraceFlags.getSampled() : io.opentelemetry.api.trace.TraceFlags.getDefault(),
                TraceState.getDefault());
    }
}
