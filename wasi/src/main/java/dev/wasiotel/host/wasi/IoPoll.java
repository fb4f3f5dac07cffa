package dev.wasiotel.host.wasi;

import dev.wasiotel.host.wasi.bindings.wasi.io.poll.Poll;
import dev.wasiotel.host.wasi.bindings.wasi.io.poll.Pollable;
import dev.wasiotel.wit.runtime.WitTrap;
import java.util.List;

/**
 * {@code wasi:io/poll.poll}. Every pollable of this host is either always ready or a clock
 * deadline, so waiting means sleeping until the earliest deadline.
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
            if (!found) {
                // not one of ours: let it wait for itself
                in.get(0).block();
            } else {
                clock.sleepUntil(earliest);
            }
        }
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
