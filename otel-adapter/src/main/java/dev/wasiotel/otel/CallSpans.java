package dev.wasiotel.otel;

import dev.wasiotel.wit.runtime.GuestContext;
import dev.wasiotel.wit.runtime.WitTrap;
import dev.wasiotel.wit.runtime.calls.CallFilter;
import dev.wasiotel.wit.runtime.calls.CallKind;
import dev.wasiotel.wit.runtime.calls.CallSite;
import dev.wasiotel.wit.runtime.calls.CallTracer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Automatic instrumentation of the component graph on OpenTelemetry: a span, and metrics, for each
 * traced call a host reports through {@link CallTracer} (export calls, import calls, calls between
 * the inner instances of a composed component; a core module's imports and exports alike).
 *
 * <p>Parenting: an export call's span is a child of the host's current span; an import or
 * cross-component call's span is a child of the calling instance's innermost open span, guest or
 * call, else of the host's current span. While a call runs its span is the instance's innermost
 * span (on the same per-instance stack as the guest's own wasi:otel and wasi:observe spans), so
 * the guest's {@code current-span-context} answers with it when no guest span is open inside it,
 * and it is the current OpenTelemetry span for host code. Guest spans keep their own ids. Spans
 * are made by the host's tracer, so the host SDK's sampler decides; all are {@link
 * SpanKind#INTERNAL}: the call stays in the process (under {@code serve}, the host's SERVER span
 * is the export span's parent).
 *
 * <p>Span name: {@code interface#function} without the interface's version ({@code
 * wasi:cli/run#run}, {@code wasi:filesystem/types#[method]descriptor.read}); a world-level function
 * or core export by its name. Attributes (ours: the semantic conventions define none for Wasm):
 * <ul>
 *   <li>{@value #KIND_KEY}: {@code export}, {@code import} or {@code cross-component};
 *   <li>{@value #INTERFACE_KEY}: the interface with its version, or a core module's import module
 *       (absent for world-level functions and core exports);
 *   <li>{@value #FUNCTION_KEY}: the function's name in its interface, or its core name;
 *   <li>{@value #INSTANCE_KEY}: the calling component instance's path ({@code /} the outermost,
 *       {@code /0} the first component instance it creates, {@code /0/1}...; {@code core} for a
 *       core module), for an export the instance that lifted it;
 *       {@value #CALLEE_KEY}: for a cross-component call, the path of the instance that lifted the
 *       function;
 *   <li>{@value #ARGUMENTS_SIZE_KEY}, {@value #RESULT_SIZE_KEY}: bytes of the arguments and the
 *       result: flat core values plus guest memory read (arguments of an import) or written
 *       (arguments of an export) by the callee, and the other way for the result;
 *   <li>on a failure: status ERROR with the message, the exception as an event, {@value
 *       #ERROR_TYPE_KEY} (the trap reason in lower case, e.g. {@code guest_trap}, or the exception's
 *       class) and for a trap {@value #TRAP_REASON_KEY}.
 * </ul>
 *
 * <p>Metrics (meter {@value #SCOPE}), with attributes {@value #KIND_KEY}, {@value #INTERFACE_KEY}
 * and {@value #FUNCTION_KEY}: {@value #CALLS} (counter, {@code {call}}), {@value #DURATION}
 * (histogram, seconds, buckets from 5 µs to 10 s), {@value #TRAPS} (counter, {@code {trap}}, also with {@value
 * #ERROR_TYPE_KEY}).
 */
public final class CallSpans implements CallTracer {
    /** The instrumentation scope of the spans and metrics. */
    public static final String SCOPE = "dev.wasiotel.calls";
    /** Attribute: which boundary the call crosses. */
    public static final String KIND_KEY = "wasm.component.call.kind";
    /** Attribute: the interface with its version. */
    public static final String INTERFACE_KEY = "wasm.component.interface";
    /** Attribute: the function. */
    public static final String FUNCTION_KEY = "wasm.component.function";
    /** Attribute: the calling (or, for an export, called) component instance's path. */
    public static final String INSTANCE_KEY = "wasm.component.instance";
    /** Attribute: the path of the instance a cross-component call goes to. */
    public static final String CALLEE_KEY = "wasm.component.callee.instance";
    /** Attribute: the bytes of the arguments. */
    public static final String ARGUMENTS_SIZE_KEY = "wasm.component.call.arguments.size";
    /** Attribute: the bytes of the result. */
    public static final String RESULT_SIZE_KEY = "wasm.component.call.result.size";
    /** Attribute: the reason of a trap. */
    public static final String TRAP_REASON_KEY = "wasm.trap.reason";
    /** Attribute (semantic conventions): what failed. */
    public static final String ERROR_TYPE_KEY = "error.type";
    /** Metric: calls. */
    public static final String CALLS = "wasm.component.call.count";
    /** Metric: call durations. */
    public static final String DURATION = "wasm.component.call.duration";
    /** Metric: calls that trapped or failed. */
    public static final String TRAPS = "wasm.component.call.traps";

    private static final AttributeKey<String> KIND = AttributeKey.stringKey(KIND_KEY);
    private static final AttributeKey<String> INTERFACE = AttributeKey.stringKey(INTERFACE_KEY);
    private static final AttributeKey<String> FUNCTION = AttributeKey.stringKey(FUNCTION_KEY);
    private static final AttributeKey<String> INSTANCE = AttributeKey.stringKey(INSTANCE_KEY);
    private static final AttributeKey<String> CALLEE = AttributeKey.stringKey(CALLEE_KEY);
    private static final AttributeKey<Long> ARGUMENTS_SIZE = AttributeKey.longKey(ARGUMENTS_SIZE_KEY);
    private static final AttributeKey<Long> RESULT_SIZE = AttributeKey.longKey(RESULT_SIZE_KEY);
    private static final AttributeKey<String> TRAP_REASON = AttributeKey.stringKey(TRAP_REASON_KEY);
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey(ERROR_TYPE_KEY);

    /** Bucket bounds in seconds: calls across a boundary take microseconds to seconds. */
    static final List<Double> BUCKETS = List.of(0.000_005, 0.000_01, 0.000_025, 0.000_05, 0.000_1, 0.000_25,
            0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);

    private final Tracer tracer;
    private final LongCounter calls;
    private final DoubleHistogram duration;
    private final LongCounter traps;
    private final CallFilter filter;
    private final Predicate<Throwable> normalEnd;
    private final Diagnostics diag;
    private final Map<CallSite, Probe> probes = new ConcurrentHashMap<>();

    CallSpans(OpenTelemetry openTelemetry, CallFilter filter, Predicate<Throwable> normalEnd, Diagnostics diag) {
        this.tracer = openTelemetry.getTracer(SCOPE);
        Meter meter = openTelemetry.getMeter(SCOPE);
        this.calls = meter.counterBuilder(CALLS).setUnit("{call}")
                .setDescription("Calls across a WebAssembly component boundary").build();
        this.duration = meter.histogramBuilder(DURATION).setUnit("s")
                .setDescription("Duration of calls across a WebAssembly component boundary")
                .setExplicitBucketBoundariesAdvice(BUCKETS).build();
        this.traps = meter.counterBuilder(TRAPS).setUnit("{trap}")
                .setDescription("Calls across a WebAssembly component boundary that trapped or failed").build();
        this.filter = Objects.requireNonNull(filter, "filter");
        this.normalEnd = Objects.requireNonNull(normalEnd, "normalEnd");
        this.diag = diag;
    }

    /** Traced sites get a probe (made once per site and shared); the others none, so no wrapper. */
    @Override
    public Probe probe(CallSite site) {
        if (!filter.traces(site)) {
            return null;
        }
        return probes.computeIfAbsent(site, SiteProbe::new);
    }

    /** One call in progress: its span, current until the call ends. */
    private record SpanCall(SiteProbe site, Span span, GuestState state, Scope scope, long started) implements Call {
        @Override
        public void end(long argumentBytes, long resultBytes, Throwable failure) {
            scope.close();
            state.popCall(span);
            site.end(span, started, argumentBytes, resultBytes, failure);
        }

        /** An unsampled span records no attributes: the host need not count the bytes. */
        @Override
        public boolean countsBytes() {
            return span.isRecording();
        }
    }

    /** The calls of one site: its name and attributes made once. */
    private final class SiteProbe implements Probe {
        private final String name;
        private final boolean export;
        private final boolean toHost;
        private final Attributes spanAttributes;
        private final Attributes metricAttributes;

        SiteProbe(CallSite site) {
            this.name = site.spanName();
            this.export = site.kind() == CallKind.EXPORT;
            this.toHost = site.kind() == CallKind.IMPORT;
            AttributesBuilder metric = Attributes.builder().put(KIND, site.kind().label()).put(FUNCTION, site.function());
            if (site.interfaceName() != null) {
                metric.put(INTERFACE, site.interfaceName());
            }
            this.metricAttributes = metric.build();
            AttributesBuilder span = metricAttributes.toBuilder().put(INSTANCE, site.instance());
            if (site.callee() != null) {
                span.put(CALLEE, site.callee());
            }
            this.spanAttributes = span.build();
        }

        @Override
        public Call start(GuestContext instance) {
            GuestState state = GuestState.of(instance);
            Context current = Context.current();
            // an export's parent is the host's span; a call the guest makes, its innermost open span
            Context parent = export ? current : state.hostContext(current);
            long started = System.nanoTime();
            Span span = tracer.spanBuilder(name).setParent(parent).setSpanKind(SpanKind.INTERNAL)
                    .setAllAttributes(spanAttributes).startSpan();
            state.pushCall(span, Span.fromContext(parent).getSpanContext(), !toHost, diag);
            Scope scope = parent.with(span).makeCurrent();
            return new SpanCall(this, span, state, scope, started);
        }

        private void end(Span span, long started, long argumentBytes, long resultBytes, Throwable failure) {
            if (argumentBytes >= 0) {
                span.setAttribute(ARGUMENTS_SIZE, argumentBytes);
            }
            if (resultBytes >= 0) {
                span.setAttribute(RESULT_SIZE, resultBytes);
            }
            if (failure != null && !normalEnd.test(failure)) {
                String type = failure instanceof WitTrap t ? t.reason().name().toLowerCase(Locale.ROOT)
                        : failure.getClass().getName();
                if (failure instanceof WitTrap) {
                    span.setAttribute(TRAP_REASON, type);
                }
                span.setAttribute(ERROR_TYPE, type);
                span.recordException(failure);
                span.setStatus(StatusCode.ERROR, String.valueOf(failure.getMessage()));
                traps.add(1, metricAttributes.toBuilder().put(ERROR_TYPE, type).build());
            }
            span.end();
            calls.add(1, metricAttributes);
            duration.record((System.nanoTime() - started) / 1e9, metricAttributes);
        }
    }
}
