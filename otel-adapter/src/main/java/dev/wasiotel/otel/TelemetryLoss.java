package dev.wasiotel.otel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Counts the telemetry that could not be exported — spans, metric points and log records an
 * exporter failed on or timed out with, or that the host refused because its queue was full — so
 * that a lost backend is never silent. What the adapter drops on purpose (limits, malformed input)
 * is not loss but a {@link Repair}, counted in {@link Diagnostics}. Thread-safe.
 */
public final class TelemetryLoss {
    private final AtomicLong spans = new AtomicLong();
    private final AtomicLong metricPoints = new AtomicLong();
    private final AtomicLong logRecords = new AtomicLong();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private volatile QueueDrops queueDrops;

    /** What was lost so far, including what full batch queues dropped. */
    public Summary summary() {
        QueueDrops.Counts drops = queueDrops == null ? new QueueDrops.Counts(0, 0) : queueDrops.read();
        String error = lastError.get();
        if (error == null && (drops.spans() != 0 || drops.logRecords() != 0)) {
            error = "a batch processor's queue was full (OTEL_BSP_MAX_QUEUE_SIZE, OTEL_BLRP_MAX_QUEUE_SIZE)";
        }
        return new Summary(spans.get() + drops.spans(), metricPoints.get(), logRecords.get() + drops.logRecords(),
                error);
    }

    /** Counts, from now on, what the batch processors reporting to {@code drops} drop. */
    void countQueueDrops(QueueDrops drops) {
        this.queueDrops = drops;
    }

    void spans(long n, String error) {
        add(spans, n, error);
    }

    void metricPoints(long n, String error) {
        add(metricPoints, n, error);
    }

    void logRecords(long n, String error) {
        add(logRecords, n, error);
    }

    private void add(AtomicLong counter, long n, String error) {
        if (n <= 0) {
            return;
        }
        counter.addAndGet(n);
        lastError.set(error);
    }

    /**
     * Telemetry that could not be exported.
     *
     * @param spans spans lost
     * @param metricPoints metric data points lost
     * @param logRecords log records lost
     * @param lastError the last reason given, or null if nothing was lost
     */
    public record Summary(long spans, long metricPoints, long logRecords, String lastError) {
        /** Whether anything was lost. */
        public boolean anyLost() {
            return spans != 0 || metricPoints != 0 || logRecords != 0;
        }

        /**
         * One line for a person, e.g. {@code telemetry lost: 3 spans, 5 metric points, 2 log records
         * could not be exported (last error: ...)}; empty when nothing was lost.
         */
        public String describe() {
            if (!anyLost()) {
                return "";
            }
            List<String> parts = new ArrayList<>(3);
            parts.add(spans + (spans == 1 ? " span" : " spans"));
            parts.add(metricPoints + (metricPoints == 1 ? " metric point" : " metric points"));
            parts.add(logRecords + (logRecords == 1 ? " log record" : " log records"));
            return "telemetry lost: " + String.join(", ", parts) + " could not be exported (last error: "
                    + AnyValues.abbreviate(lastError == null ? "unknown" : lastError) + ")";
        }
    }
}
