package dev.wasiotel.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Two instances of one guest linked against one set of the adapter's host functions, their calls
 * interleaved on one thread: each instance's open spans, parents and left-open spans are its own,
 * found from the calling instance that the generated hosts pass to the adapter (no thread state).
 */
class InstancesTest {
    static final String TRACE_A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    static final String TRACE_B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    static final String A1 = "a000000000000001";
    static final String A2 = "a000000000000002";
    static final String B1 = "b000000000000001";

    @Test
    void interleavedInstancesKeepTheirOwnOpenSpans() {
        try (Harness h = new Harness()) {
            TestGuest a = h.guest();
            TestGuest b = h.guest(); // the same List<HostFunctionDef>: one set of host functions
            assertNotSame(a.context(), b.context());

            Harness.onStart(a, Values.context(TRACE_A, A1));
            Harness.onStart(b, Values.context(TRACE_B, B1));
            Harness.onStart(a, Values.context(TRACE_A, A2));
            // each instance answers with its own innermost span, whoever called last
            assertEquals(B1, Harness.spanContext(b, WasiOtel.CURRENT_SPAN_CONTEXT).spanId());
            assertEquals(A2, Harness.spanContext(a, WasiOtel.CURRENT_SPAN_CONTEXT).spanId());
            assertEquals(B1, Harness.spanContext(b, WasiOtel.OUTER_SPAN_CONTEXT).spanId());

            // host spans made in a guest's call are children of that guest's innermost span
            Harness.work(b);
            Harness.work(a);
            // wasi:observe spans too: b's is a child of B1, a's of A2
            int observeB = ObserveTest.start(b, "observe-b", Optional.empty());
            int observeA = ObserveTest.start(a, "observe-a", Optional.empty());
            a.call(ObserveTest.TRACER, "[method]span.end", observeA, 0, 0, 0);
            b.call(ObserveTest.TRACER, "[method]span.end", observeB, 0, 0, 0);

            // b ends its span: a's stack is untouched
            Harness.onEnd(b, Values.span(TRACE_B, B1, "", "b1"));
            assertEquals(A2, Harness.spanContext(a, WasiOtel.CURRENT_SPAN_CONTEXT).spanId());
            // b has no guest span open now: no host span either, so the all-zero context
            assertEquals("0".repeat(16), Harness.spanContext(b, WasiOtel.CURRENT_SPAN_CONTEXT).spanId());
            Harness.onEnd(a, Values.span(TRACE_A, A2, A1, "a2"));
            assertEquals(A1, Harness.spanContext(a, WasiOtel.CURRENT_SPAN_CONTEXT).spanId());

            // b's call ends: nothing of b is open, a's A1 stays open
            b.endCall();
            assertEquals(0, h.diag().count(Repair.SPAN_LEFT_OPEN), h.diag().snapshot().toString());
            assertEquals(A1, Harness.spanContext(a, WasiOtel.CURRENT_SPAN_CONTEXT).spanId());
            // a's call ends with A1 left open: only a's span is closed out
            a.endCall();
            assertEquals(Map.of(Repair.SPAN_LEFT_OPEN, 1L), h.diag().snapshot());

            List<SpanData> spans = h.spans.getFinishedSpanItems();
            Map<String, List<SpanData>> byName = spans.stream().collect(Collectors.groupingBy(SpanData::getName));
            List<SpanData> work = byName.get("host-work");
            assertEquals(2, work.size());
            // b worked first
            assertEquals(TRACE_B, work.get(0).getTraceId());
            assertEquals(B1, work.get(0).getParentSpanId());
            assertEquals(TRACE_A, work.get(1).getTraceId());
            assertEquals(A2, work.get(1).getParentSpanId());
            SpanData observedA = byName.get("observe-a").get(0);
            SpanData observedB = byName.get("observe-b").get(0);
            assertEquals(TRACE_A, observedA.getTraceId());
            assertEquals(A2, observedA.getParentSpanId());
            assertEquals(TRACE_B, observedB.getTraceId());
            assertEquals(B1, observedB.getParentSpanId());
            Map<String, SpanData> byId = spans.stream().collect(Collectors.toMap(SpanData::getSpanId, Function.identity()));
            assertEquals(List.of(A1), spans.stream().filter(s -> Boolean.TRUE.equals(
                    s.getAttributes().get(LeftOpenSpans.MARKER))).map(SpanData::getSpanId).toList());
            assertFalse(byId.get(A1).getParentSpanContext().isValid());
            assertEquals(A1, byId.get(A2).getParentSpanId());
        }
    }
}
