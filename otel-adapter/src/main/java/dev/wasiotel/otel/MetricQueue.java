package dev.wasiotel.otel;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The asynchronous exporter behind the guests' {@code metrics.export}: a queue bounded in metric
 * points and one worker thread (a daemon, started on the first export) that hands each batch to the
 * metric exporters and waits for them at most {@value #EXPORT_TIMEOUT_SECONDS} s. The guest's call
 * returns as soon as the batch is queued, so nothing the collector does (refusing connections,
 * never answering) can block or fail the guest; a batch the exporters fail on or time out with is
 * counted in {@link TelemetryLoss}. Only a full queue refuses a batch (counted as loss too).
 */
final class MetricQueue {
    /** How long the worker waits for the exporters with one batch. */
    static final long EXPORT_TIMEOUT_SECONDS = 10;

    private final List<MetricExporter> exporters;
    private final TelemetryLoss loss;
    private final long maxQueuedPoints;
    private final AtomicLong queuedPoints = new AtomicLong();
    private ThreadPoolExecutor worker;
    private boolean shutDown;

    MetricQueue(List<MetricExporter> exporters, TelemetryLoss loss, long maxQueuedPoints) {
        this.exporters = List.copyOf(exporters);
        this.loss = loss;
        this.maxQueuedPoints = maxQueuedPoints;
    }

    /** One guest export waiting for the worker. */
    private final class Batch implements Runnable {
        final Collection<MetricData> data;
        final long points;

        Batch(Collection<MetricData> data, long points) {
            this.data = data;
            this.points = points;
        }

        @Override
        public void run() {
            try {
                export(data, points);
            } finally {
                queuedPoints.addAndGet(-points);
            }
        }
    }

    /** Queues {@code data}; returns null when accepted, else why the host refuses it (counted as lost). */
    String submit(Collection<MetricData> data) {
        if (exporters.isEmpty() || data.isEmpty()) {
            return null;
        }
        long points = CountingExporters.points(data);
        long queued = queuedPoints.addAndGet(points);
        if (queued > maxQueuedPoints) {
            queuedPoints.addAndGet(-points);
            return refuse(points, "the host's metric export queue is full (" + (queued - points) + " of "
                    + maxQueuedPoints + " metric points waiting for the exporter); " + points + " points refused");
        }
        try {
            executor().execute(new Batch(data, points));
            return null;
        } catch (RejectedExecutionException e) {
            queuedPoints.addAndGet(-points);
            return refuse(points, "the host is shutting down; " + points + " metric points refused");
        }
    }

    private String refuse(long points, String why) {
        loss.metricPoints(points, why);
        return why;
    }

    private synchronized ExecutorService executor() {
        if (shutDown) {
            throw new RejectedExecutionException("shut down");
        }
        if (worker == null) {
            worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "wasi-otel-metrics");
                t.setDaemon(true); // the host's exit is never held up by a collector; shutdown() flushes
                return t;
            });
        }
        return worker;
    }

    private void export(Collection<MetricData> data, long points) {
        List<CompletableResultCode> results = new ArrayList<>(exporters.size());
        for (MetricExporter e : exporters) {
            try {
                results.add(e.export(data));
            } catch (RuntimeException ex) {
                results.add(CompletableResultCode.ofExceptionalFailure(ex));
            }
        }
        CompletableResultCode all = CompletableResultCode.ofAll(results).join(EXPORT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!all.isSuccess()) {
            String why = all.isDone() ? CountingExporters.reason("metric export", failure(results))
                    : "metric export timed out after " + EXPORT_TIMEOUT_SECONDS + " s";
            loss.metricPoints(points, why);
        } else {
            loss.metricPointsExported(points);
        }
    }

    /** The first failed result (for its message), or one without a cause. */
    private static CompletableResultCode failure(List<CompletableResultCode> results) {
        for (CompletableResultCode r : results) {
            if (r.isDone() && !r.isSuccess()) {
                return r;
            }
        }
        return CompletableResultCode.ofFailure();
    }

    /** Succeeds once every batch queued before it has been exported (or given up on). */
    CompletableResultCode forceFlush() {
        CompletableResultCode done = new CompletableResultCode();
        ExecutorService w;
        synchronized (this) {
            w = worker;
        }
        if (w == null) {
            return done.succeed();
        }
        try {
            w.execute(done::succeed);
        } catch (RejectedExecutionException e) {
            done.succeed(); // shut down: nothing more will run
        }
        return done;
    }

    /**
     * Exports what is queued, waiting at most {@code timeout}; batches still queued after it are
     * counted as lost.
     */
    void shutdown(long timeout, TimeUnit unit) {
        ThreadPoolExecutor w;
        synchronized (this) {
            shutDown = true;
            w = worker;
        }
        if (w == null) {
            return;
        }
        w.shutdown();
        try {
            if (w.awaitTermination(timeout, unit)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long points = 0;
        for (Runnable r : w.shutdownNow()) {
            if (r instanceof Batch b) {
                points += b.points;
            }
        }
        loss.metricPoints(points, "metric export did not finish before shutdown");
    }
}
