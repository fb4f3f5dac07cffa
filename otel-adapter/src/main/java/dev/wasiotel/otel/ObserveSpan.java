package dev.wasiotel.otel;

import dev.wasiotel.otel.bindings.observe.wasi.clocks.wall_clock.Datetime;
import dev.wasiotel.otel.bindings.observe.wasi.observe.tracer.KeyValue;
import dev.wasiotel.otel.bindings.observe.wasi.observe.tracer.Link;
import dev.wasiotel.otel.bindings.observe.wasi.observe.tracer.Span;
import dev.wasiotel.otel.bindings.observe.wasi.observe.tracer.SpanContext;
import dev.wasiotel.otel.bindings.observe.wasi.observe.tracer.Status;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The host side of one wasi:observe {@code span} resource: an SDK span the guest drives. Methods
 * after {@code end} are ignored (counted); dropping the handle ends a span that is still open, as
 * the WIT specifies ({@code end(none)}).
 */
final class ObserveSpan implements Span {
    private final io.opentelemetry.api.trace.Span span;
    private final GuestState state;
    private final Diagnostics diag;
    private final int maxNameLength;
    private boolean ended;

    ObserveSpan(io.opentelemetry.api.trace.Span span, GuestState state, Diagnostics diag, int maxNameLength) {
        this.span = span;
        this.state = state;
        this.diag = diag;
        this.maxNameLength = maxNameLength;
    }

    @Override
    public SpanContext spanContext() {
        return ObserveTracer.toWit(span.getSpanContext());
    }

    @Override
    public boolean isRecording() {
        return span.isRecording();
    }

    @Override
    public void setAttributes(List<KeyValue> attributes) {
        if (checkOpen("set-attributes")) {
            span.setAllAttributes(ObserveTracer.attributes(attributes, diag));
        }
    }

    @Override
    public void addEvent(String name, Optional<Datetime> timestamp, Optional<List<KeyValue>> attributes) {
        if (!checkOpen("add-event")) {
            return;
        }
        Attributes attrs = attributes.map(a -> ObserveTracer.attributes(a, diag)).orElse(Attributes.empty());
        String capped = AnyValues.name(name, maxNameLength, "wasi:observe event name", diag);
        if (timestamp.isPresent()) {
            span.addEvent(capped, attrs, Times.epochNanos(timestamp.get(), diag), TimeUnit.NANOSECONDS);
        } else {
            span.addEvent(capped, attrs);
        }
    }

    @Override
    public void addLink(Link link) {
        if (!checkOpen("add-link")) {
            return;
        }
        Optional<io.opentelemetry.api.trace.SpanContext> c = ObserveTracer.spanContext(link.spanContext(), diag);
        if (c.isPresent()) {
            span.addLink(c.get(), ObserveTracer.attributes(link.attributes(), diag));
        } else {
            diag.record(Repair.LINK_DROPPED_INVALID_ID, "wasi:observe link to span '" + link.spanContext().spanId() + "'");
        }
    }

    @Override
    public void setStatus(Status status) {
        if (!checkOpen("set-status")) {
            return;
        }
        if (status instanceof Status.Ok) {
            span.setStatus(StatusCode.OK);
        } else if (status instanceof Status.Error) {
            span.setStatus(StatusCode.ERROR, ((Status.Error) status).value());
        } else {
            span.setStatus(StatusCode.UNSET);
        }
    }

    @Override
    public void updateName(String name) {
        if (checkOpen("update-name")) {
            span.updateName(AnyValues.name(name, maxNameLength, "wasi:observe span name", diag));
        }
    }

    @Override
    public synchronized void end(Optional<Datetime> timestamp) {
        if (!checkOpen("end")) {
            return;
        }
        ended = true;
        io.opentelemetry.api.trace.SpanContext c = span.getSpanContext();
        if (c.isValid()) {
            state.pop(c.getTraceId(), c.getSpanId(), diag);
        }
        if (timestamp.isPresent()) {
            span.end(Times.epochNanos(timestamp.get(), diag), TimeUnit.NANOSECONDS);
        } else {
            span.end();
        }
    }

    /**
     * Ends the span now, marked {@link LeftOpenSpans#MARKER}: the guest's call ended with it open. It
     * is no longer on the instance's stack; later methods are ignored as after {@code end}.
     */
    synchronized void endLeftOpen() {
        if (ended) {
            return;
        }
        ended = true;
        span.setAttribute(LeftOpenSpans.MARKER, true);
        span.end();
    }

    /** Dropping the handle: {@code end(none)} if the guest has not ended the span. */
    @Override
    public synchronized void close() {
        if (!ended) {
            end(Optional.empty());
        }
    }

    private synchronized boolean checkOpen(String method) {
        if (ended) {
            diag.record(Repair.OBSERVE_SPAN_ENDED, "wasi:observe " + method + " after end");
            return false;
        }
        return true;
    }
}
