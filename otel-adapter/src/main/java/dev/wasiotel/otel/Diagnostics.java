package dev.wasiotel.otel;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Counts every {@link Repair} the adapter makes to guest telemetry and logs it. The first
 * occurrence of each kind is logged at {@code WARNING}, later ones at {@code FINE}, so a guest
 * that repeats a mistake cannot flood the host's log. Thread-safe; shared by all guest instances
 * of one {@link WasiOtel}.
 */
public final class Diagnostics {
    private static final Logger LOG = Logger.getLogger("dev.wasiotel.otel");

    private final AtomicLongArray counts = new AtomicLongArray(Repair.values().length);

    /** Counts one {@code repair} and logs {@code detail}. */
    public void record(Repair repair, String detail) {
        record(repair, 1, detail);
    }

    /** Counts {@code times} (at least 1) {@code repair}s of one kind made together and logs {@code detail}. */
    public void record(Repair repair, long times, String detail) {
        long n = counts.addAndGet(repair.ordinal(), Math.max(1, times));
        Level level = n == Math.max(1, times) ? Level.WARNING : Level.FINE;
        if (LOG.isLoggable(level)) {
            LOG.log(level, "wasi-otel: " + repair + " (" + n + "): " + detail);
        }
    }

    /** How often {@code repair} happened. */
    public long count(Repair repair) {
        return counts.get(repair.ordinal());
    }

    /** All counts that are not zero. */
    public Map<Repair, Long> snapshot() {
        Map<Repair, Long> m = new EnumMap<>(Repair.class);
        for (Repair r : Repair.values()) {
            long n = count(r);
            if (n != 0) {
                m.put(r, n);
            }
        }
        return m;
    }

    /** The sum of all counts. */
    public long total() {
        long t = 0;
        for (int i = 0; i < counts.length(); i++) {
            t += counts.get(i);
        }
        return t;
    }
}
