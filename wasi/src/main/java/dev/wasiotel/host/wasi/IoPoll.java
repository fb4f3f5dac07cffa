package dev.wasiotel.host.wasi;

import dev.wasiotel.host.wasi.bindings.wasi.io.poll.Poll;
import dev.wasiotel.host.wasi.bindings.wasi.io.poll.Pollable;
import dev.wasiotel.wit.runtime.WitTrap;
import java.util.List;

/**
 * {@code wasi:io/poll.poll}. A pollable of this host is always ready, a clock deadline, or an
 * {@link AsyncPollable} (HTTP bodies and responses) that wakes the poll when it may have become
 * ready; waiting means sleeping until the earliest deadline or the first wake-up.
 */
final class IoPoll implements Poll {
    private final WasiClock clock;

    IoPoll(WasiClock clock) {
        this.clock = clock;
    }

    @Override
    public int[] poll(List<Pollable> in) {
        if (in.isEmpty()) {
            throw new WitTrap(WitTrap.Reason.INVALID_ARGUMENT, "wasi:io/poll.poll of an empty list");
        }
        while (true) {
            int[] ready = readyIndexes(in);
            if (ready.length > 0) {
                return ready;
            }
            long earliest = 0;
            boolean found = false;
            for (Pollable p : in) {
                if (p instanceof DeadlinePollable d && (!found || Long.compareUnsigned(d.deadline(), earliest) < 0)) {
                    earliest = d.deadline();
                    found = true;
                }
            }
            if (awaitAsync(in, found, earliest)) {
                continue;
            }
            if (!found) {
                // not one of ours: let it wait for itself
                in.get(0).block();
            } else {
                clock.sleepUntil(earliest);
            }
        }
    }

    /**
     * Sleeps until an {@link AsyncPollable} of {@code in} wakes the poll or the earliest deadline
     * comes (when there is one); false when {@code in} has no asynchronous pollable.
     */
    private boolean awaitAsync(List<Pollable> in, boolean hasDeadline, long earliest) {
        java.util.concurrent.Semaphore woken = new java.util.concurrent.Semaphore(0);
        boolean any = false;
        for (Pollable p : in) {
            if (p instanceof AsyncPollable a) {
                a.whenReady(woken::release);
                any = true;
            }
        }
        if (!any) {
            return false;
        }
        try {
            if (!hasDeadline) {
                woken.acquire();
            } else {
                long wait = earliest - clock.monotonicNanos();
                if (wait > 0) {
                    woken.tryAcquire(wait, java.util.concurrent.TimeUnit.NANOSECONDS);
                }
            }
        } catch (InterruptedException e) {
            // the call's deadline interrupts the thread: the guard turns this into its trap
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("interrupted while the guest polled");
        }
        return true;
    }

    private static int[] readyIndexes(List<Pollable> in) {
        int[] indexes = new int[in.size()];
        int count = 0;
        for (int i = 0; i < in.size(); i++) {
            if (in.get(i).ready()) {
                indexes[count++] = i;
            }
        }
        return java.util.Arrays.copyOf(indexes, count);
    }
}
