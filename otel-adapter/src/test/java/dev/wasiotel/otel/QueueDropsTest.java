package dev.wasiotel.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Spans a full batch queue drops reach the loss summary, which no exporter could have counted. */
class QueueDropsTest {

    /** Blocks its first export until released, so that the queue behind it fills. */
    private static final class BlockedExporter implements SpanExporter {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            entered.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
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

    @Test
    void spansDroppedByAFullQueueAreCountedAsLost() throws Exception {
        QueueDrops drops = new QueueDrops();
        TelemetryLoss loss = new TelemetryLoss();
        loss.countQueueDrops(drops);
        SdkMeterProvider meters = SdkMeterProvider.builder().registerMetricReader(drops).build();
        BlockedExporter exporter = new BlockedExporter();
        BatchSpanProcessor processor = BatchSpanProcessor.builder(exporter).setMaxQueueSize(2).setMaxExportBatchSize(1)
                .setScheduleDelay(Duration.ofMillis(1)).setMeterProvider(meters).build();
        SdkTracerProvider tracers = SdkTracerProvider.builder().addSpanProcessor(processor).build();
        Tracer tracer = tracers.get("test");

        tracer.spanBuilder("first").startSpan().end();
        assertTrue(exporter.entered.await(10, TimeUnit.SECONDS), "the worker took the first span");
        for (int i = 0; i < 10; i++) {
            tracer.spanBuilder("more").startSpan().end(); // two fit in the queue, eight are dropped
        }
        assertEquals(8, loss.summary().spans());
        assertTrue(loss.summary().lastError().contains("queue was full"), loss.summary().lastError());

        exporter.release.countDown();
        tracers.shutdown().join(10, TimeUnit.SECONDS);
        meters.shutdown().join(10, TimeUnit.SECONDS);
        assertEquals(8, loss.summary().spans(), "the last reading survives the meter provider's shutdown");
    }

    @Test
    void anAutoconfiguredSdkThatLostNothingReportsNothing() {
        try (WasiOtelSdk otel = WasiOtelSdk.fromEnvironment(Map.of("otel.traces.exporter", "none",
                "otel.metrics.exporter", "none", "otel.logs.exporter", "none"))) {
            assertEquals(0, otel.telemetryLoss().summary().spans());
            assertTrue(!otel.telemetryLoss().summary().anyLost());
        }
    }
}
