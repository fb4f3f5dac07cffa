package dev.wasiotel.host.wasi;

/** A clock that stands still until someone sleeps on it: sleeping jumps to the deadline. */
final class ManualClock implements WasiClock {
    long wall = 1_700_000_000_123_456_789L;
    long monotonic = 1_000;
    int sleeps;

    @Override
    public long wallClockNanos() {
        return wall;
    }

    @Override
    public long monotonicNanos() {
        return monotonic;
    }

    @Override
    public void sleepUntil(long deadline) {
        sleeps++;
        if (Long.compareUnsigned(deadline, monotonic) > 0) {
            monotonic = deadline;
        }
    }
}
