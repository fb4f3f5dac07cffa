package dev.wasiotel.host.wasi;

import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;

/**
 * The time sources of {@code wasi:clocks}, replaceable so that tests can control time. The
 * monotonic clock counts nanoseconds from an arbitrary origin; its values are unsigned 64-bit as
 * WASI sees them, but a real clock never comes near the sign bit.
 */
public interface WasiClock {

    /** The wall clock: nanoseconds since the Unix epoch (may go backwards). */
    long wallClockNanos();

    /** The monotonic clock, in nanoseconds. */
    long monotonicNanos();

    /** The monotonic clock's resolution, in nanoseconds. */
    default long monotonicResolutionNanos() {
        return 1;
    }

    /** The wall clock's resolution, in nanoseconds. */
    default long wallClockResolutionNanos() {
        return 1_000;
    }

    /**
     * Blocks the calling thread until {@link #monotonicNanos()} reaches {@code deadline} (compared
     * unsigned).
     *
     * @throws CancellationException if the thread is interrupted while waiting (the interrupt flag
     *     stays set), so that an embedder can stop a guest that sleeps
     */
    void sleepUntil(long deadline);

    /** The JVM's clocks: {@link Instant#now()} and {@link System#nanoTime()}. */
    static WasiClock system() {
        return SystemClock.INSTANCE;
    }

    /** {@link WasiClock#system()}. */
    final class SystemClock implements WasiClock {
        static final SystemClock INSTANCE = new SystemClock();

        /** System.nanoTime may be negative; WASI's monotonic clock is unsigned, so shift it to start near 0. */
        private final long origin = System.nanoTime();

        private SystemClock() {
        }

        @Override
        public long wallClockNanos() {
            Instant now = Instant.now();
            return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
        }

        @Override
        public long monotonicNanos() {
            return System.nanoTime() - origin;
        }

        @Override
        public void sleepUntil(long deadline) {
            while (true) {
                long now = monotonicNanos();
                if (Long.compareUnsigned(now, deadline) >= 0) {
                    return;
                }
                long wait = deadline - now;
                if (wait < 0) {
                    // more than 2^63 ns (292 years) away: wait in large steps
                    wait = Long.MAX_VALUE;
                }
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CancellationException("interrupted while the guest waited for the clock");
                }
            }
        }
    }
}
