package dev.wasiotel.otel;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import java.util.Collection;

/**
 * Reads, from the SDK's own processor metrics, how many spans and log records the batch processors
 * dropped because their queue was full — telemetry an exporter never saw, so no counting exporter
 * can count it. The SDK reports these drops only as metrics (legacy {@code processedSpans} and
 * {@code processedLogs} with {@code dropped=true}; semantic-convention {@code
 * otel.sdk.processor.span.processed} and {@code otel.sdk.processor.log.processed} with an {@code
 * error.type}), so this reader is registered with the meter provider the processors report to. It
 * keeps the last reading taken at shutdown, since the meter provider cannot be read after it.
 */
final class QueueDrops implements MetricReader {
    private static final AttributeKey<Boolean> DROPPED = AttributeKey.booleanKey("dropped");
    private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private volatile CollectionRegistration registration = CollectionRegistration.noop();
    private volatile Counts last = new Counts(0, 0);

    /** Spans and log records dropped by full batch queues. */
    record Counts(long spans, long logRecords) {
    }

    /** The drops so far (the final ones once the meter provider has shut down). */
    Counts read() {
        Collection<MetricData> metrics = registration.collectAllMetrics();
        if (metrics.isEmpty()) {
            return last; // shut down, or nothing reported yet
        }
        long spans = 0;
        long logs = 0;
        for (MetricData m : metrics) {
            switch (m.getName()) {
                case "processedSpans", "otel.sdk.processor.span.processed" -> spans += dropped(m);
                case "processedLogs", "otel.sdk.processor.log.processed" -> logs += dropped(m);
                default -> {
                }
            }
        }
        Counts counts = new Counts(spans, logs);
        last = counts;
        return counts;
    }

    private static long dropped(MetricData m) {
        long n = 0;
        for (PointData p : m.getData().getPoints()) {
            boolean drop = Boolean.TRUE.equals(p.getAttributes().get(DROPPED)) || p.getAttributes().get(ERROR_TYPE) != null;
            if (drop && p instanceof LongPointData l) {
                n += l.getValue();
            }
        }
        return n;
    }

    @Override
    public void register(CollectionRegistration registration) {
        this.registration = registration;
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
        return AggregationTemporality.CUMULATIVE;
    }

    @Override
    public CompletableResultCode forceFlush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        read();
        registration = CollectionRegistration.noop();
        return CompletableResultCode.ofSuccess();
    }
}
