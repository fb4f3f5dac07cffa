package dev.wasiotel.otel;

import dev.wasiotel.otel.bindings.observe.wasi.observe.tracer.KeyValue;
import dev.wasiotel.otel.bindings.observe.wasi.observe.tracer.Link;
import dev.wasiotel.otel.bindings.observe.wasi.observe.tracer.Span;
import dev.wasiotel.otel.bindings.observe.wasi.observe.tracer.StartOptions;
import dev.wasiotel.otel.bindings.observe.wasi.observe.tracer.TraceFlags;
import dev.wasiotel.otel.bindings.observe.wasi.observe.tracer.Tracer;
import dev.wasiotel.otel.bindings.observe.wasi.observe.tracer.Value;
import dev.wasiotel.wit.runtime.GuestContext;
import dev.wasiotel.wit.runtime.Tuple2;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code wasi:observe/tracer} on the host's SDK tracer (scope {@code wasi:observe}): the host SDK
 * creates the span (its ids, sampler, limits, processors); the guest drives it through the {@code
 * span} resource, whose handles the runtime's resource table keeps per instance. A new span's
 * parent is the innermost open guest span of the calling instance, else the host's current span,
 * unless {@code new-root} is set. While it is open, it is the instance's innermost span, for
 * {@code current-span-context} and for host spans created in the guest's calls. One {@code
 * ObserveTracer} serves every instance; {@link #forInstance} gives the {@link Tracer} the generated
 * host calls for one instance.
 */
final class ObserveTracer {
    private final io.opentelemetry.api.trace.Tracer tracer;
    private final Diagnostics diag;
    private final LeftOpenSpans leftOpen;
    private final int maxNameLength;

    ObserveTracer(io.opentelemetry.api.trace.Tracer tracer, Diagnostics diag, LeftOpenSpans leftOpen, int maxNameLength) {
        this.tracer = tracer;
        this.diag = diag;
        this.leftOpen = leftOpen;
        this.maxNameLength = maxNameLength;
    }

    /** wasi:observe/tracer for the calling instance {@code guest}. */
    Tracer forInstance(GuestContext guest) {
        GuestState state = GuestState.of(guest);
        return (name, options) -> start(guest, state, name, options);
    }

    Span start(GuestContext guest, GuestState state, String name, Optional<StartOptions> options) {
        // the innermost span the guest runs inside, else the host's span (not a traced import's own span)
        // the SDK applies its span limits itself, but has no cap on names
        SpanBuilder b = tracer.spanBuilder(AnyValues.name(name, maxNameLength, "wasi:observe span name", diag))
                .setParent(state.guestContext(Context.current()));
        if (options.isPresent()) {
            StartOptions o = options.get();
            if (o.newRoot()) {
                b.setNoParent();
            }
            o.spanKind().ifPresent(k -> b.setSpanKind(kind(k)));
            o.attributes().ifPresent(a -> b.setAllAttributes(attributes(a, diag)));
            o.links().ifPresent(ls -> {
                for (Link l : ls) {
                    Optional<SpanContext> c = spanContext(l.spanContext(), diag);
                    if (c.isPresent()) {
                        b.addLink(c.get(), attributes(l.attributes(), diag));
                    } else {
                        diag.record(Repair.LINK_DROPPED_INVALID_ID, "wasi:observe link to span '" + l.spanContext().spanId() + "'");
                    }
                }
            });
            o.timestamp().ifPresent(t -> b.setStartTimestamp(Times.epochNanos(t, diag), TimeUnit.NANOSECONDS));
        }
        io.opentelemetry.api.trace.Span span = b.startSpan();
        ObserveSpan guestSpan = new ObserveSpan(span, state, diag, maxNameLength);
        if (span.getSpanContext().isValid()) { // a no-op SDK makes invalid spans: nothing to nest under
            state.push(span.getSpanContext(), guestSpan, diag);
            leftOpen.track(guest, state);
        }
        return guestSpan;
    }

    static SpanKind kind(dev.wasiotel.otel.bindings.observe.wasi.observe.tracer.SpanKind k) {
        switch (k) {
            case CLIENT: return SpanKind.CLIENT;
            case SERVER: return SpanKind.SERVER;
            case PRODUCER: return SpanKind.PRODUCER;
            case CONSUMER: return SpanKind.CONSUMER;
            default: return SpanKind.INTERNAL;
        }
    }

    /** wasi:observe attributes (typed values, no JSON); an empty key is dropped and counted. */
    static Attributes attributes(List<KeyValue> kvs, Diagnostics diag) {
        AttributesBuilder b = Attributes.builder();
        for (KeyValue kv : kvs) {
            if (kv.key().isEmpty()) {
                diag.record(Repair.ATTRIBUTE_EMPTY_KEY, "wasi:observe attribute");
                continue;
            }
            put(b, kv.key(), kv.value());
        }
        return b.build();
    }

    private static void put(AttributesBuilder b, String key, Value v) {
        if (v instanceof Value.String) {
            b.put(AttributeKey.stringKey(key), ((Value.String) v).value());
        } else if (v instanceof Value.Bool) {
            b.put(AttributeKey.booleanKey(key), ((Value.Bool) v).value());
        } else if (v instanceof Value.Float64) {
            b.put(AttributeKey.doubleKey(key), ((Value.Float64) v).value());
        } else if (v instanceof Value.S64) {
            b.put(AttributeKey.longKey(key), ((Value.S64) v).value());
        } else if (v instanceof Value.StringArray) {
            b.put(AttributeKey.stringArrayKey(key), ((Value.StringArray) v).value());
        } else if (v instanceof Value.BoolArray) {
            b.put(AttributeKey.booleanArrayKey(key), ((Value.BoolArray) v).value());
        } else if (v instanceof Value.Float64Array) {
            List<Double> l = new ArrayList<>();
            for (double d : ((Value.Float64Array) v).value()) {
                l.add(d);
            }
            b.put(AttributeKey.doubleArrayKey(key), l);
        } else {
            List<Long> l = new ArrayList<>();
            for (long x : ((Value.S64Array) v).value()) {
                l.add(x);
            }
            b.put(AttributeKey.longArrayKey(key), l);
        }
    }

    /** An observe span context as the API's, or empty if its ids are invalid. */
    static Optional<SpanContext> spanContext(dev.wasiotel.otel.bindings.observe.wasi.observe.tracer.SpanContext c,
            Diagnostics diag) {
        Optional<String> trace = Ids.traceId(c.traceId(), diag);
        Optional<String> span = Ids.spanId(c.spanId(), diag);
        if (trace.isEmpty() || span.isEmpty()) {
            return Optional.empty();
        }
        io.opentelemetry.api.trace.TraceFlags flags = c.traceFlags().contains(TraceFlags.SAMPLED)
                ? io.opentelemetry.api.trace.TraceFlags.getSampled()
                : io.opentelemetry.api.trace.TraceFlags.getDefault();
        TraceState state = OtelTracing.traceState(c.traceState(), diag);
        return Optional.of(c.isRemote()
                ? SpanContext.createFromRemoteParent(trace.get(), span.get(), flags, state)
                : SpanContext.create(trace.get(), span.get(), flags, state));
    }

    static dev.wasiotel.otel.bindings.observe.wasi.observe.tracer.SpanContext toWit(SpanContext c) {
        List<Tuple2<String, String>> state = new ArrayList<>();
        c.getTraceState().forEach((k, v) -> state.add(new Tuple2<>(k, v)));
        EnumSet<TraceFlags> flags = c.isSampled() ? EnumSet.of(TraceFlags.SAMPLED) : EnumSet.noneOf(TraceFlags.class);
        return new dev.wasiotel.otel.bindings.observe.wasi.observe.tracer.SpanContext(
                c.getTraceId(), c.getSpanId(), flags, c.isRemote(), state);
    }
}
