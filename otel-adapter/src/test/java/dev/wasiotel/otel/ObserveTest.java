package dev.wasiotel.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.otel.bindings.observe.wasi.clocks.wall_clock.Datetime;
import dev.wasiotel.otel.bindings.observe.wasi.logging.logging.Level;
import dev.wasiotel.otel.bindings.observe.wasi.observe.imports.ImportsCanon;
import dev.wasiotel.otel.bindings.observe.wasi.observe.tracer.KeyValue;
import dev.wasiotel.otel.bindings.observe.wasi.observe.tracer.Link;
import dev.wasiotel.otel.bindings.observe.wasi.observe.tracer.SpanContext;
import dev.wasiotel.otel.bindings.observe.wasi.observe.tracer.SpanKind;
import dev.wasiotel.otel.bindings.observe.wasi.observe.tracer.StartOptions;
import dev.wasiotel.otel.bindings.observe.wasi.observe.tracer.Status;
import dev.wasiotel.otel.bindings.observe.wasi.observe.tracer.TraceFlags;
import dev.wasiotel.otel.bindings.observe.wasi.observe.tracer.Value;
import dev.wasiotel.wit.runtime.CallContext;
import dev.wasiotel.wit.runtime.WitTrap;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** wasi:observe's tracer and span resource, and wasi:logging, through a real guest. */
class ObserveTest {
    static final String TRACER = "wasi:observe/tracer";
    static final Datetime START = new Datetime(1_700_000_000L, 1L);
    static final Datetime EVENT = new Datetime(1_700_000_000L, 2L);
    static final Datetime END = new Datetime(1_700_000_003L, 0L);
    static final String LINKED_TRACE = "0af7651916cd43dd8448eb211c80319c";
    static final String LINKED_SPAN = "b7ad6b7169203331";

    @Test
    void spansEventsLinksStatusAndLogsMapOntoTheSdk() {
        try (Harness h = new Harness()) {
            TestGuest g = h.guest();
            String[] host = new String[2];
            int[] outer = new int[1];
            h.inHostSpan("host-request", () -> {
                host[0] = Span.current().getSpanContext().getTraceId();
                host[1] = Span.current().getSpanContext().getSpanId();
                outer[0] = start(g, "outer", Optional.of(new StartOptions(false, Optional.of(SpanKind.SERVER),
                        Optional.of(List.of(new KeyValue("k", new Value.String("v")), new KeyValue("n", new Value.S64(3)),
                                new KeyValue("f", new Value.Float64Array(new double[] {1.5, 2.5})))),
                        Optional.of(List.of(new Link(linked(), List.of(new KeyValue("why", new Value.Bool(true))))))
                        , Optional.of(START))));
            });
            int h1 = outer[0];
            SpanContext c1 = spanContext(g, h1);
            assertEquals(host[0], c1.traceId());
            assertEquals(1, g.call(TRACER, "[method]span.is-recording", h1)[0]);
            g.call(TRACER, "[method]span.set-attributes", concat(new long[] {h1},
                    list(g, List.of(new KeyValue("extra", new Value.Bool(true))))));
            long[] name = g.string("ev");
            long[] attrs = list(g, List.of(new KeyValue("a", new Value.S64Array(new long[] {1, 2}))));
            g.call(TRACER, "[method]span.add-event", h1, name[0], name[1], 1, EVENT.seconds(), EVENT.nanoseconds(), 1,
                    attrs[0], attrs[1]);
            addLink(g, h1, new Link(linked(), List.of()));
            int st = g.store(ImportsCanon.STATUS_SIZE, 4, new Status.Error("bad"), ImportsCanon::storeStatus);
            g.call(TRACER, "[method]span.set-status", h1, g.u8(st), g.i32(st + 4), g.i32(st + 8));
            long[] newName = g.string("outer-renamed");
            g.call(TRACER, "[method]span.update-name", h1, newName[0], newName[1]);

            int h2 = start(g, "inner", Optional.empty());
            SpanContext c2 = spanContext(g, h2);
            Harness.work(g);
            long[] ctx = g.string("db");
            long[] msg = g.string("slow query");
            g.call("wasi:logging/logging", "log", Level.WARN.ordinal(), ctx[0], ctx[1], msg[0], msg[1]);
            g.call(TRACER, "[resource-drop]span", h2); // dropping ends it
            g.call(TRACER, "[method]span.end", h1, 1, END.seconds(), END.nanoseconds());

            Map<String, SpanData> spans = h.spans.getFinishedSpanItems().stream()
                    .collect(Collectors.toMap(SpanData::getName, Function.identity()));
            assertEquals(Set3.of("outer-renamed", "inner", "host-work", "host-request"), spans.keySet());
            SpanData o = spans.get("outer-renamed");
            assertEquals(c1.spanId(), o.getSpanId());
            assertEquals(host[1], o.getParentSpanId());
            assertEquals(io.opentelemetry.api.trace.SpanKind.SERVER, o.getKind());
            assertEquals(1_700_000_000_000_000_001L, o.getStartEpochNanos());
            assertEquals(1_700_000_003_000_000_000L, o.getEndEpochNanos());
            assertEquals(Attributes.builder().put("k", "v").put("n", 3L).put(AttributeKey.doubleArrayKey("f"), List.of(1.5, 2.5))
                    .put("extra", true).build().asMap(), o.getAttributes().asMap());
            assertEquals(1, o.getEvents().size());
            EventData e = o.getEvents().get(0);
            assertEquals("ev", e.getName());
            assertEquals(1_700_000_000_000_000_002L, e.getEpochNanos());
            assertEquals(List.of(1L, 2L), e.getAttributes().get(AttributeKey.longArrayKey("a")));
            assertEquals(2, o.getLinks().size());
            assertEquals(LINKED_TRACE, o.getLinks().get(0).getSpanContext().getTraceId());
            assertEquals(LINKED_SPAN, o.getLinks().get(0).getSpanContext().getSpanId());
            assertTrue(o.getLinks().get(0).getSpanContext().isRemote());
            assertEquals(true, o.getLinks().get(0).getAttributes().get(AttributeKey.booleanKey("why")));
            assertEquals(StatusCode.ERROR, o.getStatus().getStatusCode());
            assertEquals("bad", o.getStatus().getDescription());
            assertEquals("wasi:observe", o.getInstrumentationScopeInfo().getName());

            SpanData i = spans.get("inner");
            assertEquals(c2.spanId(), i.getSpanId());
            assertEquals(c1.spanId(), i.getParentSpanId());
            assertEquals(io.opentelemetry.api.trace.SpanKind.INTERNAL, i.getKind());
            assertEquals(c2.spanId(), spans.get("host-work").getParentSpanId());

            List<LogRecordData> logs = h.logs.getFinishedLogRecordItems();
            assertEquals(1, logs.size());
            LogRecordData l = logs.get(0);
            assertEquals(Severity.WARN, l.getSeverity());
            assertEquals("warn", l.getSeverityText());
            assertEquals("slow query", l.getBodyValue().asString());
            assertEquals("db", l.getAttributes().get(AttributeKey.stringKey(ObserveLogging.CONTEXT_ATTRIBUTE)));
            assertEquals(c2.spanId(), l.getSpanContext().getSpanId());
            assertEquals("wasi:logging", l.getInstrumentationScopeInfo().getName());

            // after end: methods are ignored and counted; the handle is still the guest's to drop
            g.call(TRACER, "[method]span.update-name", h1, newName[0], newName[1]);
            assertEquals(1, h.diag().count(Repair.OBSERVE_SPAN_ENDED));
            g.call(TRACER, "[resource-drop]span", h1);
            assertEquals(4, h.spans.getFinishedSpanItems().size());
            // the runtime's table enforces handle lifetime: a dropped handle is gone
            assertThrows(WitTrap.class, () -> g.call(TRACER, "[method]span.is-recording", h1));
        }
    }

    @Test
    void newRootStartsANewTrace() {
        try (Harness h = new Harness()) {
            TestGuest g = h.guest();
            h.inHostSpan("host-request", () -> {
                int s = start(g, "root", Optional.of(new StartOptions(true, Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.empty())));
                assertFalse(spanContext(g, s).traceId().equals(Span.current().getSpanContext().getTraceId()));
                g.call(TRACER, "[method]span.end", s, 0, 0, 0);
            });
            SpanData root = h.spans.getFinishedSpanItems().get(0);
            assertEquals("root", root.getName());
            assertFalse(root.getParentSpanContext().isValid());
        }
    }

    @Test
    void aNoopHostSdkMakesNonRecordingSpansWithoutRepairs() {
        WasiOtel otel = WasiOtel.builder(io.opentelemetry.api.OpenTelemetry.noop()).build();
        TestGuest g = new TestGuest(otel.functions());
        int outer = start(g, "a", Optional.empty());
        int inner = start(g, "b", Optional.empty());
        assertEquals(0, g.call(TRACER, "[method]span.is-recording", inner)[0]);
        g.call(TRACER, "[resource-drop]span", inner);
        g.call(TRACER, "[method]span.end", outer, 0, 0, 0);
        assertEquals(Map.of(), otel.diagnostics().snapshot());
    }

    /** Set.of with a readable name in assertions. */
    private static final class Set3 {
        static java.util.Set<String> of(String... s) {
            return java.util.Set.of(s);
        }
    }

    static SpanContext linked() {
        return new SpanContext(LINKED_TRACE, LINKED_SPAN, EnumSet.of(TraceFlags.SAMPLED), true, List.of());
    }

    static int start(TestGuest g, String name, Optional<StartOptions> options) {
        long[] n = g.string(name);
        if (options.isEmpty()) {
            return (int) g.call(TRACER, "start", n[0], n[1], 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)[0];
        }
        int p = g.store(ImportsCanon.START_OPTIONS_SIZE, 8, options.get(), ImportsCanon::storeStartOptions);
        long seconds = g.context().memory().readLong(p + 40);
        return (int) g.call(TRACER, "start", n[0], n[1], 1, g.u8(p), g.u8(p + 1), g.u8(p + 2), g.u8(p + 4), g.i32(p + 8),
                g.i32(p + 12), g.u8(p + 16), g.i32(p + 20), g.i32(p + 24), g.u8(p + 32), seconds, g.i32(p + 48))[0];
    }

    static SpanContext spanContext(TestGuest g, int handle) {
        int ret = g.alloc(ImportsCanon.SPAN_CONTEXT_SIZE, 4);
        g.call(TRACER, "[method]span.span-context", handle, ret);
        try (CallContext cx = g.cx()) {
            return ImportsCanon.loadSpanContext(cx, ret);
        }
    }

    static void addLink(TestGuest g, int handle, Link link) {
        int p = g.store(ImportsCanon.LINK_SIZE, 4, link, ImportsCanon::storeLink);
        g.call(TRACER, "[method]span.add-link", handle, g.i32(p), g.i32(p + 4), g.i32(p + 8), g.i32(p + 12), g.u8(p + 16),
                g.u8(p + 17), g.i32(p + 20), g.i32(p + 24), g.i32(p + 28), g.i32(p + 32));
    }

    /** A list of key-values lowered into the guest: its (pointer, length). */
    static long[] list(TestGuest g, List<KeyValue> kvs) {
        int p = g.store(8, 4, kvs, ImportsCanon::storeListOfKeyValue);
        return new long[] {g.i32(p), g.i32(p + 4)};
    }

    static long[] concat(long[] a, long[] b) {
        long[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
