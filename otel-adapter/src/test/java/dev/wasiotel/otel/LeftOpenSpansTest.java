package dev.wasiotel.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.otel.bindings.wasi.otel.tracing.SpanContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Spans a guest call leaves open are closed out when the call ends, exported and counted. */
class LeftOpenSpansTest {
    static final String OUTER = "aaaaaaaaaaaaaaaa";
    static final String INNER = "bbbbbbbbbbbbbbbb";

    @Test
    void theNextCallSeesItsOwnHostSpanNotAStaleGuestSpan() {
        try (Harness h = new Harness()) {
            TestGuest g = h.guest();
            // call 1: the guest opens two spans and returns without ending them
            h.inHostSpan("call-1", () -> {
                Harness.onStart(g, Values.context(Values.TRACE, OUTER));
                Harness.onStart(g, Values.context(Values.TRACE, INNER));
            });
            g.endCall(); // the instance's context reports the end of the call: the spans are closed out
            // call 2: current-span-context is this call's host span
            String[] host = new String[1];
            SpanContext[] seen = new SpanContext[1];
            h.inHostSpan("call-2", () -> {
                host[0] = Span.current().getSpanContext().getSpanId();
                seen[0] = Harness.spanContext(g, WasiOtel.CURRENT_SPAN_CONTEXT);
            });
            assertEquals(host[0], seen[0].spanId());

            List<SpanData> leftOpen = h.spans.getFinishedSpanItems().stream()
                    .filter(s -> Boolean.TRUE.equals(s.getAttributes().get(LeftOpenSpans.MARKER))).toList();
            assertEquals(List.of(INNER, OUTER), leftOpen.stream().map(SpanData::getSpanId).toList());
            for (SpanData s : leftOpen) {
                assertEquals(LeftOpenSpans.NAME, s.getName());
                assertEquals(Values.TRACE, s.getTraceId());
                assertTrue(s.getEndEpochNanos() >= s.getStartEpochNanos());
            }
            assertEquals(OUTER, leftOpen.get(0).getParentSpanId()); // the span innermost when it started
            assertFalse(leftOpen.get(1).getParentSpanContext().isValid());
            assertEquals(Map.of(Repair.SPAN_LEFT_OPEN, 2L), h.diag().snapshot());
            // nothing is left to close
            h.wasiOtel.callEnded(g.instance.context());
            assertEquals(2, h.diag().count(Repair.SPAN_LEFT_OPEN));
        }
    }

    @Test
    void aWasiObserveSpanLeftOpenIsEndedWithTheMarker() {
        try (Harness h = new Harness()) {
            TestGuest g = h.guest();
            int handle = ObserveTest.start(g, "forgotten", Optional.empty());
            g.endCall();
            SpanData s = h.spans.getFinishedSpanItems().get(0);
            assertEquals("forgotten", s.getName());
            assertEquals(true, s.getAttributes().get(LeftOpenSpans.MARKER));
            // the guest may still hold the handle: a later end is ignored, not exported twice
            g.call(ObserveTest.TRACER, "[method]span.end", handle, 0, 0, 0);
            assertEquals(1, h.spans.getFinishedSpanItems().size());
            assertEquals(Map.of(Repair.SPAN_LEFT_OPEN, 1L, Repair.OBSERVE_SPAN_ENDED, 1L), h.diag().snapshot());
        }
    }

    @Test
    void shutdownClosesOutWhatNoCallEndClosed() {
        try (Harness h = new Harness()) {
            TestGuest g = h.guest();
            Harness.onStart(g, Values.context(Values.TRACE, OUTER));
            h.wasiOtel.shutdown(java.time.Duration.ofSeconds(5)); // what WasiOtelSdk.close() does first
            assertEquals(List.of(OUTER), h.spans.getFinishedSpanItems().stream().map(SpanData::getSpanId).toList());
            assertEquals(1, h.diag().count(Repair.SPAN_LEFT_OPEN));
        }
    }
}
