package dev.wasiotel.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wasiotel.otel.bindings.wasi.otel.tracing.SpanContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Host span → guest span → host span, and guest instances on several threads. */
class NestingTest {

    @Test
    void hostGuestHostSpansNest() {
        try (Harness h = new Harness()) {
            TestGuest g = h.guest();
            String[] host = new String[2];
            h.inHostSpan("host-request", () -> {
                host[0] = Span.current().getSpanContext().getTraceId();
                host[1] = Span.current().getSpanContext().getSpanId();
                // what a guest SDK does: parent its root span under the host's
                SpanContext outer = Harness.spanContext(g, WasiOtel.CURRENT_SPAN_CONTEXT);
                Harness.onStart(g, Values.context(outer.traceId(), "aaaaaaaaaaaaaaaa"));
                Harness.work(g);
                Harness.onEnd(g, Values.span(outer.traceId(), "aaaaaaaaaaaaaaaa", outer.spanId(), "guest"));
                // the guest span never leaks into the host's thread context
                assertEquals(host[1], Span.current().getSpanContext().getSpanId());
                Harness.work(g);
            });
            List<SpanData> spans = h.spans.getFinishedSpanItems();
            assertEquals(List.of("host-work", "guest", "host-work", "host-request"),
                    spans.stream().map(SpanData::getName).toList());
            for (SpanData s : spans) {
                assertEquals(host[0], s.getTraceId());
            }
            assertEquals(host[1], spans.get(1).getParentSpanId());
            assertEquals("aaaaaaaaaaaaaaaa", spans.get(0).getParentSpanId());
            assertEquals(host[1], spans.get(2).getParentSpanId());
            assertEquals(0, h.diag().total(), h.diag().snapshot().toString());
        }
    }

    @Test
    void instancesOnSeveralThreadsNeverCross() throws Exception {
        int threads = 4;
        int rounds = 40;
        try (Harness h = new Harness()) {
            Map<String, String> guestSpanOfTrace = new ConcurrentHashMap<>();
            CyclicBarrier barrier = new CyclicBarrier(threads);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    TestGuest g = h.guest();
                    barrier.await();
                    for (int r = 0; r < rounds; r++) {
                        String trace = String.format("%016x%016x", thread + 1, r + 1);
                        String outer = String.format("%08x%08x", thread + 1, 2 * r + 1);
                        String inner = String.format("%08x%08x", thread + 1, 2 * r + 2);
                        guestSpanOfTrace.put(trace, inner);
                        Harness.onStart(g, Values.context(trace, outer));
                        Harness.onStart(g, Values.context(trace, inner));
                        Thread.yield();
                        assertEquals(inner, Harness.spanContext(g, WasiOtel.CURRENT_SPAN_CONTEXT).spanId());
                        Harness.work(g);
                        Harness.onEnd(g, Values.span(trace, inner, outer, "inner"));
                        assertEquals(outer, Harness.spanContext(g, WasiOtel.OUTER_SPAN_CONTEXT).spanId());
                        Harness.onEnd(g, Values.span(trace, outer, "", "outer"));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            List<SpanData> spans = h.spans.getFinishedSpanItems();
            assertEquals(threads * rounds * 3, spans.size());
            Map<String, Integer> perName = new HashMap<>();
            for (SpanData s : spans) {
                perName.merge(s.getName(), 1, Integer::sum);
                if (s.getName().equals("host-work")) {
                    assertEquals(guestSpanOfTrace.get(s.getTraceId()), s.getParentSpanId(), "host span under its own guest span");
                }
            }
            assertEquals(Map.of("host-work", threads * rounds, "inner", threads * rounds, "outer", threads * rounds), perName);
            assertEquals(0, h.diag().total(), h.diag().snapshot().toString());
        }
    }
}
