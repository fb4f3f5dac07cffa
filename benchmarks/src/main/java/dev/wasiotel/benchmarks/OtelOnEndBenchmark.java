package dev.wasiotel.benchmarks;

import com.dylibso.chicory.wabt.Wat2Wasm;
import dev.wasiotel.otel.WasiOtel;
import dev.wasiotel.otel.bindings.wasi.clocks.wall_clock.Datetime;
import dev.wasiotel.otel.bindings.wasi.otel.imports.ImportsCanon;
import dev.wasiotel.otel.bindings.wasi.otel.tracing.Event;
import dev.wasiotel.otel.bindings.wasi.otel.tracing.Link;
import dev.wasiotel.otel.bindings.wasi.otel.tracing.SpanContext;
import dev.wasiotel.otel.bindings.wasi.otel.tracing.SpanData;
import dev.wasiotel.otel.bindings.wasi.otel.tracing.SpanKind;
import dev.wasiotel.otel.bindings.wasi.otel.tracing.Status;
import dev.wasiotel.otel.bindings.wasi.otel.tracing.TraceFlags;
import dev.wasiotel.otel.bindings.wasi.otel.types.InstrumentationScope;
import dev.wasiotel.otel.bindings.wasi.otel.types.KeyValue;
import dev.wasiotel.wit.runtime.CallContext;
import dev.wasiotel.wit.runtime.CoreFunction;
import dev.wasiotel.wit.runtime.GuestMemory;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import dev.wasiotel.wit.runtime.GuestInstance;
import dev.wasiotel.wit.runtime.Realloc;
import dev.wasiotel.wit.runtime.ResourceTable;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.runtime.chicory.ChicoryHost;
import dev.wasiotel.wit.runtime.chicory.ExecutionMode;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * A realistic span (10 attributes, an event, a link, an error status) from a real guest through the
 * adapter to the SDK's span exporter — the guest's {@code on-start} then {@code on-end}, both
 * through a Chicory instance calling the imports, the span data lifted from guest memory, JSON
 * values decoded, handed to a {@link SimpleSpanProcessor} — against creating and ending the same
 * span with the Java SDK directly, into the same kind of processor and exporter. Their ratio is the
 * price of a guest span over a native one. The guest path needs ~20 s to warm up (the first
 * 2-second iterations are 3-4 times slower), hence the long warm-up.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar OtelOnEndBenchmark -f 1 -wi 5 -w 5 -i 10 -r 5
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 5, time = 5)
@Measurement(iterations = 10, time = 5)
public class OtelOnEndBenchmark {
    private static final String TRACING = "wasi:otel/tracing@0.2.0-rc.2";
    private static final String WAT = "(module\n"
            + "  (import \"" + TRACING + "\" \"on-start\" (func $start (param i32 i32 i32 i32 i32 i32 i32 i32)))\n"
            + "  (import \"" + TRACING + "\" \"on-end\" (func $end (param i32)))\n"
            + "  (memory (export \"memory\") 16)\n"
            + "  (global $next (mut i32) (i32.const 1024))\n"
            + "  (func (export \"cabi_realloc\") (param i32 i32 i32 i32) (result i32) (local $p i32)\n"
            + "    (local.set $p (i32.and (i32.add (global.get $next) (i32.sub (local.get 2) (i32.const 1)))\n"
            + "                           (i32.sub (i32.const 0) (local.get 2))))\n"
            + "    (global.set $next (i32.add (local.get $p) (local.get 3)))\n"
            + "    (local.get $p))\n"
            // the guest's span lifecycle: on-start with the context at $c, on-end with the span at $s
            + "  (func (export \"span\") (param $c i32) (param $s i32)\n"
            + "    (call $start (i32.load (local.get $c)) (i32.load offset=4 (local.get $c))\n"
            + "      (i32.load offset=8 (local.get $c)) (i32.load offset=12 (local.get $c))\n"
            + "      (i32.load8_u offset=16 (local.get $c)) (i32.load8_u offset=17 (local.get $c))\n"
            + "      (i32.load offset=20 (local.get $c)) (i32.load offset=24 (local.get $c)))\n"
            + "    (call $end (local.get $s))))";

    private static final long START = 1_700_000_000_000_000_000L;

    /** How Chicory runs the guest's code: its interpreter or its run-time compiler. */
    @Param({"INTERPRETER", "COMPILER"})
    public String mode;

    private GuestInstance guest;
    private GuestInstance engineOnlyGuest;
    private GuestInstance floorGuest;
    private CoreFunction onStart;
    private CoreFunction onEnd;
    private long[] onStartArgs;
    private long contextPtr;
    private long spanPtr;
    private Tracer tracer;
    private SdkTracerProvider provider;
    private io.opentelemetry.api.trace.SpanContext linked;
    private Context parent;
    private GuestMemory memory;
    private int spanStart;
    private byte[] spanCopy;
    private FloorSpanAdapter floor;
    private CountingSpanExporter floorExporter;

    @Setup
    public void setup() {
        CountingSpanExporter guestExporter = new CountingSpanExporter();
        SpanProcessor guestProcessor = SimpleSpanProcessor.create(guestExporter);
        WasiOtel otel = WasiOtel.builder(OpenTelemetry.noop()).addSpanProcessor(guestProcessor).build();
        guest = ChicoryHost.builder().executionMode(ExecutionMode.valueOf(mode)).addAll(otel.functions()).build().instantiate(Wat2Wasm.parse(WAT));
        SpanContext ctx = new SpanContext("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
                EnumSet.of(TraceFlags.SAMPLED), false, List.of());
        List<KeyValue> attributes = new ArrayList<>();
        attributes.add(new KeyValue("http.request.method", "\"GET\""));
        attributes.add(new KeyValue("url.path", "\"/api/items/42\""));
        attributes.add(new KeyValue("url.scheme", "\"https\""));
        attributes.add(new KeyValue("server.address", "\"example.com\""));
        attributes.add(new KeyValue("server.port", "443"));
        attributes.add(new KeyValue("http.response.status_code", "200"));
        attributes.add(new KeyValue("http.route", "\"/api/items/{id}\""));
        attributes.add(new KeyValue("user_agent.original", "\"guest/1.0\""));
        attributes.add(new KeyValue("network.protocol.version", "\"1.1\""));
        attributes.add(new KeyValue("cache.hit", "false"));
        SpanData span = new SpanData(ctx, "1234567890abcdef", SpanKind.SERVER, "GET /api/items/{id}",
                new Datetime(1_700_000_000L, 0), new Datetime(1_700_000_000L, 2_000_000), attributes,
                List.of(new Event("db.query", new Datetime(1_700_000_000L, 1_000_000),
                        List.of(new KeyValue("db.rows", "3")))),
                List.of(new Link(new SpanContext("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
                        EnumSet.of(TraceFlags.SAMPLED), true, List.of()), List.of(new KeyValue("link.kind", "\"follows\"")))),
                new Status.Error("not found"),
                new InstrumentationScope("guest-http", Optional.of("1.0.0"), Optional.empty(), List.of()), 0, 0, 0);
        // the guest's allocator, noting where the span's bytes end (for the plain-JDK floor)
        Realloc guestRealloc = guest.context().realloc();
        int[] end = {0};
        Realloc tracking = (oldPtr, oldSize, align, size) -> {
            int p = guestRealloc.realloc(oldPtr, oldSize, align, size);
            end[0] = Math.max(end[0], p + size);
            return p;
        };
        try (CallContext cx = new CallContext(guest.context().memory(), tracking, StringEncoding.UTF8, new ResourceTable())) {
            int c = cx.realloc().realloc(0, 0, ImportsCanon.SPAN_CONTEXT_ALIGN, ImportsCanon.SPAN_CONTEXT_SIZE);
            ImportsCanon.storeSpanContext(cx, c, ctx);
            int s = cx.realloc().realloc(0, 0, ImportsCanon.SPAN_DATA_ALIGN, ImportsCanon.SPAN_DATA_SIZE);
            ImportsCanon.storeSpanData(cx, s, span);
            contextPtr = c;
            spanPtr = s;
            GuestMemory m = cx.memory();
            memory = m;
            spanStart = s;
            spanCopy = new byte[end[0] - s];
            onStartArgs = new long[] {m.readInt(c), m.readInt(c + 4), m.readInt(c + 8), m.readInt(c + 12),
                m.readByte(c + 16) & 0xff, m.readByte(c + 17) & 0xff, m.readInt(c + 20), m.readInt(c + 24)};
        }
        for (HostFunctionDef d : otel.functions()) {
            if (d.module().equals(TRACING) && d.name().equals("on-start")) {
                onStart = d.body();
            } else if (d.module().equals(TRACING) && d.name().equals("on-end")) {
                onEnd = d.body();
            }
        }

        // the same Wasm code calling two imports of the same signatures that do nothing
        List<HostFunctionDef> noop = new ArrayList<>();
        for (HostFunctionDef d : otel.functions()) {
            if (d.module().equals(TRACING)) {
                noop.add(d.withBody((context, args) -> NONE));
            }
        }
        engineOnlyGuest = ChicoryHost.builder().executionMode(ExecutionMode.valueOf(mode)).addAll(noop).build()
                .instantiate(Wat2Wasm.parse(WAT));
        // the same Wasm code calling imports whose bodies are the floor adapter (on the first guest's
        // memory, where the span is: this instance's arguments point into memory it never wrote)
        List<HostFunctionDef> floorImports = new ArrayList<>();
        for (HostFunctionDef d : otel.functions()) {
            if (d.module().equals(TRACING) && d.name().equals("on-start")) {
                floorImports.add(d.withBody((context, args) -> {
                    floor.onStart(onStartArgs);
                    return NONE;
                }));
            } else if (d.module().equals(TRACING) && d.name().equals("on-end")) {
                floorImports.add(d.withBody((context, args) -> {
                    floor.onEnd((int) spanPtr);
                    return NONE;
                }));
            } else if (d.module().equals(TRACING)) {
                floorImports.add(d);
            }
        }
        floorGuest = ChicoryHost.builder().executionMode(ExecutionMode.valueOf(mode)).addAll(floorImports).build()
                .instantiate(Wat2Wasm.parse(WAT));

        provider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(new CountingSpanExporter())).build();
        tracer = provider.get("guest-http", "1.0.0");
        linked = io.opentelemetry.api.trace.SpanContext.createFromRemoteParent("0af7651916cd43dd8448eb211c80319c",
                "b7ad6b7169203331", io.opentelemetry.api.trace.TraceFlags.getSampled(),
                io.opentelemetry.api.trace.TraceState.getDefault());
        // the guest span's parent: same trace id and parent span id, as a host's context would carry it
        parent = Context.root().with(Span.wrap(io.opentelemetry.api.trace.SpanContext.create(
                "4bf92f3577b34da6a3ce929d0e0e4736", "1234567890abcdef", io.opentelemetry.api.trace.TraceFlags.getSampled(),
                io.opentelemetry.api.trace.TraceState.getDefault())));
        floorExporter = new CountingSpanExporter();
        floor = new FloorSpanAdapter(memory, spanStart, spanCopy.length, SimpleSpanProcessor.create(floorExporter));
        floorGuestSpan();
        if (floorExporter.count() != 1) {
            throw new IllegalStateException("the floor guest span exported " + floorExporter.count() + " spans");
        }
        floorAdapter();
        guestSpan();
        io.opentelemetry.sdk.trace.data.SpanData g = guestExporter.last();
        io.opentelemetry.sdk.trace.data.SpanData f = floorExporter.last();
        if (f == null || g == null || !f.getAttributes().equals(g.getAttributes()) || !f.getName().equals(g.getName())
                || !f.getSpanContext().equals(g.getSpanContext()) || f.getKind() != g.getKind()
                || !f.getParentSpanContext().equals(g.getParentSpanContext()) || !f.getStatus().equals(g.getStatus())
                || f.getEndEpochNanos() != g.getEndEpochNanos() || !f.getEvents().equals(g.getEvents())
                || !f.getLinks().equals(g.getLinks()) || !f.getInstrumentationScopeInfo().equals(g.getInstrumentationScopeInfo())) {
            throw new IllegalStateException("the floor adapter exported another span than the guest path: " + f + " vs " + g);
        }
        PlainSpanDataReader.SpanData plain = plainLift();
        if (plain.attributes().size() != 10 || !plain.name().equals("GET /api/items/{id}")) {
            throw new IllegalStateException("the plain reader read another span: " + plain);
        }
    }

    private static final long[] NONE = new long[0];

    @TearDown
    public void tearDown() {
        provider.close();
    }

    /** The guest's on-start + on-end through Chicory and the adapter to the exporter. */
    @Benchmark
    public void guestSpan() {
        guest.call("span", contextPtr, spanPtr);
    }

    /**
     * The same two host functions called directly on the guest's memory, without running guest
     * code: what the adapter costs without the Wasm interpreter.
     */
    @Benchmark
    public void adapterOnly() {
        onStart.call(guest.context(), onStartArgs);
        onEnd.call(guest.context(), new long[] {spanPtr});
    }

    /**
     * The engine's share: the same Wasm function calling two imports of the same signatures whose
     * bodies do nothing (no lift, no adapter, no SDK).
     */
    @Benchmark
    public void engineOnly() {
        engineOnlyGuest.call("span", contextPtr, spanPtr);
    }

    /**
     * The floor of any adapter ({@link FloorSpanAdapter}): the same on-start and on-end on the
     * guest's memory with plain unchecked JDK code straight to the SDK's span data, handed to the
     * same kind of processor. With {@link #engineOnly} it bounds what a guest span could cost.
     */
    @Benchmark
    public void floorAdapter() {
        floor.onStart(onStartArgs);
        floor.onEnd((int) spanPtr);
    }

    /**
     * The floor of a guest span on this engine: {@link #engineOnly}'s Wasm calling imports whose
     * bodies are {@link #floorAdapter}'s.
     */
    @Benchmark
    public void floorGuestSpan() {
        floorGuest.call("span", contextPtr, spanPtr);
    }

    /**
     * The generated lift of the span alone (what {@code on-end} does before the adapter sees the
     * span): checked, budgeted, into the generated records.
     */
    @Benchmark
    public SpanData generatedLift() {
        try (CallContext cx = CallContext.of(guest.context(), StringEncoding.UTF8)) {
            return ImportsCanon.loadSpanData(cx, (int) spanPtr);
        }
    }

    /**
     * The plain-JDK floor of lifting this span ({@link PlainSpanDataReader}: its bytes copied out of
     * guest memory, the same strings, lists and records built without any check).
     */
    @Benchmark
    public PlainSpanDataReader.SpanData plainLift() {
        memory.readBytes(spanStart, spanCopy, 0, spanCopy.length);
        return new PlainSpanDataReader(spanCopy, spanStart).spanData((int) spanPtr);
    }

    /**
     * The same span made by the Java SDK directly, to the same kind of exporter: the same name, kind,
     * times, attributes, event, link (its attributes built per span, as the guest's are lifted per
     * span) and status, under a parent with the guest span's trace id and parent span id (the SDK
     * makes the span id; the guest brings its own).
     */
    @Benchmark
    public void sdkSpan() {
        Span s = tracer.spanBuilder("GET /api/items/{id}")
                .setParent(parent)
                .setSpanKind(io.opentelemetry.api.trace.SpanKind.SERVER)
                .setStartTimestamp(START, TimeUnit.NANOSECONDS)
                .setAttribute("http.request.method", "GET")
                .setAttribute("url.path", "/api/items/42")
                .setAttribute("url.scheme", "https")
                .setAttribute("server.address", "example.com")
                .setAttribute("server.port", 443L)
                .setAttribute("http.response.status_code", 200L)
                .setAttribute("http.route", "/api/items/{id}")
                .setAttribute("user_agent.original", "guest/1.0")
                .setAttribute("network.protocol.version", "1.1")
                .setAttribute("cache.hit", false)
                .addLink(linked, Attributes.of(AttributeKey.stringKey("link.kind"), "follows"))
                .startSpan();
        s.addEvent("db.query", Attributes.of(AttributeKey.longKey("db.rows"), 3L), START + 1_000_000, TimeUnit.NANOSECONDS);
        s.setStatus(StatusCode.ERROR, "not found");
        s.end(START + 2_000_000, TimeUnit.NANOSECONDS);
    }
}
