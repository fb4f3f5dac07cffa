package dev.wasiotel.otel;

import dev.wasiotel.wit.runtime.GuestContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * The telemetry state of one guest instance, kept in its {@link GuestContext} attachments: the
 * stack of guest spans that are open (started and not yet ended), innermost last. Guest instances
 * never share one, so spans of instances running on different threads cannot cross. An instance
 * runs one call at a time, but may move between threads between calls, so access is synchronised.
 */
final class GuestState {
    /** Open spans remembered per instance; a guest that never ends its spans cannot grow memory beyond this. */
    static final int MAX_OPEN_SPANS = 1024;

    private final ArrayDeque<OpenSpan> open = new ArrayDeque<>();
    /** The {@link LeftOpenSpans} that last tracked this instance (it remembers it from then on). */
    private volatile LeftOpenSpans trackedBy;

    /**
     * A guest span that is open.
     *
     * @param context its ids
     * @param parent the innermost span open in the same trace when it started, else the host's
     *     current span if in that trace (its likely parent; invalid if none), for exporting it if the
     *     guest leaves it open
     * @param startEpochNanos when the host saw it start
     * @param observe the wasi:observe span, or null for a wasi:otel span
     * @param started the span context exactly as the guest passed it to {@code on-start}, when it
     *     needed no repair (else null): an {@code on-end} with an equal one ends this span without
     *     validating the same ids again
     */
    record OpenSpan(SpanContext context, SpanContext parent, long startEpochNanos, ObserveSpan observe,
            Object started) {
    }

    /** The state of {@code guest}, created on first use. */
    static GuestState of(GuestContext guest) {
        return guest.attachment(GuestState.class, GuestState::new);
    }

    /**
     * Pushes a started span. Returns false (and does nothing) if the same span is already open; when
     * the stack is full the outermost span is forgotten and {@code OPEN_SPAN_LIMIT} recorded.
     */
    synchronized boolean push(SpanContext span, ObserveSpan observe, Diagnostics diag) {
        return push(span, observe, null, diag);
    }

    /**
     * {@link #push(SpanContext, ObserveSpan, Diagnostics)} remembering {@code started}, the guest's
     * own span context that {@code span} was made from without any repair, for {@link #endStarted}.
     */
    synchronized boolean push(SpanContext span, ObserveSpan observe, Object started, Diagnostics diag) {
        // with no guest span open in its trace, a span's parent is the host's span the guest was
        // called under (what current-span-context answered), if it is in the same trace
        SpanContext host = Span.current().getSpanContext();
        SpanContext parent = host.isValid() && host.getTraceId().equals(span.getTraceId()) ? host
                : SpanContext.getInvalid();
        for (OpenSpan o : open) {
            SpanContext s = o.context();
            if (s.getTraceId().equals(span.getTraceId())) {
                parent = s;
            }
            if (same(s, span)) {
                diag.record(Repair.START_DUPLICATE, "span " + span.getSpanId() + " started twice");
                return false;
            }
        }
        if (open.size() == MAX_OPEN_SPANS) {
            OpenSpan dropped = open.removeFirst();
            diag.record(Repair.OPEN_SPAN_LIMIT, "forgot open span " + dropped.context().getSpanId());
        }
        open.addLast(new OpenSpan(span, parent, Clock.getDefault().now(), observe, started));
        return true;
    }

    /**
     * Removes an ending span: normally the innermost; from the middle of the stack with {@code
     * END_OUT_OF_ORDER}; not found with {@code END_UNKNOWN_SPAN}.
     */
    synchronized void pop(String traceId, String spanId, Diagnostics diag) {
        OpenSpan last = open.peekLast();
        SpanContext top = last == null ? null : last.context();
        if (top != null && top.getTraceId().equals(traceId) && top.getSpanId().equals(spanId)) {
            open.removeLast();
            return;
        }
        for (Iterator<OpenSpan> it = open.iterator(); it.hasNext(); ) {
            SpanContext s = it.next().context();
            if (s.getTraceId().equals(traceId) && s.getSpanId().equals(spanId)) {
                it.remove();
                diag.record(Repair.END_OUT_OF_ORDER, "span " + spanId + " ended while inner spans are open");
                return;
            }
        }
        diag.record(Repair.END_UNKNOWN_SPAN, "span " + spanId + " ended without being started; exported anyway");
    }

    /**
     * Ends the innermost open span if the guest started it with a span context equal to {@code
     * started} (see {@link OpenSpan#started()}), returning its context; else changes nothing and
     * returns null (the caller then validates the ids and {@link #pop}s). This is the usual order
     * (spans end innermost first), and in it nothing is repaired or counted, so taking the context
     * made at the start gives exactly what validating the same ids again would.
     */
    synchronized SpanContext endStarted(Object started) {
        OpenSpan last = open.peekLast();
        if (last == null || last.started() == null || !last.started().equals(started)) {
            return null;
        }
        open.removeLast();
        return last.context();
    }

    /** The innermost open span, if any. */
    synchronized Optional<SpanContext> innermost() {
        OpenSpan last = open.peekLast();
        return last == null ? Optional.empty() : Optional.of(last.context());
    }

    /** Removes every open span (outermost first), for closing them out when the guest's call has ended. */
    synchronized List<OpenSpan> takeAll() {
        List<OpenSpan> all = new ArrayList<>(open);
        open.clear();
        return all;
    }

    /** How many spans are open. */
    synchronized int openSpans() {
        return open.size();
    }

    /**
     * The context host code should run in while this guest calls it: {@code base} with the
     * innermost open guest span as the current span, or {@code base} itself if none is open.
     */
    Context hostContext(Context base) {
        Optional<SpanContext> inner = innermost();
        return inner.isPresent() ? base.with(Span.wrap(inner.get())) : base;
    }

    /** The {@link LeftOpenSpans} that last tracked this instance, or null. */
    LeftOpenSpans trackedBy() {
        return trackedBy;
    }

    /** Notes that {@code spans} tracks this instance. */
    void trackedBy(LeftOpenSpans spans) {
        trackedBy = spans;
    }

    /** Whether no span is open (a host call then runs in the host's context unchanged). */
    synchronized boolean isEmpty() {
        return open.isEmpty();
    }

    private static boolean same(SpanContext a, SpanContext b) {
        return a.getTraceId().equals(b.getTraceId()) && a.getSpanId().equals(b.getSpanId());
    }
}
