package dev.wasiotel.otel;

import static dev.wasiotel.otel.Values.kv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.wasiotel.otel.bindings.wasi.otel.tracing.SpanData;
import dev.wasiotel.otel.bindings.wasi.otel.types.InstrumentationScope;
import io.opentelemetry.api.common.AttributeKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The shortcuts of the span path (the span context of {@code on-start} reused at {@code on-end}, a
 * repeated scope reused, scalar attribute values put directly) give what the long way gives and
 * count every repair as often as the long way does: once per use.
 */
class FastPathAccountingTest {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN = "00f067aa0ba902b7";

    @Test
    void aStartedSpanEndsWithTheSameContextAndNoRepair() {
        try (Harness h = new Harness()) {
            TestGuest g = h.guest();
            SpanData s = Values.span(TRACE, SPAN, "", "ok");
            Harness.onStart(g, s.spanContext());
            Harness.onEnd(g, s);
            assertEquals(Map.of(), h.diag().snapshot());
            io.opentelemetry.sdk.trace.data.SpanData out = h.spans.getFinishedSpanItems().get(0);
            assertEquals(TRACE, out.getTraceId());
            assertEquals(SPAN, out.getSpanId());
        }
    }

    @Test
    void idsRepairedAtStartAreRepairedAndCountedAgainAtTheEnd() {
        try (Harness h = new Harness()) {
            TestGuest g = h.guest();
            SpanData s = Values.span(TRACE.toUpperCase(java.util.Locale.ROOT), SPAN, "", "upper");
            Harness.onStart(g, s.spanContext());
            Harness.onEnd(g, s);
            // once at on-start, once at on-end; the span was found open (no END_UNKNOWN_SPAN)
            assertEquals(Map.of(Repair.ID_CASE_FOLDED, 2L), h.diag().snapshot());
            assertEquals(TRACE, h.spans.getFinishedSpanItems().get(0).getTraceId());
        }
    }

    @Test
    void aScopeWhoseNameIsCutIsCutAndCountedForEverySpan() {
        try (Harness h = new Harness()) {
            TestGuest g = h.guest();
            String longName = "n".repeat(TelemetryLimits.DEFAULT_MAX_NAME_LENGTH + 1);
            for (int i = 0; i < 3; i++) {
                SpanData s = withScope(Values.span(TRACE, SPAN, "", "s" + i),
                        new InstrumentationScope(longName, Optional.of("1"), Optional.empty(), List.of()));
                Harness.onEnd(g, s);
            }
            assertEquals(3L, h.diag().count(Repair.NAME_TRUNCATED));
            for (io.opentelemetry.sdk.trace.data.SpanData out : h.spans.getFinishedSpanItems()) {
                assertEquals(TelemetryLimits.DEFAULT_MAX_NAME_LENGTH, out.getInstrumentationScopeInfo().getName().length());
            }
        }
    }

    @Test
    void aRepeatedScopeIsTheSameScopeAndAChangedOneIsNew() {
        try (Harness h = new Harness()) {
            TestGuest g = h.guest();
            Harness.onEnd(g, withScope(Values.span(TRACE, SPAN, "", "a"), scope("lib", "1.0")));
            Harness.onEnd(g, withScope(Values.span(TRACE, SPAN, "", "b"), scope("lib", "1.0")));
            Harness.onEnd(g, withScope(Values.span(TRACE, SPAN, "", "c"), scope("lib", "2.0")));
            List<io.opentelemetry.sdk.trace.data.SpanData> out = h.spans.getFinishedSpanItems();
            assertEquals("1.0", out.get(0).getInstrumentationScopeInfo().getVersion());
            assertEquals(out.get(0).getInstrumentationScopeInfo(), out.get(1).getInstrumentationScopeInfo());
            assertEquals("lib", out.get(2).getInstrumentationScopeInfo().getName());
            assertEquals("2.0", out.get(2).getInstrumentationScopeInfo().getVersion());
        }
    }

    @Test
    void aRepeatedScopeWithAttributesIsReusedUnlessItNeededARepair() {
        try (Harness h = new Harness()) {
            TestGuest g = h.guest();
            InstrumentationScope withAttributes = new InstrumentationScope("lib", Optional.of("1.0"), Optional.empty(),
                    List.of(kv("scope.kind", "\"manual\"")));
            InstrumentationScope repaired = new InstrumentationScope("lib", Optional.of("1.0"), Optional.empty(),
                    List.of(kv("", "1"), kv("scope.kind", "\"manual\"")));
            Harness.onEnd(g, withScope(Values.span(TRACE, SPAN, "", "a"), withAttributes));
            Harness.onEnd(g, withScope(Values.span(TRACE, SPAN, "", "b"), withAttributes));
            Harness.onEnd(g, withScope(Values.span(TRACE, SPAN, "", "c"), repaired));
            Harness.onEnd(g, withScope(Values.span(TRACE, SPAN, "", "d"), repaired));
            List<io.opentelemetry.sdk.trace.data.SpanData> out = h.spans.getFinishedSpanItems();
            assertSame(out.get(0).getInstrumentationScopeInfo(), out.get(1).getInstrumentationScopeInfo());
            assertEquals("manual", out.get(1).getInstrumentationScopeInfo().getAttributes()
                    .get(AttributeKey.stringKey("scope.kind")));
            assertEquals(out.get(2).getInstrumentationScopeInfo(), out.get(3).getInstrumentationScopeInfo());
            // once per use of the repaired scope (the spans were never started: END_UNKNOWN_SPAN besides)
            assertEquals(2L, h.diag().count(Repair.ATTRIBUTE_EMPTY_KEY));
        }
    }

    @Test
    void scalarValuesAreTypedAndCutAsTheGeneralDecoderDoes() {
        TelemetryLimits limits = TelemetryLimits.defaults()
                .withSpans(io.opentelemetry.sdk.trace.SpanLimits.builder().setMaxAttributeValueLength(4).build());
        try (Harness h = new Harness(limits, null)) {
            TestGuest g = h.guest();
            SpanData s = Values.span(TRACE, SPAN, "", "v");
            Harness.onEnd(g, new SpanData(s.spanContext(), s.parentSpanId(), s.spanKind(), s.name(), s.startTime(),
                    s.endTime(), List.of(kv("short", "\"abc\""), kv("long", "\"abcdefgh\""), kv("empty", "\"\""),
                            kv("t", "true"), kv("f", "false"), kv("n", "-42"), kv("escaped", "\"a\\\"bcdef\""),
                            kv("bytes", "\"data:application/octet-stream;base64,AQID\"")),
                    List.of(), List.of(), s.status(), s.instrumentationScope(), 0, 0, 0));
            io.opentelemetry.api.common.Attributes a = h.spans.getFinishedSpanItems().get(0).getAttributes();
            assertEquals("abc", a.get(AttributeKey.stringKey("short")));
            assertEquals("abcd", a.get(AttributeKey.stringKey("long")));
            assertEquals("", a.get(AttributeKey.stringKey("empty")));
            assertEquals(true, a.get(AttributeKey.booleanKey("t")));
            assertEquals(false, a.get(AttributeKey.booleanKey("f")));
            assertEquals(-42L, a.get(AttributeKey.longKey("n")));
            assertEquals("a\"bc", a.get(AttributeKey.stringKey("escaped")));
            assertEquals(8, a.size());
            // long, escaped, and the 3-byte value is not cut (bytes are cut in bytes)
            assertEquals(2L, h.diag().count(Repair.ATTRIBUTE_VALUE_TRUNCATED));
        }
    }

    private static InstrumentationScope scope(String name, String version) {
        return new InstrumentationScope(name, Optional.of(version), Optional.empty(), List.of());
    }

    private static SpanData withScope(SpanData s, InstrumentationScope scope) {
        return new SpanData(s.spanContext(), s.parentSpanId(), s.spanKind(), s.name(), s.startTime(), s.endTime(),
                s.attributes(), s.events(), s.links(), s.status(), scope, 0, 0, 0);
    }
}
