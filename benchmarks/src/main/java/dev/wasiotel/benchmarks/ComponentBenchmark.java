package dev.wasiotel.benchmarks;

import dev.wasiotel.benchmarks.bindings.wasi.otel.tracing.SpanContext;
import dev.wasiotel.benchmarks.bindings.wasi.otel.tracing.SpanData;
import dev.wasiotel.benchmarks.bindings.wasi.otel.tracing.TraceFlags;
import dev.wasiotel.benchmarks.bindings.wasi.otel.tracing.Tracing;
import dev.wasiotel.benchmarks.bindings.wasi.otel.tracing.TracingHost;
import dev.wasiotel.host.component.Component;
import dev.wasiotel.host.component.ComponentHost;
import dev.wasiotel.host.component.ComponentInstance;
import dev.wasiotel.host.component.PreparedComponent;
import dev.wasiotel.otel.WasiOtel;
import dev.wasiotel.wit.runtime.calls.CallFilter;
import dev.wasiotel.wit.runtime.chicory.ExecutionMode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Instantiating a component and calling its export once ({@link #instantiateAndCall}), the same
 * from a component linked once ({@link #preparedInstantiateAndCall}), and the call alone ({@link
 * #call}), in Chicory's interpreter and with its run-time compiler. The component is loaded (decoded, core modules parsed) once per trial; each
 * operation instantiates it anew and calls {@code export} with the string {@code "bench"}: the
 * default is the component module's WAT fixture {@code otel.wasm}, whose {@code run} calls wasi:otel's
 * {@code current-span-context}, {@code on-start} and {@code on-end} (served by generated bindings
 * over a host that only counts) and returns a string.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ComponentBenchmark -f 1 -wi 3 -i 5
 * java -jar benchmarks/target/benchmarks.jar 'ComponentBenchmark.call$' -p mode=INTERPRETER   # tracing off vs on
 * </pre>
 *
 * (run from the repository root, or pass {@code -p component=/path/to/guest.wasm -p
 * export=iface#func} for another component whose export takes one string and imports only
 * wasi:otel/tracing).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ComponentBenchmark {

    /** The component file. */
    @Param("component/src/test/resources/components/otel.wasm")
    public String component;

    /** The export to call with one string argument. */
    @Param("test:otel-guest/api#run")
    public String export;

    /** How core code runs. */
    @Param({"INTERPRETER", "COMPILER"})
    public ExecutionMode mode;

    /**
     * Call tracing: {@code off} (no tracer: what every host runs unless asked), or {@code on}
     * ({@code traceCalls} with {@code CallSpans} over a real SDK whose span processor and metric
     * reader keep nothing): the export and its three imports are four traced calls per operation.
     */
    @Param({"off", "on"})
    public String traceCalls;

    private Component loaded;
    private ComponentHost host;
    private ComponentInstance instantiated;
    private PreparedComponent prepared;
    private OpenTelemetrySdk sdk;

    /** Counts what the guest sends; keeps nothing (also used by {@link TracedCallCpu}). */
    static final class CountingTracing implements Tracing {
        long calls;

        @Override
        public void onStart(SpanContext context) {
            calls++;
        }

        @Override
        public void onEnd(SpanData span) {
            calls += span.attributes().size();
        }

        @Override
        public SpanContext currentSpanContext() {
            return new SpanContext("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
                    EnumSet.of(TraceFlags.SAMPLED), false, List.of());
        }
    }

    /** Loads the component and builds the host. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path path = Paths.get(component);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("no component at " + path.toAbsolutePath()
                    + " (run from the repository root, or set -p component=...)");
        }
        loaded = Component.load(Files.readAllBytes(path));
        CountingTracing tracing = new CountingTracing();
        ComponentHost.Builder builder = ComponentHost.builder()
                .provide("wasi:otel/tracing@0.2.0-rc.2", enc -> TracingHost.functions(tracing, enc))
                .executionMode(mode);
        if (traceCalls.equals("on")) {
            sdk = OpenTelemetrySdk.builder()
                    .setTracerProvider(SdkTracerProvider.builder()
                            .addSpanProcessor(SimpleSpanProcessor.create(new CountingSpanExporter())).build())
                    .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(new IdleReader()).build())
                    .build();
            builder.traceCalls(WasiOtel.builder(sdk).build().callSpans(CallFilter.all(), e -> false));
        }
        host = builder.build();
        instantiated = host.instantiate(loaded);
        prepared = host.prepare(loaded);
    }

    /** Closes the SDK of {@code traceCalls=on}. */
    @TearDown(Level.Trial)
    public void tearDown() {
        if (sdk != null) {
            sdk.close();
        }
    }

    /** A registered reader that never collects: the instruments record as they do for a real one. */
    static final class IdleReader implements MetricReader {
        @Override
        public void register(CollectionRegistration registration) {
        }

        @Override
        public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
            return AggregationTemporality.CUMULATIVE;
        }

        @Override
        public CompletableResultCode forceFlush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    /** Instantiates the component and calls its export once. */
    @Benchmark
    public Object instantiateAndCall() {
        ComponentInstance instance = host.instantiate(loaded);
        return instance.invoke(export, List.of("bench"));
    }

    /**
     * Instantiates the component {@linkplain ComponentHost#prepare prepared} in the setup (linked
     * once) and calls its export once: what a server does per request.
     */
    @Benchmark
    public Object preparedInstantiateAndCall() {
        ComponentInstance instance = prepared.instantiate();
        return instance.invoke(export, List.of("bench"));
    }

    /** Calls the export once on an instance made in the setup (the guest's bump allocator grows). */
    @Benchmark
    public Object call() {
        return instantiated.invoke(export, List.of("bench"));
    }
}
