package dev.wasiotel.host.wasi;

import dev.wasiotel.host.wasi.bindings.wasi.io.poll.Pollable;

/** A pollable of {@code wasi:clocks/monotonic-clock}: ready once the clock reaches a deadline. */
final class DeadlinePollable implements Pollable {
    private final WasiClock clock;
    private final long deadline;

    /** Ready when {@code clock}'s monotonic time reaches {@code deadline} (unsigned). */
    DeadlinePollable(WasiClock clock, long deadline) {
        this.clock = clock;
        this.deadline = deadline;
    }

    /** The monotonic instant this pollable waits for. */
    long deadline() {
        return deadline;
    }

    @Override
    public boolean ready() {
        return Long.compareUnsigned(clock.monotonicNanos(), deadline) >= 0;
    }

    @Override
    public void block() {
        clock.sleepUntil(deadline);
    }
}
