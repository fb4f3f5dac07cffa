package dev.wasiotel.otel;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.LogRecordProcessor;
import io.opentelemetry.sdk.logs.ReadWriteLogRecord;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * Processors that pass everything to the configured processor and count in {@link TelemetryLoss}
 * what enters it: the sampled spans ended (what an exporting processor exports) and the log records
 * emitted. Host and guest telemetry go through the same processors, so both are counted.
 */
final class CountingProcessors {
    private CountingProcessors() {
    }

    static final class Spans implements SpanProcessor {
        private final SpanProcessor delegate;
        private final TelemetryLoss loss;

        Spans(SpanProcessor delegate, TelemetryLoss loss) {
            this.delegate = delegate;
            this.loss = loss;
        }

        @Override
        public void onStart(Context parentContext, ReadWriteSpan span) {
            delegate.onStart(parentContext, span);
        }

        @Override
        public boolean isStartRequired() {
            return delegate.isStartRequired();
        }

        @Override
        public void onEnd(ReadableSpan span) {
            if (span.getSpanContext().isSampled()) {
                loss.spanEnded();
            }
            delegate.onEnd(span);
        }

        @Override
        public boolean isEndRequired() {
            return delegate.isEndRequired();
        }

        @Override
        public CompletableResultCode forceFlush() {
            return delegate.forceFlush();
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

    static final class Logs implements LogRecordProcessor {
        private final LogRecordProcessor delegate;
        private final TelemetryLoss loss;

        Logs(LogRecordProcessor delegate, TelemetryLoss loss) {
            this.delegate = delegate;
            this.loss = loss;
        }

        @Override
        public void onEmit(Context context, ReadWriteLogRecord logRecord) {
            loss.logRecordEmitted();
            delegate.onEmit(context, logRecord);
        }

        @Override
        public CompletableResultCode forceFlush() {
            return delegate.forceFlush();
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
