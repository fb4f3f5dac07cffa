package dev.wasiotel.otel;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;

/**
 * Exporters that pass everything to the configured exporter and count in {@link TelemetryLoss}
 * what it could not export: the items of every batch whose result fails (or that throws).
 */
final class CountingExporters {
    private CountingExporters() {
    }

    /** The text a failed export result gives, for the loss summary. */
    static String reason(String what, CompletableResultCode r) {
        Throwable t = r.getFailureThrowable();
        return t == null ? what + " failed" : what + " failed: " + t;
    }

    /**
     * Counts {@code n} lost through {@code count} when {@code r} completes unsuccessfully, and
     * exported when it succeeds.
     */
    static CompletableResultCode counted(CompletableResultCode r, long n, String what, Counter count) {
        r.whenComplete(() -> {
            if (r.isSuccess()) {
                count.exported(n);
            } else {
                count.lost(n, reason(what, r));
            }
        });
        return r;
    }

    /** Where a loss (and a success) goes. */
    interface Counter {
        void lost(long n, String error);

        /** Counts {@code n} exported. */
        default void exported(long n) {
        }
    }

    /** The counter of one signal of {@code loss}. */
    private static Counter counter(Counter lost, java.util.function.LongConsumer exported) {
        return new Counter() {
            @Override
            public void lost(long n, String error) {
                lost.lost(n, error);
            }

            @Override
            public void exported(long n) {
                exported.accept(n);
            }
        };
    }

    /**
     * Runs one export of {@code n} items of a {@code kind} (e.g. "span"), counting them lost if its
     * result fails or the exporter throws (rethrown, as the SDK expects).
     */
    static CompletableResultCode export(java.util.function.Supplier<CompletableResultCode> export, long n,
            String kind, Counter count) {
        try {
            return counted(export.get(), n, kind + " export", count);
        } catch (RuntimeException e) {
            count.lost(n, kind + " exporter threw " + e);
            throw e;
        }
    }

    /** Counts the number of points of metric data (what the loss summary reports for metrics). */
    static long points(Collection<MetricData> metrics) {
        long n = 0;
        for (MetricData m : metrics) {
            n += m.getData().getPoints().size();
        }
        return n;
    }

    static final class Spans implements SpanExporter {
        private final SpanExporter delegate;
        private final TelemetryLoss loss;

        Spans(SpanExporter delegate, TelemetryLoss loss) {
            this.delegate = delegate;
            this.loss = loss;
        }

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            return CountingExporters.export(() -> delegate.export(spans), spans.size(), "span",
                    counter(loss::spans, loss::spansExported));
        }

        @Override
        public CompletableResultCode flush() {
            return delegate.flush();
        }

        @Override
        public CompletableResultCode shutdown() {
            return delegate.shutdown();
        }

        @Override
        public String toString() {
            return "Counting{" + delegate + "}";
        }
    }

    static final class Logs implements LogRecordExporter {
        private final LogRecordExporter delegate;
        private final TelemetryLoss loss;

        Logs(LogRecordExporter delegate, TelemetryLoss loss) {
            this.delegate = delegate;
            this.loss = loss;
        }

        @Override
        public CompletableResultCode export(Collection<LogRecordData> logs) {
            return CountingExporters.export(() -> delegate.export(logs), logs.size(), "log record",
                    counter(loss::logRecords, loss::logRecordsExported));
        }

        @Override
        public CompletableResultCode flush() {
            return delegate.flush();
        }

        @Override
        public CompletableResultCode shutdown() {
            return delegate.shutdown();
        }

        @Override
        public String toString() {
            return "Counting{" + delegate + "}";
        }
    }

    /** For the host's own metrics (guest metrics are counted by {@link MetricQueue}). */
    static final class Metrics implements MetricExporter {
        private final MetricExporter delegate;
        private final Counter count;

        Metrics(MetricExporter delegate, TelemetryLoss loss) {
            this.delegate = delegate;
            this.count = counter(loss::metricPoints, loss::metricPointsExported);
        }

        @Override
        public CompletableResultCode export(Collection<MetricData> metrics) {
            return CountingExporters.export(() -> delegate.export(metrics), points(metrics), "metric", count);
        }

        @Override
        public AggregationTemporality getAggregationTemporality(InstrumentType type) {
            return delegate.getAggregationTemporality(type);
        }

        @Override
        public Aggregation getDefaultAggregation(InstrumentType type) {
            return delegate.getDefaultAggregation(type);
        }

        @Override
        public MemoryMode getMemoryMode() {
            return delegate.getMemoryMode();
        }

        @Override
        public CompletableResultCode flush() {
            return delegate.flush();
        }

        @Override
        public CompletableResultCode shutdown() {
            return delegate.shutdown();
        }

        @Override
        public String toString() {
            return "Counting{" + delegate + "}";
        }
    }
}
