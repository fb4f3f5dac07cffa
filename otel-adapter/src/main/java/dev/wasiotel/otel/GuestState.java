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
     * @param call the host's span of a traced call in progress ({@link CallSpans}), or null for a
     *     guest span: calls and guest spans share the stack, so each is the parent of what opens
     *     inside it
     * @param guestVisible whether the guest sees the span as one it runs inside: its own spans, and
     *     the spans of calls into it (exports, cross-component calls); not the span of its own call
     *     to the host that is asking (an import), which the host's code runs inside instead
     */
    record OpenSpan(SpanContext context, SpanContext parent, long startEpochNanos, ObserveSpan observe,
            Object started, Span call, boolean guestVisible) {
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
        SpanContext host = hostSpan();
        SpanContext parent = host.isValid() && host.getTraceId().equals(span.getTraceId()) ? host
                : SpanContext.getInvalid();
        for (OpenSpan o : open) {
            SpanContext s = o.context();
            if (!o.guestVisible()) {
                continue;
            }
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
        open.addLast(new OpenSpan(span, parent, Clock.getDefault().now(), observe, started, null, true));
        return true;
    }

    /**
     * Removes an ending span: normally the innermost; from the middle of the stack with {@code
     * END_OUT_OF_ORDER}; not found with {@code END_UNKNOWN_SPAN}.
     */
    synchronized void pop(String traceId, String spanId, Diagnostics diag) {
        OpenSpan last = innermostVisible();
        SpanContext top = last == null ? null : last.context();
        if (top != null && top.getTraceId().equals(traceId) && top.getSpanId().equals(spanId)) {
            open.removeLastOccurrence(last);
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
        // the innermost span the guest sees: a traced on-end's own import span may lie above it
        OpenSpan last = innermostVisible();
        if (last == null || last.started() == null || !last.started().equals(started)) {
            return null;
        }
        open.removeLastOccurrence(last);
        return last.context();
    }

    /**
     * Pushes the span of a traced call that begins: until {@link #popCall}, it is the innermost
     * span, which the guest's {@code current-span-context} answers with and under which the spans
     * opened meanwhile start. When the stack is full the outermost entry is forgotten, as for {@link #push}.
     */
    synchronized void pushCall(Span call, SpanContext parent, boolean guestVisible, Diagnostics diag) {
        if (open.size() == MAX_OPEN_SPANS) {
            OpenSpan dropped = open.removeFirst();
            diag.record(Repair.OPEN_SPAN_LIMIT, "forgot open span " + dropped.context().getSpanId());
        }
        open.addLast(new OpenSpan(call.getSpanContext(), parent, 0, null, null, call, guestVisible));
    }

    /**
     * Removes the span of a traced call that ended: normally the innermost entry; guest spans the
     * call left open above it stay (they are closed out when the instance's call ends).
     */
    synchronized void popCall(Span call) {
        for (Iterator<OpenSpan> it = open.descendingIterator(); it.hasNext(); ) {
            if (it.next().call() == call) {
                it.remove();
                return;
            }
        }
    }

    /**
     * The innermost open span the guest runs inside, if any: its own or a call's into it, not the
     * import call it is making.
     */
    synchronized Optional<SpanContext> innermost() {
        OpenSpan last = innermostVisible();
        return last == null ? Optional.empty() : Optional.of(last.context());
    }

    /**
     * The host's span the guest was called under, as a guest call of the host sees it: inside a
     * traced import call, the span that was current when the guest made it (not the import's own
     * span, which is current for the host's code); else the current span.
     */
    synchronized SpanContext hostSpan() {
        OpenSpan last = open.peekLast();
        if (last != null && last.call() != null && !last.guestVisible()) {
            return last.parent();
        }
        return Span.current().getSpanContext();
    }

    /**
     * The context a span the guest starts through the host (wasi:observe) has as parent: {@code
     * base} with the innermost span the guest runs inside, else the host's span it was called under.
     */
    Context guestContext(Context base) {
        OpenSpan inner;
        synchronized (this) {
            inner = innermostVisible();
        }
        if (inner != null) {
            return base.with(inner.call() != null ? inner.call() : Span.wrap(inner.context()));
        }
        return base.with(Span.wrap(hostSpan()));
    }

    private OpenSpan innermostVisible() {
        for (Iterator<OpenSpan> it = open.descendingIterator(); it.hasNext(); ) {
            OpenSpan o = it.next();
            if (o.guestVisible()) {
                return o;
            }
        }
        return null;
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
        OpenSpan last;
        synchronized (this) {
            last = open.peekLast();
        }
        if (last == null) {
            return base;
        }
        return base.with(last.call() != null ? last.call() : Span.wrap(last.context()));
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
