package dev.wasiotel.otel;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.LogRecordProcessor;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Where guest telemetry goes: the SDK's own pipeline stages, so guest data reaches the same
 * exporters as the host's. Guest spans go to span processors at their end ({@code onEnd}; the guest
 * reports a span only when it is finished), guest metrics (already aggregated by the guest's SDK) to
 * metric exporters, guest logs to log record processors. A sink that throws is logged and counted;
 * the guest never sees it.
 */
final class Sinks {
    /** How long a guest's {@code metrics.export} waits for the exporter before answering. */
    static final long METRIC_EXPORT_TIMEOUT_SECONDS = 10;

    private final SpanProcessor spans;
    private final List<MetricExporter> metrics;
    private final LogRecordProcessor logs;
    private final Resource resource;
    private final Diagnostics diag;

    Sinks(SpanProcessor spans, List<MetricExporter> metrics, LogRecordProcessor logs, Resource resource, Diagnostics diag) {
        this.spans = Objects.requireNonNull(spans, "spans");
        this.metrics = List.copyOf(metrics);
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

    /** Exports and waits (bounded); returns null on success, else the error text for the guest. */
    String exportMetrics(Collection<MetricData> data) {
        try {
            List<CompletableResultCode> results = new ArrayList<>(metrics.size());
            for (MetricExporter e : metrics) {
                results.add(e.export(data));
            }
            CompletableResultCode r = CompletableResultCode.ofAll(results)
                    .join(METRIC_EXPORT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (r.isSuccess()) {
                return null;
            }
            String why = r.isDone() ? "the metric exporter failed" : "the metric exporter timed out";
            Throwable f = r.getFailureThrowable();
            return f == null ? why : why + ": " + f.getMessage();
        } catch (RuntimeException e) {
            return "the metric exporter threw " + e;
        }
    }

    void emitLog(GuestLogRecord record) {
        try {
            logs.onEmit(Context.root(), record);
        } catch (RuntimeException e) {
            diag.record(Repair.SINK_FAILED, "log record processor threw " + e);
        }
    }
}
