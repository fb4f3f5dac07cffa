package dev.wasiotel.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wasiotel.otel.bindings.wasi.clocks.wall_clock.Datetime;
import dev.wasiotel.otel.bindings.wasi.otel.tracing.SpanData;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** WASI datetimes at the edges of u64 seconds and u32 nanoseconds. */
class TimesTest {
    private static final long U32_MAX = 4_294_967_295L;
    private static final long U64_MAX = -1L; // 2^64-1 as two's complement

    private static long nanos(long seconds, long nanos, Diagnostics d) {
        return Times.epochNanos(seconds, nanos, d);
    }

    @Test
    void theLargestDatetimeIsClampedNotWrappedTo1970() {
        Diagnostics d = new Diagnostics();
        // the hostile guest's input: {2^64-1 s, 4294967295 ns}; adding the carry first wrapped it to 3 s
        assertEquals(Long.MAX_VALUE, nanos(U64_MAX, U32_MAX, d));
        assertEquals(Map.of(Repair.DATETIME_NANOS_CARRIED, 1L, Repair.DATETIME_CLAMPED, 1L), d.snapshot());
    }

    @Test
    void edgeValues() {
        Diagnostics d = new Diagnostics();
        // every u64 second count that is negative as a long, with or without a carry, clamps
        for (long s : new long[] {U64_MAX, U64_MAX - 3, Long.MIN_VALUE, Long.MIN_VALUE + 1}) {
            for (long n : new long[] {0, 999_999_999, 1_000_000_000, U32_MAX}) {
                assertEquals(Long.MAX_VALUE, nanos(s, n, d), Long.toUnsignedString(s) + " s " + n + " ns");
            }
        }
        assertEquals(Long.MAX_VALUE, nanos(Long.MAX_VALUE, 0, d));
        assertEquals(Long.MAX_VALUE, nanos(Long.MAX_VALUE - 3, U32_MAX, d));
        // the last representable instant: 2262-04-11T23:47:16.854775807Z
        assertEquals(Long.MAX_VALUE, nanos(9_223_372_036L, 854_775_807L, new Diagnostics()));
        Diagnostics exact = new Diagnostics();
        assertEquals(Long.MAX_VALUE, nanos(9_223_372_035L, 1_854_775_807L, exact));
        assertEquals(Map.of(Repair.DATETIME_NANOS_CARRIED, 1L), exact.snapshot(), "carried, not clamped");
        Diagnostics over = new Diagnostics();
        assertEquals(Long.MAX_VALUE, nanos(9_223_372_036L, 854_775_808L, over));
        assertEquals(Map.of(Repair.DATETIME_CLAMPED, 1L), over.snapshot());
        Diagnostics carriedOver = new Diagnostics();
        assertEquals(Long.MAX_VALUE, nanos(9_223_372_033L, U32_MAX, carriedOver)); // 9223372037 s after the carry
        assertEquals(1, carriedOver.count(Repair.DATETIME_CLAMPED));
        // ordinary values and the carry
        Diagnostics ok = new Diagnostics();
        assertEquals(0, nanos(0, 0, ok));
        assertEquals(4_294_967_295L, nanos(0, U32_MAX, ok));
        assertEquals(1_700_000_000_123_456_789L, nanos(1_700_000_000L, 123_456_789L, ok));
        assertEquals(Map.of(Repair.DATETIME_NANOS_CARRIED, 1L), ok.snapshot());
    }

    @Test
    void aSpanEndingAtTheLargestDatetimeEndsIn2262() {
        try (Harness h = new Harness()) {
            TestGuest g = h.guest();
            SpanData s = Values.span(Values.TRACE, Values.SPAN, "", "far");
            SpanData far = new SpanData(s.spanContext(), s.parentSpanId(), s.spanKind(), s.name(), s.startTime(),
                    new Datetime(U64_MAX, U32_MAX), s.attributes(), s.events(), s.links(), s.status(),
                    s.instrumentationScope(), 0, 0, 0);
            Harness.onEnd(g, far);
            assertEquals(Long.MAX_VALUE, h.spans.getFinishedSpanItems().get(0).getEndEpochNanos());
            assertEquals(1, h.diag().count(Repair.DATETIME_CLAMPED));
        }
    }
}
