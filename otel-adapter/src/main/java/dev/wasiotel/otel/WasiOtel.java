package dev.wasiotel.otel;

import dev.wasiotel.otel.bindings.observe.wasi.logging.logging.LoggingHost;
import dev.wasiotel.otel.bindings.observe.wasi.observe.tracer.Tracer;
import dev.wasiotel.otel.bindings.observe.wasi.observe.tracer.TracerHost;
import dev.wasiotel.otel.bindings.wasi.otel.logs.LogsHost;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.MetricsHost;
import dev.wasiotel.otel.bindings.wasi.otel.tracing.Tracing;
import dev.wasiotel.otel.bindings.wasi.otel.tracing.TracingHost;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.runtime.GuestContext;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import dev.wasiotel.wit.runtime.calls.CallFilter;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.LogRecordProcessor;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The OpenTelemetry adapter: every host function of {@code wasi:otel} ({@code tracing},
 * {@code metrics}, {@code logs}, with both {@code current-span-context} and the rc.2 tag's {@code
 * outer-span-context}), {@code wasi:observe/tracer} and {@code wasi:logging/logging}, implemented
 * on the OpenTelemetry Java SDK, ready for {@code ChicoryHost.builder().addAll(wasiOtel.functions())}
 * or a component host that matches functions by {@link HostFunctionDef#module()} and {@link
 * HostFunctionDef#name()}.
 *
 * <p>Guest spans, metrics and logs of wasi:otel arrive finished (ids, times and aggregation decided
 * by the guest's SDK), which the SDK's public API cannot create; so they go straight to the SDK's
 * pipeline stages: span processors ({@code onEnd}), metric exporters and log record processors —
 * give it the ones the host's SDK uses (as {@link WasiOtelSdk} does) to send guest data wherever
 * the host's goes. wasi:observe spans and wasi:logging records are made by the host's SDK through
 * {@code openTelemetry}'s tracer and logger.
 *
 * <p>One adapter serves any number of guest instances with one set of host functions: per guest
 * instance it keeps the stack of open guest spans (in the instance's attachments), and the
 * generated hosts ask it, on each call, for the calling instance's implementations ({@code
 * functionsPerInstance}). While a guest calls a host function returned by {@link #functions()}
 * (other than wasi:otel/tracing's, which create no host spans) or wrapped by {@link
 * #inGuestContext}, the innermost open guest span is the current OpenTelemetry span, so host spans
 * created there are its children; wrap the host's other imports with {@link #inGuestContext} to
 * get this for them too. Malformed guest input never traps the
 * guest nor throws into the host: each case has a defined outcome listed in {@link Repair}, counted in {@link
 * #diagnostics()}; guest data is held to {@link TelemetryLimits} (the SDK's span and log record
 * limits and the adapter's caps). Guest metrics are exported from the adapter's own thread: {@code
 * metrics.export} queues them and answers at once, and what cannot be exported is counted in {@link
 * #telemetryLoss()}. Call {@link #callEnded} after each call of a long-lived instance and {@link
 * #shutdown} before shutting the SDK down.
 */
public final class WasiOtel {
    /** wasi:otel's tracing interface, as both wasi:otel trees name it. */
    public static final String TRACING_MODULE = "wasi:otel/tracing@0.2.0-rc.2";
    /** The function of upstream main. */
    public static final String CURRENT_SPAN_CONTEXT = "current-span-context";
    /** The same function as the v0.2.0-rc.2 release tag names it. */
    public static final String OUTER_SPAN_CONTEXT = "outer-span-context";

    private final Diagnostics diagnostics;
    private final StringEncoding encoding;
    private final Map<StringEncoding, List<HostFunctionDef>> functions = new EnumMap<>(StringEncoding.class);
    private final OtelTracing tracing;
    private final OtelMetrics metrics;
    private final OtelLogs logs;
    private final ObserveTracer observeTracer;
    private final ObserveLogging observeLogging;
    private final TelemetryLoss loss;
    private final TelemetryLimits limits;
    private final MetricQueue metricQueue;
    private final LeftOpenSpans leftOpen;
    private final OpenTelemetry openTelemetry;

    private WasiOtel(Builder b) {
        this.openTelemetry = b.openTelemetry;
        this.diagnostics = new Diagnostics();
        this.encoding = b.encoding;
        this.loss = b.loss;
        this.limits = b.limits;
        this.metricQueue = new MetricQueue(b.metricExporters, loss, limits.maxQueuedMetricPoints());
        Sinks sinks = new Sinks(SpanProcessor.composite(b.spanProcessors), metricQueue,
                LogRecordProcessor.composite(b.logRecordProcessors), b.resource, diagnostics);
        this.leftOpen = new LeftOpenSpans(sinks, diagnostics);
        this.tracing = new OtelTracing(sinks, diagnostics, limits, leftOpen);
        this.metrics = new OtelMetrics(sinks, diagnostics, tracing);
        this.logs = new OtelLogs(sinks, diagnostics, tracing);
        this.observeTracer = new ObserveTracer(b.openTelemetry.getTracer("wasi:observe"), diagnostics, leftOpen,
                limits.maxNameLength());
        this.observeLogging = new ObserveLogging(b.openTelemetry.getLogsBridge().get("wasi:logging"), diagnostics,
                limits.maxLogBodyLength());
    }

    /**
     * The adapter as one guest instance sees it: the implementations bound to that instance's open
     * spans, made on its first call and kept in its attachments.
     *
     * @param adapter the adapter they belong to (an instance linked to two adapters gets each one's)
     * @param tracing wasi:otel/tracing for the instance
     * @param tracer wasi:observe/tracer for the instance
     */
    private record Instance(WasiOtel adapter, Tracing tracing, Tracer tracer) {
    }

    /** This adapter's implementations for the calling instance {@code guest}. */
    private Instance instance(GuestContext guest) {
        Instance i = guest.attachment(Instance.class);
        if (i == null || i.adapter() != this) {
            i = new Instance(this, tracing.forInstance(guest), observeTracer.forInstance(guest));
            guest.putAttachment(Instance.class, i);
        }
        return i;
    }

    /**
     * The host functions lifting and lowering strings as {@code e}: tracing and the wasi:observe
     * tracer per calling instance, metrics and logs (which keep no instance state) shared.
     */
    private List<HostFunctionDef> build(StringEncoding e) {
        // wasi:otel/tracing is not run in the guest's context: it creates no host spans, and reads
        // the open guest spans itself
        List<HostFunctionDef> tracingDefs = new ArrayList<>();
        for (HostFunctionDef d : TracingHost.functionsPerInstance(guest -> instance(guest).tracing(), e)) {
            tracingDefs.add(d);
            if (d.name().equals(CURRENT_SPAN_CONTEXT)) {
                // rc.2 tag: `outer-span-context: func() -> span-context`, the identical signature and
                // meaning under its old name, so the same lifting/lowering serves it
                tracingDefs.add(new HostFunctionDef(d.module(), OUTER_SPAN_CONTEXT, d.params(), d.results(), d.body(), d.type()));
            }
        }
        List<HostFunctionDef> defs = new ArrayList<>();
        defs.addAll(MetricsHost.functions(metrics, e));
        defs.addAll(LogsHost.functions(logs, e));
        defs.addAll(TracerHost.functionsPerInstance(guest -> instance(guest).tracer(), e));
        defs.addAll(LoggingHost.functions(observeLogging, e));
        List<HostFunctionDef> all = new ArrayList<>(tracingDefs);
        all.addAll(inGuestContext(defs));
        return List.copyOf(all);
    }

    /**
     * A builder; {@code openTelemetry} is the host's (its context propagation, and the tracer and
     * logger for wasi:observe and wasi:logging).
     */
    public static Builder builder(OpenTelemetry openTelemetry) {
        return new Builder(openTelemetry);
    }

    /**
     * All host functions (wasi:otel, wasi:observe, wasi:logging), one per core import, for guests
     * using the builder's string encoding (UTF-8 unless set).
     */
    public List<HostFunctionDef> functions() {
        return functions(encoding);
    }

    /**
     * The same functions for guests using string encoding {@code e}, e.g. as a component's
     * {@code canon lower} options ask; all encodings share one state (open spans, diagnostics).
     */
    public synchronized List<HostFunctionDef> functions(StringEncoding e) {
        return functions.computeIfAbsent(Objects.requireNonNull(e, "encoding"), this::build);
    }

    /** Counts of the repairs made to malformed guest telemetry. */
    public Diagnostics diagnostics() {
        return diagnostics;
    }

    /** What could not be exported: guest metrics here, and whatever else counts into the same object. */
    public TelemetryLoss telemetryLoss() {
        return loss;
    }

    /** The limits guest telemetry is held to. */
    public TelemetryLimits limits() {
        return limits;
    }

    /**
     * Tells the adapter that a call into {@code guest} has ended: spans the call left open are closed
     * out of the instance's stack and exported as ended now (see {@link Repair#SPAN_LEFT_OPEN}), so
     * the instance's next call starts clean. Call it after every call of an instance that is called
     * more than once; {@link #shutdown} does it for every instance.
     */
    public void callEnded(GuestContext guest) {
        GuestState state = guest.attachment(GuestState.class);
        if (state != null) {
            leftOpen.closeOut(state);
        }
    }

    /**
     * Closes out the spans still open in every instance, as {@link #callEnded} does for one: for a
     * host that must stop while a guest runs (a signal), so the spans begun so far are exported
     * rather than lost. A guest that ends one of them afterwards ends an unknown span.
     */
    public void closeOutOpenSpans() {
        leftOpen.closeOutAll();
    }

    /**
     * Succeeds once every guest metric export queued so far has been handed to the metric exporters
     * and answered (or timed out); join it with a bound.
     */
    public CompletableResultCode forceFlush() {
        return metricQueue.forceFlush();
    }

    /**
     * Closes out the spans still open in every instance ({@link #callEnded}), then exports the guest
     * metrics still queued, waiting at most {@code timeout}; what is still queued after it is counted
     * as lost. Guest calls to {@code metrics.export} are refused afterwards. Call it before shutting
     * down the SDK whose processors and exporters the adapter uses.
     */
    public void shutdown(Duration timeout) {
        closeOutOpenSpans();
        metricQueue.shutdown(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Automatic instrumentation of the calls a host runs ({@code ComponentHost.Builder.traceCalls},
     * {@code ChicoryHost.Builder.traceCalls}): spans and metrics by the host's {@code openTelemetry}
     * for every export, import and cross-component call {@code filter} selects, on the same
     * per-instance stack as this adapter's guest spans, so each is the parent of what opens inside
     * it (see {@link CallSpans}).
     *
     * @param filter which call sites are traced
     * @param normalEnd which exceptions end a call normally rather than as a failure (e.g. the
     *     host's exception for a guest's {@code exit(ok)})
     */
    public CallSpans callSpans(CallFilter filter, Predicate<Throwable> normalEnd) {
        return new CallSpans(openTelemetry, filter, normalEnd, diagnostics);
    }

    /**
     * The host's other host functions, each run with the calling guest instance's innermost open
     * guest span as the current OpenTelemetry span, so the spans they create are its children.
     */
    public static List<HostFunctionDef> inGuestContext(List<HostFunctionDef> defs) {
        List<HostFunctionDef> out = new ArrayList<>(defs.size());
        for (HostFunctionDef d : defs) {
            out.add(GuestCalls.wrap(d));
        }
        return List.copyOf(out);
    }

    /** Configures a {@link WasiOtel}. */
    public static final class Builder {
        private final OpenTelemetry openTelemetry;
        private final List<SpanProcessor> spanProcessors = new ArrayList<>();
        private final List<MetricExporter> metricExporters = new ArrayList<>();
        private final List<LogRecordProcessor> logRecordProcessors = new ArrayList<>();
        private Resource resource = Resource.getDefault();
        private StringEncoding encoding = StringEncoding.UTF8;
        private TelemetryLimits limits = TelemetryLimits.defaults();
        private TelemetryLoss loss = new TelemetryLoss();

        private Builder(OpenTelemetry openTelemetry) {
            this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
        }

        /** Adds a span processor that receives every finished wasi:otel guest span. */
        public Builder addSpanProcessor(SpanProcessor p) {
            spanProcessors.add(Objects.requireNonNull(p, "span processor"));
            return this;
        }

        /**
         * Adds a metric exporter that receives every wasi:otel guest metric export, from the
         * adapter's own export thread: {@code metrics.export} queues the data and returns at once.
         */
        public Builder addMetricExporter(MetricExporter e) {
            metricExporters.add(Objects.requireNonNull(e, "metric exporter"));
            return this;
        }

        /** Adds a log record processor that receives every wasi:otel guest log record. */
        public Builder addLogRecordProcessor(LogRecordProcessor p) {
            logRecordProcessors.add(Objects.requireNonNull(p, "log record processor"));
            return this;
        }

        /** The host's resource: of guest spans, and under guest metric and log resources (default: the SDK default). */
        public Builder resource(Resource r) {
            this.resource = Objects.requireNonNull(r, "resource");
            return this;
        }

        /** The guests' string encoding (default UTF-8, what wit-component uses unless told otherwise). */
        public Builder stringEncoding(StringEncoding e) {
            this.encoding = Objects.requireNonNull(e, "encoding");
            return this;
        }

        /** The limits guest telemetry is held to (default: {@link TelemetryLimits#defaults()}). */
        public Builder limits(TelemetryLimits l) {
            this.limits = Objects.requireNonNull(l, "limits");
            return this;
        }

        /**
         * Where guest metrics that cannot be exported are counted (default: a new one), e.g. the one
         * the host's counting exporters also use.
         */
        public Builder telemetryLoss(TelemetryLoss l) {
            this.loss = Objects.requireNonNull(l, "telemetryLoss");
            return this;
        }

        /** The adapter; its host functions are made once and shared by all guest instances. */
        public WasiOtel build() {
            return new WasiOtel(this);
        }
    }
}
