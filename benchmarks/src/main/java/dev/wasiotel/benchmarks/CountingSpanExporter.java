package dev.wasiotel.benchmarks;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;

/** An exporter that only counts spans, so that a benchmark and its baseline pay the same export cost. */
final class CountingSpanExporter implements SpanExporter {
    private final AtomicLong spans = new AtomicLong();
    private volatile SpanData last;

    /** Spans exported so far. */
    long count() {
        return spans.get();
    }

    /** The last span exported, or null (for a benchmark's check that two paths export the same span). */
    SpanData last() {
        return last;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> batch) {
        spans.addAndGet(batch.size());
        for (SpanData s : batch) {
            last = s;
        }
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
