package dev.wasiotel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.host.component.Component;
import dev.wasiotel.host.component.ComponentHost;
import dev.wasiotel.host.component.ComponentInstance;
import dev.wasiotel.host.wasi.Wasi;
import dev.wasiotel.host.wasi.WasiConfig;
import dev.wasiotel.otel.TelemetryLoss;
import dev.wasiotel.otel.WasiOtel;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import dev.wasiotel.wit.abi.StringEncoding;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Many guests on many threads feed the SDK's batch processors, whose exporters are slow and fail
 * every few batches, and whose queues are small enough to overflow: for spans, metric points and
 * log records alike, what the guests handed the host equals, exactly, what was exported plus what
 * was counted as dropped (a full batch queue, counted by the SDK's own processor metrics) or lost
 * (a failed export, counted by the exporter and, for metrics, by the adapter's {@link
 * TelemetryLoss}). Threads and seconds: system properties {@code load.threads} (8) and {@code
 * accounting.seconds} (15).
 */
class TelemetryAccountingLoadTest {
    private static final int THREADS = Integer.getInteger("load.threads", 8);
    private static final Duration DURATION = Duration.ofSeconds(Integer.getInteger("accounting.seconds", 15));
    private static final AttributeKey<Boolean> DROPPED = AttributeKey.booleanKey("dropped");
    /** The batch processors warn on every drop; the test counts drops instead (held: JUL keeps loggers weakly). */
    private static final java.util.logging.Logger QUIET_SPANS = quiet(BatchSpanProcessor.class);
    private static final java.util.logging.Logger QUIET_LOGS = quiet(BatchLogRecordProcessor.class);

    private static java.util.logging.Logger quiet(Class<?> c) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(c.getName());
        logger.setLevel(java.util.logging.Level.OFF);
        return logger;
    }

    @Test
    void whatGuestsHandInIsExportedOrCountedExactly() throws Exception {
        AtomicLong spansIn = new AtomicLong();
        AtomicLong metricExportsIn = new AtomicLong();
        AtomicLong logsIn = new AtomicLong();
        // the batch processors report their queue drops to this meter provider, as autoconfigure wires them
        InMemoryMetricReader processorMetrics = InMemoryMetricReader.create();
        SdkMeterProvider processorMeters = SdkMeterProvider.builder().registerMetricReader(processorMetrics).build();
        FlakySpans spans = new FlakySpans();
        FlakyMetrics metrics = new FlakyMetrics();
        FlakyLogs logs = new FlakyLogs();
        BatchSpanProcessor spanProcessor = BatchSpanProcessor.builder(spans).setMaxQueueSize(64)
                .setMaxExportBatchSize(16).setScheduleDelay(Duration.ofMillis(5)).setMeterProvider(processorMeters)
                .build();
        BatchLogRecordProcessor logProcessor = BatchLogRecordProcessor.builder(logs).setMaxQueueSize(32)
                .setMaxExportBatchSize(8).setScheduleDelay(Duration.ofMillis(5)).setMeterProvider(processorMeters)
                .build();
        TelemetryLoss loss = new TelemetryLoss();
        WasiOtel wasiOtel = WasiOtel.builder(OpenTelemetry.noop()).addSpanProcessor(spanProcessor)
                .addLogRecordProcessor(logProcessor).addMetricExporter(metrics).telemetryLoss(loss).build();
        List<HostFunctionDef> all = new ArrayList<>();
        for (HostFunctionDef d : wasiOtel.functions()) {
            AtomicLong counter = switch (d.name()) {
                case "on-end" -> spansIn;
                case "export" -> metricExportsIn;
                case "on-emit" -> logsIn;
                default -> null;
            };
            all.add(counter == null ? d : new HostFunctionDef(d.module(), d.name(), d.params(), d.results(),
                    (guest, a) -> {
                        counter.incrementAndGet();
                        return d.body().call(guest, a);
                    }));
        }
        all.addAll(Wasi.of(WasiConfig.defaults()).functions(StringEncoding.UTF8));
        ComponentHost host = ComponentHost.builder().provideAll(encoding -> all).build();
        Component component = Component.load(Files.readAllBytes(HostProcess.guest("c-otel")));

        // one run with every exporter healthy gives the number of points one metrics export carries
        metrics.healthy = true;
        host.instantiate(component).invoke("run", List.of("warm-up"));
        wasiOtel.forceFlush().join(10, TimeUnit.SECONDS);
        long pointsPerExport = metrics.exported.get();
        assertTrue(pointsPerExport > 0, "the guest exports metric points");
        metrics.healthy = false;

        long deadline = System.nanoTime() + DURATION.toNanos();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                try {
                    ComponentInstance instance = host.instantiate(component);
                    for (int i = 0; System.nanoTime() < deadline; i++) {
                        instance.invoke("run", List.of("t" + id + "-" + i));
                        if (i % 50 == 49) {
                            instance = host.instantiate(component);
                        }
                    }
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }, "guest-" + t);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertTrue(failures.isEmpty(), () -> "failures: " + failures);
        // shutting down exports (or fails to export) everything still queued
        assertTrue(spanProcessor.shutdown().join(30, TimeUnit.SECONDS).isSuccess(), "span processor shut down");
        assertTrue(logProcessor.shutdown().join(30, TimeUnit.SECONDS).isSuccess(), "log processor shut down");
        wasiOtel.shutdown(Duration.ofSeconds(30));

        long spansDropped = dropped(processorMetrics.collectAllMetrics(), "processedSpans");
        long logsDropped = dropped(processorMetrics.collectAllMetrics(), "processedLogs");
        TelemetryLoss.Summary lost = loss.summary();
        long metricPointsIn = metricExportsIn.get() * pointsPerExport;
        System.out.printf("accounting: %d threads x %d s%n"
                        + "  spans:         in %d = exported %d + export failed %d + dropped by a full queue %d%n"
                        + "  metric points: in %d = exported %d + lost %d (export failed %d, refused by a full queue %d)%n"
                        + "  log records:   in %d = exported %d + export failed %d + dropped by a full queue %d%n",
                THREADS, DURATION.toSeconds(), spansIn.get(), spans.exported.get(), spans.failed.get(), spansDropped,
                metricPointsIn, metrics.exported.get(), lost.metricPoints(), metrics.failed.get(),
                lost.metricPoints() - metrics.failed.get(), logsIn.get(),
                logs.exported.get(), logs.failed.get(), logsDropped);

        assertTrue(spans.failed.get() > 0 && spansDropped > 0, "the span path was overloaded and failing");
        assertTrue(metrics.failed.get() > 0, "the metric exporter failed");
        assertTrue(logs.failed.get() > 0, "the log exporter failed");
        assertEquals(spansIn.get(), spans.exported.get() + spans.failed.get() + spansDropped, "spans");
        // the adapter's loss count holds the failed exports and any batch its full queue refused
        assertTrue(lost.metricPoints() >= metrics.failed.get(), "failed exports are counted as lost");
        assertEquals(metricPointsIn, metrics.exported.get() + lost.metricPoints(), "metric points");
        assertEquals(logsIn.get(), logs.exported.get() + logs.failed.get() + logsDropped, "log records");
    }

    /** The sum of a batch processor's {@code processed*} counter over points with {@code dropped=true}. */
    private static long dropped(Collection<MetricData> metrics, String name) {
        long n = 0;
        for (MetricData m : metrics) {
            if (m.getName().equals(name)) {
                for (var p : m.getData().getPoints()) {
                    if (Boolean.TRUE.equals(p.getAttributes().get(DROPPED))) {
                        n += ((LongPointData) p).getValue();
                    }
                }
            }
        }
        return n;
    }

    /** Every third export fails; each takes a millisecond, so that queues fill under load. */
    private abstract static class Flaky {
        final AtomicLong exported = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        private final AtomicLong calls = new AtomicLong();
        volatile boolean healthy;

        CompletableResultCode export(int items) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!healthy && calls.incrementAndGet() % 3 == 0) {
                failed.addAndGet(items);
                return CompletableResultCode.ofExceptionalFailure(new java.io.IOException("collector unavailable"));
            }
            exported.addAndGet(items);
            return CompletableResultCode.ofSuccess();
        }

        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    private static final class FlakySpans extends Flaky implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> items) {
            return export(items.size());
        }
    }

    private static final class FlakyLogs extends Flaky implements LogRecordExporter {
        @Override
        public CompletableResultCode export(Collection<LogRecordData> items) {
            return export(items.size());
        }
    }

    private static final class FlakyMetrics extends Flaky implements MetricExporter {
        @Override
        public CompletableResultCode export(Collection<MetricData> items) {
            long points = 0;
            for (MetricData m : items) {
                points += m.getData().getPoints().size();
            }
            return export((int) points);
        }

        @Override
        public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
            return AggregationTemporality.CUMULATIVE;
        }
    }
}
