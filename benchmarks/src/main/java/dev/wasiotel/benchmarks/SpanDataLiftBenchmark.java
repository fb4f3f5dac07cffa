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
 * 1 link with 2 attributes) out of guest memory with the generated code, against the baseline of
 * copying the same bytes out of the same memory: the ratio is what lifting costs over the copy it
 * cannot avoid. {@code memory} is a plain byte array or a real Chicory instance's memory.
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
        cx = new CallContext(guestMemory, bump, StringEncoding.UTF8, new ResourceTable());
        start = next[0];
        ptr = bump.realloc(0, 0, 8, 168);
        ImportsCanon.storeSpanData(cx, ptr, realisticSpan());
        copy = new byte[next[0] - start];
        SpanData back = ImportsCanon.loadSpanData(cx, ptr);
        if (back.attributes().size() != 20 || back.events().size() != 3 || back.links().size() != 1) {
            throw new IllegalStateException("the span did not round-trip: " + back);
        }
    }

    /** Lifts the whole span with the generated code. */
    @Benchmark
    public SpanData liftSpanData() {
        return ImportsCanon.loadSpanData(cx, ptr);
    }

    /** Copies the span's bytes (the value and everything it points to) out of memory. */
    @Benchmark
    public byte[] copyBytesBaseline() {
        guestMemory.readBytes(start, copy, 0, copy.length);
        return copy;
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
