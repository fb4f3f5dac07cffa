package dev.wasiotel.host.wasi;

import dev.wasiotel.host.wasi.bindings.wasi.clocks.monotonic_clock.MonotonicClock;
import dev.wasiotel.host.wasi.bindings.wasi.clocks.wall_clock.Datetime;
import dev.wasiotel.host.wasi.bindings.wasi.clocks.wall_clock.WallClock;
import dev.wasiotel.host.wasi.bindings.wasi.io.poll.Pollable;

/** {@code wasi:clocks/wall-clock} and {@code monotonic-clock} over a {@link WasiClock}. */
final class Clocks {
    private Clocks() {
    }

    /** {@code wall-clock}. */
    static WallClock wall(WasiClock clock) {
        return new WallClock() {
            @Override
            public Datetime now() {
                return datetime(clock.wallClockNanos());
            }

            @Override
            public Datetime resolution() {
                return datetime(clock.wallClockResolutionNanos());
            }
        };
    }

    /** {@code monotonic-clock}; instants and durations are unsigned nanoseconds. */
    static MonotonicClock monotonic(WasiClock clock) {
        return new MonotonicClock() {
            @Override
            public long now() {
                return clock.monotonicNanos();
            }

            @Override
            public long resolution() {
                return clock.monotonicResolutionNanos();
            }

            @Override
            public Pollable subscribeInstant(long when) {
                return new DeadlinePollable(clock, when);
            }

            @Override
            public Pollable subscribeDuration(long when) {
                long now = clock.monotonicNanos();
                long deadline = now + when;
                // saturate: a deadline past 2^64 is never reached
                if (Long.compareUnsigned(deadline, now) < 0) {
                    deadline = -1L;
                }
                return new DeadlinePollable(clock, deadline);
            }
        };
    }

    /** Nanoseconds since the epoch as seconds and nanoseconds (times before 1970 read as 1970). */
    static Datetime datetime(long nanos) {
        if (nanos < 0) {
            return new Datetime(0, 0);
        }
        return new Datetime(nanos / 1_000_000_000L, nanos % 1_000_000_000L);
    }
}
