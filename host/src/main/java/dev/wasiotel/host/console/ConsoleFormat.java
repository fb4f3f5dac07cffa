package dev.wasiotel.host.console;

import static dev.wasiotel.host.console.ConsoleText.escape;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.ExponentialHistogramPointData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One readable line per span, metric point and log record, for the console: what {@code
 * wasi-otel run} prints when no exporter is configured. Every string that may come from a guest
 * goes through {@link ConsoleText#escape}, so that guest text cannot add lines or drive the
 * terminal.
 */
final class ConsoleFormat {
    private ConsoleFormat() {
    }

    static List<String> span(SpanData s) {
        List<String> lines = new ArrayList<>();
        StringBuilder sb = new StringBuilder("span   ").append(escape(s.getName()))
                .append("  trace=").append(s.getTraceId())
                .append(" span=").append(s.getSpanId());
        if (s.getParentSpanContext().isValid()) {
            sb.append(" parent=").append(s.getParentSpanId());
        }
        sb.append(' ').append(s.getKind()).append(' ')
                .append(String.format(Locale.ROOT, "%.3fms", (s.getEndEpochNanos() - s.getStartEpochNanos()) / 1e6));
        if (s.getStatus().getStatusCode() != io.opentelemetry.api.trace.StatusCode.UNSET) {
            sb.append(" status=").append(s.getStatus().getStatusCode());
            if (!s.getStatus().getDescription().isEmpty()) {
                sb.append('(').append(escape(s.getStatus().getDescription())).append(')');
            }
        }
        sb.append(" scope=").append(escape(s.getInstrumentationScopeInfo().getName()))
                .append(attributes(s.getAttributes()));
        lines.add(sb.toString());
        for (EventData e : s.getEvents()) {
            lines.add("         event " + escape(e.getName()) + attributes(e.getAttributes()));
        }
        s.getLinks().forEach(l -> lines.add("         link trace=" + l.getSpanContext().getTraceId() + " span="
                + l.getSpanContext().getSpanId() + attributes(l.getAttributes())));
        return lines;
    }

    static List<String> metric(MetricData m) {
        List<String> lines = new ArrayList<>();
        String head = "metric " + escape(m.getName()) + " (" + m.getType().name().toLowerCase(Locale.ROOT)
                + (m.getUnit().isEmpty() ? "" : ", " + escape(m.getUnit())) + ")";
        for (PointData p : m.getData().getPoints()) {
            lines.add(head + attributes(p.getAttributes()) + " = " + value(p));
        }
        if (lines.isEmpty()) {
            lines.add(head + " (no points)");
        }
        return lines;
    }

    static String log(LogRecordData r) {
        StringBuilder sb = new StringBuilder("log    ");
        Severity severity = r.getSeverity();
        sb.append(r.getSeverityText() != null && !r.getSeverityText().isEmpty() ? escape(r.getSeverityText())
                : severity.name());
        Value<?> body = r.getBodyValue();
        if (body != null) {
            sb.append(' ').append(escape(body.asString()));
        }
        if (r.getSpanContext().isValid()) {
            sb.append("  trace=").append(r.getSpanContext().getTraceId()).append(" span=")
                    .append(r.getSpanContext().getSpanId());
        }
        return sb.append(attributes(r.getAttributes())).toString();
    }

    private static String value(PointData p) {
        if (p instanceof LongPointData l) {
            return Long.toString(l.getValue());
        }
        if (p instanceof DoublePointData d) {
            return Double.toString(d.getValue());
        }
        if (p instanceof HistogramPointData h) {
            return "count=" + h.getCount() + " sum=" + h.getSum() + " bounds=" + h.getBoundaries() + " counts="
                    + h.getCounts();
        }
        if (p instanceof ExponentialHistogramPointData e) {
            return "count=" + e.getCount() + " sum=" + e.getSum() + " scale=" + e.getScale();
        }
        return escape(p.toString());
    }

    private static String attributes(Attributes a) {
        if (a.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        a.forEach((k, v) -> parts.add(escape(k.getKey()) + "=" + escape(String.valueOf(v))));
        return " {" + String.join(", ", parts) + "}";
    }
}
