package dev.wasiotel.otel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Counts the telemetry that could not be exported — spans, metric points and log records an
 * exporter failed on or timed out with, or that the host refused because its queue was full — so
 * that a lost backend is never silent. What the adapter drops on purpose (limits, malformed input)
 * is not loss but a {@link Repair}, counted in {@link Diagnostics}. Beside the loss it keeps the
 * {@linkplain #account() account} a long-running host prints when it stops: what entered the export
 * pipelines (spans ended, log records emitted) and what the exporters took. Thread-safe.
 */
public final class TelemetryLoss {
    private final AtomicLong spans = new AtomicLong();
    private final AtomicLong metricPoints = new AtomicLong();
    private final AtomicLong logRecords = new AtomicLong();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private volatile QueueDrops queueDrops;
    private final LongAdder spansEnded = new LongAdder();
    private final LongAdder spansExported = new LongAdder();
    private final LongAdder metricPointsExported = new LongAdder();
    private final LongAdder logRecordsEmitted = new LongAdder();
    private final LongAdder logRecordsExported = new LongAdder();

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

    /**
     * The account so far: spans ended and log records emitted into the export pipelines, what the
     * exporters exported and what was lost. Complete once the SDK has shut down (the batch queues
     * are empty then), when {@code ended = exported + lost} for spans and log records alike unless
     * something vanished without being counted.
     */
    public Account account() {
        return new Account(spansEnded.sum(), spansExported.sum(), metricPointsExported.sum(), logRecordsEmitted.sum(),
                logRecordsExported.sum(), summary());
    }

    void spanEnded() {
        spansEnded.increment();
    }

    void logRecordEmitted() {
        logRecordsEmitted.increment();
    }

    void spansExported(long n) {
        spansExported.add(n);
    }

    void metricPointsExported(long n) {
        metricPointsExported.add(n);
    }

    void logRecordsExported(long n) {
        logRecordsExported.add(n);
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

    /**
     * Everything a host's telemetry went through, for the line it prints when it stops. A span or log
     * record sent to several exporters (e.g. {@code OTEL_TRACES_EXPORTER=otlp,console}) is ended once
     * per export pipeline and exported once per exporter.
     *
     * @param spansEnded sampled spans ended into the span processors (host and guest spans)
     * @param spansExported spans the exporters reported exported
     * @param metricPointsExported metric points the exporters reported exported
     * @param logRecordsEmitted log records emitted into the log record processors
     * @param logRecordsExported log records the exporters reported exported
     * @param lost what could not be exported (the {@code dropped} counts)
     */
    public record Account(long spansEnded, long spansExported, long metricPointsExported, long logRecordsEmitted,
            long logRecordsExported, Summary lost) {
        /** Spans and log records that entered but were neither exported nor counted as lost. */
        public long unaccounted() {
            return Math.max(0, spansEnded - spansExported - lost.spans())
                    + Math.max(0, logRecordsEmitted - logRecordsExported - lost.logRecords());
        }

        /**
         * One line, e.g. {@code telemetry: 12,345 spans ended, 12,345 exported, 0 dropped; 96 metric
         * points exported, 0 dropped; 0 log records emitted, 0 exported, 0 dropped}, followed by the
         * last error when something was dropped.
         */
        public String describe() {
            String line = "telemetry: " + n(spansEnded) + " spans ended, " + n(spansExported) + " exported, "
                    + n(lost.spans()) + " dropped; " + n(metricPointsExported) + " metric points exported, "
                    + n(lost.metricPoints()) + " dropped; " + n(logRecordsEmitted) + " log records emitted, "
                    + n(logRecordsExported) + " exported, " + n(lost.logRecords()) + " dropped";
            if (unaccounted() != 0) {
                line += "; " + n(unaccounted()) + " unaccounted";
            }
            if (lost.anyLost()) {
                line += " (last error: " + AnyValues.abbreviate(lost.lastError() == null ? "unknown" : lost.lastError())
                        + ")";
            }
            return line;
        }

        private static String n(long v) {
            return String.format(Locale.ROOT, "%,d", v);
        }
    }
}
