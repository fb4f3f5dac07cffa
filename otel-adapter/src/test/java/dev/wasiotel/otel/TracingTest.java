package dev.wasiotel.otel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.KeyValue;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** wasi:otel tracing through a real guest, for both names of the span-context function. */
class TracingTest {

    @ParameterizedTest
    @ValueSource(strings = {WasiOtel.CURRENT_SPAN_CONTEXT, WasiOtel.OUTER_SPAN_CONTEXT})
    void guestSpanReachesTheExporterWithEveryField(String spanContextFunction) {
        try (Harness h = new Harness()) {
            TestGuest g = h.guest();
            var zero = Harness.spanContext(g, spanContextFunction);
            assertEquals("0".repeat(32), zero.traceId());
            assertEquals("0".repeat(16), zero.spanId());
            assertTrue(zero.traceFlags().isEmpty());

            Harness.onStart(g, Values.richContext());
            var inner = Harness.spanContext(g, spanContextFunction);
            assertEquals(Values.richContext(), inner);

            Harness.onEnd(g, Values.richSpan());
            assertEquals("0".repeat(32), Harness.spanContext(g, spanContextFunction).traceId());

            List<SpanData> spans = h.spans.getFinishedSpanItems();
            assertEquals(1, spans.size());
            SpanData s = spans.get(0);
            assertEquals("GET /items", s.getName());
            assertEquals(SpanKind.SERVER, s.getKind());
            assertEquals(Values.TRACE, s.getTraceId());
            assertEquals(Values.SPAN, s.getSpanId());
            assertTrue(s.getSpanContext().isSampled());
            assertFalse(s.getSpanContext().isRemote());
            assertEquals(Map.of("vendor", "v1", "other", "x"), s.getSpanContext().getTraceState().asMap());
            assertEquals(Values.PARENT, s.getParentSpanId());
            assertEquals(Values.TRACE, s.getParentSpanContext().getTraceId());
            assertEquals(Values.START_NANOS, s.getStartEpochNanos());
            assertEquals(Values.END_NANOS, s.getEndEpochNanos());
            assertTrue(s.hasEnded());

            Attributes a = s.getAttributes();
            assertEquals(7, a.size());
            assertEquals("GET", a.get(AttributeKey.stringKey("http.method")));
            assertEquals(200L, a.get(AttributeKey.longKey("http.status")));
            assertEquals(0.5, a.get(AttributeKey.doubleKey("ratio")));
            assertEquals(true, a.get(AttributeKey.booleanKey("ok")));
            assertEquals(List.of("a", "b"), a.get(AttributeKey.stringArrayKey("tags")));
            assertArrayEquals(new byte[] {1, 2, 3}, AnyValues.bytes(a.get(AttributeKey.valueKey("blob"))));
            assertEquals(Value.of(KeyValue.of("k", Value.of(1L)), KeyValue.of("n", Value.empty())),
                    a.get(AttributeKey.valueKey("map")));
            assertEquals(10, s.getTotalAttributeCount());

            assertEquals(1, s.getEvents().size());
            EventData e = s.getEvents().get(0);
            assertEquals("cache-miss", e.getName());
            assertEquals(1_700_000_000_500_000_000L, e.getEpochNanos());
            assertEquals(Attributes.of(AttributeKey.stringKey("key"), "item-7"), e.getAttributes());
            assertEquals(5, s.getTotalRecordedEvents());

            assertEquals(1, s.getLinks().size());
            LinkData l = s.getLinks().get(0);
            assertEquals("0af7651916cd43dd8448eb211c80319c", l.getSpanContext().getTraceId());
            assertEquals("b7ad6b7169203331", l.getSpanContext().getSpanId());
            assertTrue(l.getSpanContext().isRemote());
            assertFalse(l.getSpanContext().isSampled());
            assertEquals(Attributes.of(AttributeKey.stringKey("link.kind"), "follows"), l.getAttributes());
            assertEquals(6, s.getTotalRecordedLinks());

            assertEquals(StatusCode.ERROR, s.getStatus().getStatusCode());
            assertEquals("boom", s.getStatus().getDescription());
            assertEquals("guest-lib", s.getInstrumentationScopeInfo().getName());
            assertEquals("1.2.3", s.getInstrumentationScopeInfo().getVersion());
            assertEquals("https://schema/1", s.getInstrumentationScopeInfo().getSchemaUrl());
            assertEquals(Attributes.of(AttributeKey.stringKey("scope.attr"), "s"),
                    s.getInstrumentationScopeInfo().getAttributes());
            assertEquals(h.hostResource, s.getResource());
            assertEquals(0, h.diag().total(), h.diag().snapshot().toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {WasiOtel.CURRENT_SPAN_CONTEXT, WasiOtel.OUTER_SPAN_CONTEXT})
    void withoutAnOpenGuestSpanTheHostSpanIsAnswered(String spanContextFunction) {
        try (Harness h = new Harness()) {
            TestGuest g = h.guest();
            h.inHostSpan("host-request", () -> {
                Span host = Span.current();
                var c = Harness.spanContext(g, spanContextFunction);
                assertEquals(host.getSpanContext().getTraceId(), c.traceId());
                assertEquals(host.getSpanContext().getSpanId(), c.spanId());
                assertEquals(EnumSet.of(dev.wasiotel.otel.bindings.wasi.otel.tracing.TraceFlags.SAMPLED), c.traceFlags());
            });
        }
    }
}
