package dev.wasiotel.otel;

import dev.wasiotel.otel.bindings.wasi.clocks.wall_clock.Datetime;

/**
 * WASI {@code datetime} (u64 seconds, u32 nanoseconds since the epoch) to the SDK's epoch
 * nanoseconds ({@code long}). Nanoseconds of 1e9 or more are carried into the seconds; a time
 * after 2262-04-11 (where {@code long} nanoseconds end) is clamped to {@code Long.MAX_VALUE}.
 */
final class Times {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private Times() {
    }

    static long epochNanos(Datetime t, Diagnostics diag) {
        return epochNanos(t.seconds(), t.nanoseconds(), diag);
    }

    /** The observe package has its own (identical) datetime record. */
    static long epochNanos(dev.wasiotel.otel.bindings.observe.wasi.clocks.wall_clock.Datetime t, Diagnostics diag) {
        return epochNanos(t.seconds(), t.nanoseconds(), diag);
    }

    /**
     * @param seconds u64 seconds as two's complement
     * @param nanos u32 nanoseconds, as the generated code gives them ({@code long}, 0..2^32-1)
     */
    static long epochNanos(long seconds, long nanos, Diagnostics diag) {
        long carry = 0;
        if (nanos >= NANOS_PER_SECOND) {
            diag.record(Repair.DATETIME_NANOS_CARRIED, "datetime nanoseconds " + nanos);
            carry = nanos / NANOS_PER_SECOND; // at most 4
            nanos %= NANOS_PER_SECOND;
        }
        // the range check comes before the carry is added: u64 seconds near 2^64 (negative as a
        // long) or near 2^63 must clamp, not wrap to 1970
        long maxSeconds = (Long.MAX_VALUE - nanos) / NANOS_PER_SECOND;
        if (seconds < 0 || seconds > maxSeconds - carry) {
            diag.record(Repair.DATETIME_CLAMPED, "datetime seconds " + Long.toUnsignedString(seconds)
                    + " nanoseconds " + (nanos + carry * NANOS_PER_SECOND));
            return Long.MAX_VALUE;
        }
        return (seconds + carry) * NANOS_PER_SECOND + nanos;
    }
}
