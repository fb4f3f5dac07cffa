package dev.wasiotel.benchmarks;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The work no lift of a {@code span-data} can avoid, written with plain JDK code and no checks:
 * the span's bytes copied out of guest memory into a {@code byte[]}, read little-endian through a
 * {@link ByteBuffer}, every string decoded from UTF-8 into a {@link String}, every list built as an
 * {@link ArrayList} and every record as a plain Java record. It trusts the bytes (no bounds,
 * alignment, budget or UTF-8 validity checks, no immutable copies), so it is the floor the
 * generated lift is measured against in {@link SpanDataLiftBenchmark}.
 */
final class PlainSpanDataReader {
    record KeyValue(String key, String value) {
    }

    record Datetime(long seconds, long nanoseconds) {
    }

    record TraceStateEntry(String key, String value) {
    }

    record SpanContext(String traceId, String spanId, int traceFlags, boolean isRemote,
            List<TraceStateEntry> traceState) {
    }

    record Event(String name, Datetime time, List<KeyValue> attributes) {
    }

    record Link(SpanContext spanContext, List<KeyValue> attributes) {
    }

    record Status(int code, String message) {
    }

    record InstrumentationScope(String name, Optional<String> version, Optional<String> schemaUrl,
            List<KeyValue> attributes) {
    }

    record SpanData(SpanContext spanContext, String parentSpanId, int spanKind, String name, Datetime startTime,
            Datetime endTime, List<KeyValue> attributes, List<Event> events, List<Link> links, Status status,
            InstrumentationScope instrumentationScope, long droppedAttributes, long droppedEvents,
            long droppedLinks) {
    }

    private final byte[] bytes;
    private final ByteBuffer buffer;
    /** The guest address of {@code bytes[0]}: guest pointers minus this are offsets into the copy. */
    private final int base;

    /** A reader of the copy {@code bytes} of guest memory starting at guest address {@code base}. */
    PlainSpanDataReader(byte[] bytes, int base) {
        this.bytes = bytes;
        this.buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        this.base = base;
    }

    /** The {@code span-data} at guest address {@code ptr}. */
    SpanData spanData(int ptr) {
        int o = ptr - base;
        return new SpanData(spanContext(o), string(o + 28), bytes[o + 36], string(o + 40), datetime(o + 48),
                datetime(o + 64), keyValues(o + 80), events(o + 88), links(o + 96), status(o + 104),
                scope(o + 116), u32(o + 156), u32(o + 160), u32(o + 164));
    }

    private SpanContext spanContext(int o) {
        int n = buffer.getInt(o + 24);
        int p = buffer.getInt(o + 20) - base;
        List<TraceStateEntry> state = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            state.add(new TraceStateEntry(string(p + 16 * k), string(p + 16 * k + 8)));
        }
        return new SpanContext(string(o), string(o + 8), bytes[o + 16] & 0xff, bytes[o + 17] != 0, state);
    }

    private List<KeyValue> keyValues(int o) {
        int n = buffer.getInt(o + 4);
        int p = buffer.getInt(o) - base;
        List<KeyValue> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            out.add(new KeyValue(string(p + 16 * k), string(p + 16 * k + 8)));
        }
        return out;
    }

    private List<Event> events(int o) {
        int n = buffer.getInt(o + 4);
        int p = buffer.getInt(o) - base;
        List<Event> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            int e = p + 32 * k;
            out.add(new Event(string(e), datetime(e + 8), keyValues(e + 24)));
        }
        return out;
    }

    private List<Link> links(int o) {
        int n = buffer.getInt(o + 4);
        int p = buffer.getInt(o) - base;
        List<Link> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            int l = p + 36 * k;
            out.add(new Link(spanContext(l), keyValues(l + 28)));
        }
        return out;
    }

    private Status status(int o) {
        int code = bytes[o];
        return new Status(code, code == 2 ? string(o + 4) : null);
    }

    private InstrumentationScope scope(int o) {
        return new InstrumentationScope(string(o), optionalString(o + 8), optionalString(o + 20),
                keyValues(o + 32));
    }

    private Optional<String> optionalString(int o) {
        return bytes[o] == 0 ? Optional.empty() : Optional.of(string(o + 4));
    }

    private Datetime datetime(int o) {
        return new Datetime(buffer.getLong(o), u32(o + 8));
    }

    private long u32(int o) {
        return buffer.getInt(o) & 0xffffffffL;
    }

    private String string(int o) {
        return new String(bytes, buffer.getInt(o) - base, buffer.getInt(o + 4), StandardCharsets.UTF_8);
    }
}
