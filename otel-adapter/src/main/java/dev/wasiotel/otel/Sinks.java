package dev.wasiotel.otel;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.logs.LogRecordProcessor;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.Collection;
import java.util.Objects;

/**
 * Where guest telemetry goes: the SDK's own pipeline stages, so guest data reaches the same
 * exporters as the host's. Guest spans go to span processors at their end ({@code onEnd}; the guest
 * reports a span only when it is finished), guest metrics (already aggregated by the guest's SDK)
 * through the asynchronous {@link MetricQueue} to metric exporters, guest logs to log record
 * processors. A sink that throws is logged and counted; the guest never sees it.
 */
final class Sinks {
    private final SpanProcessor spans;
    private final MetricQueue metrics;
    private final LogRecordProcessor logs;
    private final Resource resource;
    private final Diagnostics diag;

    Sinks(SpanProcessor spans, MetricQueue metrics, LogRecordProcessor logs, Resource resource, Diagnostics diag) {
        this.spans = Objects.requireNonNull(spans, "spans");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.logs = Objects.requireNonNull(logs, "logs");
        this.resource = Objects.requireNonNull(resource, "resource");
        this.diag = diag;
    }

    /** The host's resource, which guest resources are merged into. */
    Resource resource() {
        return resource;
    }

    void endSpan(GuestSpan span) {
        try {
            if (spans.isEndRequired()) {
                spans.onEnd(span);
            }
        } catch (RuntimeException e) {
            diag.record(Repair.SINK_FAILED, "span processor threw " + e);
        }
    }

    /**
     * Queues metric data for export without waiting; returns null when accepted, else the error text
     * for the guest (the host refuses it: queue full or shutting down).
     */
    String exportMetrics(Collection<MetricData> data) {
        return metrics.submit(data);
    }

    void emitLog(GuestLogRecord record) {
        try {
            logs.onEmit(Context.root(), record);
        } catch (RuntimeException e) {
            diag.record(Repair.SINK_FAILED, "log record processor threw " + e);
        }
    }
}
