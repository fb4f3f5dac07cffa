package dev.wasiotel.otel;

import dev.wasiotel.otel.bindings.wasi.otel.tracing.Event;
import dev.wasiotel.otel.bindings.wasi.otel.tracing.Link;
import dev.wasiotel.otel.bindings.wasi.otel.tracing.SpanData;
import dev.wasiotel.otel.bindings.wasi.otel.tracing.Status;
import dev.wasiotel.otel.bindings.wasi.otel.tracing.TraceFlags;
import dev.wasiotel.otel.bindings.wasi.otel.tracing.Tracing;
import dev.wasiotel.otel.bindings.wasi.otel.types.InstrumentationScope;
import dev.wasiotel.wit.runtime.GuestContext;
import dev.wasiotel.wit.runtime.Tuple2;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.TraceStateBuilder;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfoBuilder;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * {@code wasi:otel/tracing} on the SDK. {@code on-start} pushes the span on the calling instance's
 * stack of open spans; {@code on-end} pops it and hands a {@link GuestSpan} with the guest's own ids
 * to the span processors; {@code current-span-context} (and the rc.2 tag's {@code
 * outer-span-context}, served by the same code) answers with the innermost open guest span, else
 * the host's current span, else the all-zero context. See {@link Repair} for malformed input.
 *
 * <p>One {@code OtelTracing} serves every instance; {@link #forInstance} gives the {@link Tracing}
 * the generated host calls for one instance, bound to that instance's {@link GuestState}.
 */
final class OtelTracing {
    private static final String ZERO_TRACE = "0".repeat(Ids.TRACE_HEX);
    private static final String ZERO_SPAN = "0".repeat(Ids.SPAN_HEX);

    private final Sinks sinks;
    private final Diagnostics diag;
    private final AnyValues values;
    private final TelemetryLimits limits;
    private final LeftOpenSpans leftOpen;
    /** The guest's scopes as the SDK's. */
    private final RepairFreeCache<InstrumentationScope, InstrumentationScopeInfo> scopes;

    OtelTracing(Sinks sinks, Diagnostics diag, TelemetryLimits limits, LeftOpenSpans leftOpen) {
        this.sinks = sinks;
        this.diag = diag;
        this.values = new AnyValues(diag);
        this.limits = limits;
        this.leftOpen = leftOpen;
        this.scopes = new RepairFreeCache<>(diag, this::buildScope);
    }

    TelemetryLimits limits() {
        return limits;
    }

    /** wasi:otel/tracing for the calling instance {@code guest}: its open spans, this adapter's sinks. */
    Tracing forInstance(GuestContext guest) {
        GuestState state = GuestState.of(guest);
        return new Tracing() {
            @Override
            public void onStart(dev.wasiotel.otel.bindings.wasi.otel.tracing.SpanContext context) {
                OtelTracing.this.onStart(guest, state, context);
            }

            @Override
            public void onEnd(SpanData span) {
                OtelTracing.this.onEnd(state, span);
            }

            @Override
            public dev.wasiotel.otel.bindings.wasi.otel.tracing.SpanContext currentSpanContext() {
                return OtelTracing.this.currentSpanContext(state);
            }
        };
    }

    void onStart(GuestContext guest, GuestState state, dev.wasiotel.otel.bindings.wasi.otel.tracing.SpanContext context) {
        // a context that needs no repair (what guest SDKs send) is made without validating its ids
        // twice, and remembered, so that on-end can recognise it cheaply
        boolean normal = Ids.isCanonical(context.traceId(), Ids.TRACE_HEX) && Ids.isCanonical(context.spanId(), Ids.SPAN_HEX)
                && context.traceState().isEmpty();
        SpanContext ctx = normal ? canonicalSpanContext(context) : spanContext(context).orElse(null);
        if (ctx == null) {
            diag.record(Repair.START_IGNORED_INVALID_ID, "on-start with trace id '" + context.traceId()
                    + "' span id '" + context.spanId() + "'");
            return;
        }
        if (state.push(ctx, null, normal ? context : null, diag)) {
            leftOpen.track(guest, state);
        }
    }

    void onEnd(GuestState state, SpanData span) {
        SpanContext started = state.endStarted(span.spanContext());
        if (started != null) {
            sinks.endSpan(toSdk(started, span));
            return;
        }
        Optional<SpanContext> ctx = spanContext(span.spanContext());
        if (ctx.isEmpty()) {
            diag.record(Repair.SPAN_DROPPED_INVALID_ID, "span '" + AnyValues.abbreviate(span.name())
                    + "' with trace id '" + span.spanContext().traceId() + "' span id '" + span.spanContext().spanId() + "'");
            return;
        }
        state.pop(ctx.get().getTraceId(), ctx.get().getSpanId(), diag);
        sinks.endSpan(toSdk(ctx.get(), span));
    }

    dev.wasiotel.otel.bindings.wasi.otel.tracing.SpanContext currentSpanContext(GuestState state) {
        Optional<SpanContext> guest = state.innermost();
        if (guest.isPresent()) {
            return toWit(guest.get());
        }
        SpanContext host = state.hostSpan();
        if (host.isValid()) {
            return toWit(host);
        }
        return new dev.wasiotel.otel.bindings.wasi.otel.tracing.SpanContext(
                ZERO_TRACE, ZERO_SPAN, EnumSet.noneOf(TraceFlags.class), false, List.of());
    }

    /** The guest span as the SDK's span data. */
    GuestSpan toSdk(SpanContext ctx, SpanData span) {
        SpanContext parent = SpanContext.getInvalid();
        if (!Ids.isAbsent(span.parentSpanId())) {
            Optional<String> parentId = Ids.spanId(span.parentSpanId(), diag);
            if (parentId.isPresent()) {
                // the parent of a guest span is in the same trace; a remote parent's remoteness is not carried by the WIT
                parent = SpanContext.create(ctx.getTraceId(), parentId.get(), ctx.getTraceFlags(), ctx.getTraceState());
            } else {
                diag.record(Repair.PARENT_ID_INVALID, "span '" + AnyValues.abbreviate(span.name())
                        + "' parent id '" + span.parentSpanId() + "': exported as a root span");
            }
        }
        long start = Times.epochNanos(span.startTime(), diag);
        long end = Times.epochNanos(span.endTime(), diag);
        if (end < start) {
            diag.record(Repair.END_BEFORE_START, "span '" + AnyValues.abbreviate(span.name()) + "'");
            end = start;
        }
        SpanLimits sl = limits.spans();
        int maxLength = sl.getMaxAttributeValueLength();
        List<EventData> events = new ArrayList<>(Math.min(span.events().size(), sl.getMaxNumberOfEvents()));
        int overEvents = 0;
        // by index: lifted lists are random-access, and an iterator per list is garbage on the span path
        for (int i = 0, n = span.events().size(); i < n; i++) {
            Event e = span.events().get(i);
            if (events.size() >= sl.getMaxNumberOfEvents()) {
                overEvents++;
                continue;
            }
            AnyValues.Limited a = values.attributes(e.attributes(), sl.getMaxNumberOfAttributesPerEvent(), maxLength);
            events.add(EventData.create(Times.epochNanos(e.time(), diag),
                    values.name(e.name(), limits.maxNameLength(), "event name"), a.attributes(), a.total()));
        }
        if (overEvents > 0) {
            diag.record(Repair.EVENT_COUNT_LIMIT, overEvents, overEvents + " events over the limit of "
                    + sl.getMaxNumberOfEvents());
        }
        List<LinkData> links = new ArrayList<>(Math.min(span.links().size(), sl.getMaxNumberOfLinks()));
        int invalidLinks = 0;
        int overLinks = 0;
        for (int i = 0, n = span.links().size(); i < n; i++) {
            Link l = span.links().get(i);
            Optional<SpanContext> lc = spanContext(l.spanContext());
            if (lc.isEmpty()) {
                invalidLinks++;
                diag.record(Repair.LINK_DROPPED_INVALID_ID, "link to trace id '" + l.spanContext().traceId()
                        + "' span id '" + l.spanContext().spanId() + "'");
            } else if (links.size() >= sl.getMaxNumberOfLinks()) {
                overLinks++;
            } else {
                AnyValues.Limited a = values.attributes(l.attributes(), sl.getMaxNumberOfAttributesPerLink(), maxLength);
                links.add(LinkData.create(lc.get(), a.attributes(), a.total()));
            }
        }
        if (overLinks > 0) {
            diag.record(Repair.LINK_COUNT_LIMIT, overLinks, overLinks + " links over the limit of "
                    + sl.getMaxNumberOfLinks());
        }
        AnyValues.Limited attributes = values.attributes(span.attributes(), sl.getMaxNumberOfAttributes(), maxLength);
        // the guest's own dropped counts plus what the limits dropped here, as the SDK counts them
        return new GuestSpan(ctx, parent, sinks.resource(), scope(span.instrumentationScope()),
                values.name(span.name(), limits.maxNameLength(), "span name"), kind(span.spanKind()), start, end,
                attributes.attributes(), events, links, status(span.status()),
                saturatedAdd(u32(span.droppedAttributes()), attributes.dropped()),
                saturatedAdd(u32(span.droppedEvents()), overEvents),
                saturatedAdd(u32(span.droppedLinks()), invalidLinks + overLinks));
    }

    /** A WIT span context as the API's, or empty if its trace or span id is invalid. */
    Optional<SpanContext> spanContext(dev.wasiotel.otel.bindings.wasi.otel.tracing.SpanContext c) {
        Optional<String> trace = Ids.traceId(c.traceId(), diag);
        Optional<String> span = Ids.spanId(c.spanId(), diag);
        if (trace.isEmpty() || span.isEmpty()) {
            return Optional.empty();
        }
        io.opentelemetry.api.trace.TraceFlags flags = c.traceFlags().contains(TraceFlags.SAMPLED)
                ? io.opentelemetry.api.trace.TraceFlags.getSampled()
                : io.opentelemetry.api.trace.TraceFlags.getDefault();
        TraceState state = traceState(c.traceState(), diag);
        return Optional.of(c.isRemote()
                ? SpanContext.createFromRemoteParent(trace.get(), span.get(), flags, state)
                : SpanContext.create(trace.get(), span.get(), flags, state));
    }

    /**
     * {@link #spanContext} of a context whose ids are canonical ({@link Ids#isCanonical}) and whose
     * trace-state is empty: nothing to normalise or repair.
     */
    private static SpanContext canonicalSpanContext(dev.wasiotel.otel.bindings.wasi.otel.tracing.SpanContext c) {
        io.opentelemetry.api.trace.TraceFlags flags = c.traceFlags().contains(TraceFlags.SAMPLED)
                ? io.opentelemetry.api.trace.TraceFlags.getSampled()
                : io.opentelemetry.api.trace.TraceFlags.getDefault();
        return c.isRemote()
                ? SpanContext.createFromRemoteParent(c.traceId(), c.spanId(), flags, TraceState.getDefault())
                : SpanContext.create(c.traceId(), c.spanId(), flags, TraceState.getDefault());
    }

    /** A trace-state; any invalid key or value makes it empty, as the WIT prescribes. */
    static TraceState traceState(List<Tuple2<String, String>> entries, Diagnostics diag) {
        if (entries.isEmpty()) {
            return TraceState.getDefault();
        }
        TraceStateBuilder b = TraceState.builder();
        // the builder silently skips invalid entries and keeps the last of duplicate keys;
        // a size mismatch therefore reveals an invalid or duplicate entry
        for (int i = entries.size() - 1; i >= 0; i--) {
            b.put(entries.get(i).v1(), entries.get(i).v2());
        }
        TraceState state = b.build();
        if (state.size() != entries.size()) {
            diag.record(Repair.TRACE_STATE_INVALID, entries.size() + " trace-state entries, "
                    + state.size() + " valid and distinct");
            return TraceState.getDefault();
        }
        return state;
    }

    static dev.wasiotel.otel.bindings.wasi.otel.tracing.SpanContext toWit(SpanContext c) {
        List<Tuple2<String, String>> state = new ArrayList<>();
        c.getTraceState().forEach((k, v) -> state.add(new Tuple2<>(k, v)));
        EnumSet<TraceFlags> flags = c.isSampled() ? EnumSet.of(TraceFlags.SAMPLED) : EnumSet.noneOf(TraceFlags.class);
        return new dev.wasiotel.otel.bindings.wasi.otel.tracing.SpanContext(
                c.getTraceId(), c.getSpanId(), flags, c.isRemote(), state);
    }

    /** The guest's scope as the SDK's (a guest uses few scopes, mostly the same one). */
    InstrumentationScopeInfo scope(InstrumentationScope s) {
        return scopes.get(s);
    }

    private InstrumentationScopeInfo buildScope(InstrumentationScope s) {
        InstrumentationScopeInfoBuilder b = InstrumentationScopeInfo.builder(
                values.name(s.name(), limits.maxNameLength(), "instrumentation scope name"));
        s.version().ifPresent(b::setVersion);
        s.schemaUrl().ifPresent(b::setSchemaUrl);
        if (!s.attributes().isEmpty()) {
            b.setAttributes(values.attributes(s.attributes()));
        }
        return b.build();
    }

    static SpanKind kind(dev.wasiotel.otel.bindings.wasi.otel.tracing.SpanKind k) {
        switch (k) {
            case CLIENT: return SpanKind.CLIENT;
            case SERVER: return SpanKind.SERVER;
            case PRODUCER: return SpanKind.PRODUCER;
            case CONSUMER: return SpanKind.CONSUMER;
            default: return SpanKind.INTERNAL;
        }
    }

    static StatusData status(Status s) {
        if (s instanceof Status.Ok) {
            return StatusData.ok();
        }
        if (s instanceof Status.Error) {
            return StatusData.create(StatusCode.ERROR, ((Status.Error) s).value());
        }
        return StatusData.unset();
    }

    /** A u32 (as the generated code's {@code long}) as an int count, saturating. */
    static int u32(long v) {
        return v > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) v;
    }

    private static int saturatedAdd(int a, int b) {
        long s = (long) a + b;
        return s > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) s;
    }
}
