package dev.wasiotel.benchmarks;

import dev.wasiotel.benchmarks.bindings.wasi.clocks.wall_clock.Datetime;
import dev.wasiotel.benchmarks.bindings.wasi.otel.imports.ImportsCanon;
import dev.wasiotel.benchmarks.bindings.wasi.otel.tracing.Event;
import dev.wasiotel.benchmarks.bindings.wasi.otel.tracing.Link;
import dev.wasiotel.benchmarks.bindings.wasi.otel.tracing.SpanContext;
import dev.wasiotel.benchmarks.bindings.wasi.otel.tracing.SpanData;
import dev.wasiotel.benchmarks.bindings.wasi.otel.tracing.SpanKind;
import dev.wasiotel.benchmarks.bindings.wasi.otel.tracing.Status;
import dev.wasiotel.benchmarks.bindings.wasi.otel.tracing.TraceFlags;
import dev.wasiotel.benchmarks.bindings.wasi.otel.types.InstrumentationScope;
import dev.wasiotel.benchmarks.bindings.wasi.otel.types.KeyValue;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.runtime.ByteArrayMemory;
import dev.wasiotel.wit.runtime.CallContext;
import dev.wasiotel.wit.runtime.GuestMemory;
import dev.wasiotel.wit.runtime.Realloc;
import dev.wasiotel.wit.runtime.ResourceTable;
import dev.wasiotel.wit.runtime.chicory.ChicoryHost;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Lifting a realistic wasi:otel {@code span-data} (20 attributes, 3 events with 2 attributes each,
 * 1 link with 2 attributes) out of guest memory with the generated code, against two baselines in
 * the same run: {@code plainJdkBaseline}, the work no lift can avoid (copying the same bytes, then
 * building the same strings, lists and records with plain JDK code, see {@link
 * PlainSpanDataReader}), and {@code copyBytesBaseline}, the bulk copy alone. {@code liftSpanData /
 * plainJdkBaseline} is what the checks and the generated code cost. {@code memory} is a plain byte
 * array or a real Chicory instance's memory.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar SpanDataLiftBenchmark -f 1 -wi 3 -i 5
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SpanDataLiftBenchmark {
    /** A module that only exports 16 pages of memory, hand-assembled. */
    private static final byte[] MEMORY_MODULE = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
        0x05, 0x03, 0x01, 0x00, 0x10,
        0x07, 0x0a, 0x01, 0x06, 'm', 'e', 'm', 'o', 'r', 'y', 0x02, 0x00};

    @Param({"array", "chicory"})
    String memory;

    private CallContext cx;
    private Realloc realloc;
    private ResourceTable resources;
    private GuestMemory guestMemory;
    private int ptr;
    private int start;
    private byte[] copy;

    @Setup
    public void setup() {
        guestMemory = memory.equals("array") ? new ByteArrayMemory(1 << 20)
                : ChicoryHost.builder().build().instantiate(MEMORY_MODULE).context().memory();
        int[] next = {16};
        Realloc bump = (oldPtr, oldSize, align, size) -> {
            int p = (next[0] + align - 1) / align * align;
            next[0] = p + size;
            return p;
        };
        realloc = bump;
        resources = new ResourceTable();
        cx = new CallContext(guestMemory, bump, StringEncoding.UTF8, resources);
        start = next[0];
        ptr = bump.realloc(0, 0, 8, 168);
        ImportsCanon.storeSpanData(cx, ptr, realisticSpan());
        copy = new byte[next[0] - start];
        SpanData back = ImportsCanon.loadSpanData(cx, ptr);
        if (back.attributes().size() != 20 || back.events().size() != 3 || back.links().size() != 1) {
            throw new IllegalStateException("the span did not round-trip: " + back);
        }
        checkSameAsLift(back, plainJdkBaseline());
    }

    /**
     * Lifts the whole span with the generated code, in a call context of its own as every host
     * call has (its lift budget, issue 11, is per call: one shared context would run out).
     */
    @Benchmark
    public SpanData liftSpanData() {
        try (CallContext call = new CallContext(guestMemory, realloc, StringEncoding.UTF8, resources)) {
            return ImportsCanon.loadSpanData(call, ptr);
        }
    }

    /** Copies the span's bytes (the value and everything it points to) out of memory. */
    @Benchmark
    public byte[] copyBytesBaseline() {
        guestMemory.readBytes(start, copy, 0, copy.length);
        return copy;
    }

    /**
     * The unavoidable work with plain JDK code: the same bytes copied out of memory, read
     * little-endian, the same strings decoded from UTF-8, the same lists and records built - without
     * any check. {@code liftSpanData / plainJdkBaseline} is what the checked, generated lift costs
     * over the floor.
     */
    @Benchmark
    public PlainSpanDataReader.SpanData plainJdkBaseline() {
        guestMemory.readBytes(start, copy, 0, copy.length);
        return new PlainSpanDataReader(copy, start).spanData(ptr);
    }

    /** Refuses to measure a baseline that does not build what the lift builds. */
    private static void checkSameAsLift(SpanData lifted, PlainSpanDataReader.SpanData plain) {
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        a.add(lifted.spanContext().traceId() + lifted.spanContext().spanId() + lifted.parentSpanId() + lifted.name()
                + lifted.spanKind().ordinal() + lifted.startTime().seconds() + lifted.endTime().nanoseconds()
                + lifted.instrumentationScope().name() + lifted.instrumentationScope().version());
        b.add(plain.spanContext().traceId() + plain.spanContext().spanId() + plain.parentSpanId() + plain.name()
                + plain.spanKind() + plain.startTime().seconds() + plain.endTime().nanoseconds()
                + plain.instrumentationScope().name() + plain.instrumentationScope().version());
        lifted.attributes().forEach(kv -> a.add(kv.key() + "=" + kv.value()));
        plain.attributes().forEach(kv -> b.add(kv.key() + "=" + kv.value()));
        lifted.events().forEach(e -> a.add(e.name() + e.time().seconds() + e.attributes().get(1).value()));
        plain.events().forEach(e -> b.add(e.name() + e.time().seconds() + e.attributes().get(1).value()));
        lifted.links().forEach(l -> a.add(l.spanContext().traceId() + l.spanContext().isRemote()
                + l.attributes().get(0).value()));
        plain.links().forEach(l -> b.add(l.spanContext().traceId() + l.spanContext().isRemote()
                + l.attributes().get(0).value()));
        if (!a.equals(b)) {
            throw new IllegalStateException("the plain baseline reads another span:\n" + a + "\n" + b);
        }
    }

    static SpanData realisticSpan() {
        SpanContext context = new SpanContext("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
                EnumSet.of(TraceFlags.SAMPLED), false, List.of());
        List<KeyValue> attributes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            attributes.add(new KeyValue("http.attribute." + i, "\"value number " + i + " of the span\""));
        }
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            events.add(new Event("event-" + i, new Datetime(1_700_000_000L + i, 500), List.of(
                    new KeyValue("event.key", "\"a\""), new KeyValue("event.count", String.valueOf(i)))));
        }
        Link link = new Link(new SpanContext("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
                EnumSet.noneOf(TraceFlags.class), true, List.of()),
                List.of(new KeyValue("link.kind", "\"follows\""), new KeyValue("link.n", "1")));
        return new SpanData(context, "53995c3f42cd8ad8", SpanKind.SERVER, "GET /api/orders/{id}",
                new Datetime(1_700_000_000L, 1), new Datetime(1_700_000_001L, 2), attributes, events, List.of(link),
                new Status.Ok(), new InstrumentationScope("checkout-service", Optional.of("1.4.2"),
                        Optional.empty(), List.of()), 0, 0, 0);
    }
}
