package dev.wasiotel.benchmarks;

import dev.wasiotel.wit.runtime.GuestMemory;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A yardstick, not product code: the cheapest conceivable host side of a guest span, written with
 * plain JDK code that trusts the guest. {@code on-start} reads the two ids of the flat span context
 * and pushes the SDK's span context; {@code on-end} copies the span's bytes out of guest memory in
 * one read, builds the SDK's span data straight from them (no intermediate WIT records; JSON
 * scalars decoded by their first character; no bounds, budget, UTF-8, id or limit checks, no
 * repairs, no diagnostics) and hands it to the span processor. Against the SDK's own span this is
 * the floor of any adapter's cost; with the engine-only cost it is the floor of a guest span.
 */
final class FloorSpanAdapter {
    /** The WIT span kinds in their order (client, server, producer, consumer, internal). */
    private static final SpanKind[] KINDS = {SpanKind.CLIENT, SpanKind.SERVER, SpanKind.PRODUCER, SpanKind.CONSUMER,
        SpanKind.INTERNAL};

    private final GuestMemory memory;
    private final SpanProcessor processor;
    private final Resource resource = Resource.getDefault();
    private final ArrayDeque<SpanContext> open = new ArrayDeque<>();
    private final byte[] bytes;
    private final ByteBuffer buffer;
    /** The guest address of {@code bytes[0]}. */
    private final int base;
    private String lastScopeName;
    private String lastScopeVersion;
    private InstrumentationScopeInfo lastScope;

    /**
     * @param memory the guest's memory
     * @param spanStart where the span's bytes start (its record; everything it points to follows)
     * @param spanLength how many bytes they take
     * @param processor where ended spans go
     */
    FloorSpanAdapter(GuestMemory memory, int spanStart, int spanLength, SpanProcessor processor) {
        this.memory = memory;
        this.processor = processor;
        this.bytes = new byte[spanLength];
        this.buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        this.base = spanStart;
    }

    /** {@code on-start} with the 8 flat values of a span context. */
    void onStart(long[] a) {
        String trace = direct((int) a[0], (int) a[1]);
        String span = direct((int) a[2], (int) a[3]);
        TraceFlags flags = (a[4] & 1) != 0 ? TraceFlags.getSampled() : TraceFlags.getDefault();
        open.push(a[5] != 0 ? SpanContext.createFromRemoteParent(trace, span, flags, TraceState.getDefault())
                : SpanContext.create(trace, span, flags, TraceState.getDefault()));
    }

    /** {@code on-end} of the span data at {@code ptr}. */
    void onEnd(int ptr) {
        memory.readBytes(base, bytes, 0, bytes.length);
        int o = ptr - base;
        SpanContext ctx = open.pop();
        if (!ctx.getSpanId().equals(string(o + 8)) || !ctx.getTraceId().equals(string(o))) {
            throw new IllegalStateException("the floor handles only spans ending innermost first");
        }
        String parentId = string(o + 28);
        SpanContext parent = SpanContext.create(ctx.getTraceId(), parentId, ctx.getTraceFlags(), TraceState.getDefault());
        SpanKind kind = KINDS[bytes[o + 36]];
        String name = string(o + 40);
        long start = nanos(o + 48);
        long end = nanos(o + 64);
        Attributes attributes = attributes(o + 80);
        int n = buffer.getInt(o + 92);
        int p = buffer.getInt(o + 88) - base;
        List<EventData> events = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            int e = p + 32 * k;
            Attributes a = attributes(e + 24);
            events.add(EventData.create(nanos(e + 8), string(e), a, a.size()));
        }
        n = buffer.getInt(o + 100);
        p = buffer.getInt(o + 96) - base;
        List<LinkData> links = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            int l = p + 36 * k;
            TraceFlags flags = (bytes[l + 16] & 1) != 0 ? TraceFlags.getSampled() : TraceFlags.getDefault();
            SpanContext lc = bytes[l + 17] != 0
                    ? SpanContext.createFromRemoteParent(string(l), string(l + 8), flags, TraceState.getDefault())
                    : SpanContext.create(string(l), string(l + 8), flags, TraceState.getDefault());
            Attributes a = attributes(l + 28);
            links.add(LinkData.create(lc, a, a.size()));
        }
        int code = bytes[o + 104];
        StatusData status = code == 0 ? StatusData.unset() : code == 1 ? StatusData.ok()
                : StatusData.create(StatusCode.ERROR, string(o + 108));
        processor.onEnd(new Span(ctx, parent, resource, scope(o + 116), name, kind, start, end, attributes, events,
                links, status));
    }

    private InstrumentationScopeInfo scope(int o) {
        String name = string(o);
        String version = bytes[o + 8] == 0 ? null : string(o + 12);
        if (!name.equals(lastScopeName) || !java.util.Objects.equals(version, lastScopeVersion)) {
            lastScopeName = name;
            lastScopeVersion = version;
            lastScope = version == null ? InstrumentationScopeInfo.create(name)
                    : InstrumentationScopeInfo.builder(name).setVersion(version).build();
        }
        return lastScope;
    }

    private Attributes attributes(int o) {
        int n = buffer.getInt(o + 4);
        if (n == 0) {
            return Attributes.empty();
        }
        int p = buffer.getInt(o) - base;
        AttributesBuilder b = Attributes.builder();
        for (int k = 0; k < n; k++) {
            String key = string(p + 16 * k);
            int vp = buffer.getInt(p + 16 * k + 8) - base;
            int vn = buffer.getInt(p + 16 * k + 12);
            byte first = bytes[vp];
            if (first == '"') {
                b.put(AttributeKey.stringKey(key), new String(bytes, vp + 1, vn - 2, StandardCharsets.UTF_8));
            } else if (first == 't' || first == 'f') {
                b.put(AttributeKey.booleanKey(key), first == 't');
            } else {
                b.put(AttributeKey.longKey(key), Long.parseLong(new String(bytes, vp, vn, StandardCharsets.ISO_8859_1)));
            }
        }
        return b.build();
    }

    private long nanos(int o) {
        return buffer.getLong(o) * 1_000_000_000L + (buffer.getInt(o + 8) & 0xffffffffL);
    }

    private String string(int o) {
        return new String(bytes, buffer.getInt(o) - base, buffer.getInt(o + 4), StandardCharsets.UTF_8);
    }

    /** A string read straight from guest memory (on-start's flat arguments). */
    private String direct(int ptr, int length) {
        byte[] b = new byte[length];
        memory.readBytes(ptr, b, 0, length);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** The ended span as exporters and processors see it; nothing dropped. */
    private record Span(SpanContext spanContext, SpanContext parent, Resource resource, InstrumentationScopeInfo scope,
            String name, SpanKind kind, long start, long end, Attributes attributes, List<EventData> events,
            List<LinkData> links, StatusData status) implements SpanData, ReadableSpan {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public SpanKind getKind() {
            return kind;
        }

        @Override
        public SpanContext getSpanContext() {
            return spanContext;
        }

        @Override
        public SpanContext getParentSpanContext() {
            return parent;
        }

        @Override
        public StatusData getStatus() {
            return status;
        }

        @Override
        public long getStartEpochNanos() {
            return start;
        }

        @Override
        public Attributes getAttributes() {
            return attributes;
        }

        @Override
        public List<EventData> getEvents() {
            return events;
        }

        @Override
        public List<LinkData> getLinks() {
            return links;
        }

        @Override
        public long getEndEpochNanos() {
            return end;
        }

        @Override
        public boolean hasEnded() {
            return true;
        }

        @Override
        public int getTotalRecordedEvents() {
            return events.size();
        }

        @Override
        public int getTotalRecordedLinks() {
            return links.size();
        }

        @Override
        public int getTotalAttributeCount() {
            return attributes.size();
        }

        @Override
        @Deprecated
        public InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
            return InstrumentationLibraryInfo.create(scope.getName(), scope.getVersion());
        }

        @Override
        public InstrumentationScopeInfo getInstrumentationScopeInfo() {
            return scope;
        }

        @Override
        public Resource getResource() {
            return resource;
        }

        @Override
        public SpanData toSpanData() {
            return this;
        }

        @Override
        public long getLatencyNanos() {
            return end - start;
        }

        @Override
        public <T> T getAttribute(AttributeKey<T> key) {
            return attributes.get(key);
        }
    }
}
