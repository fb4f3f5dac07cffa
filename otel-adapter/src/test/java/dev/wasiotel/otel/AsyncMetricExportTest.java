package dev.wasiotel.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.otel.bindings.wasi.otel.metrics.ResourceMetrics;
import dev.wasiotel.wit.runtime.Result;
import dev.wasiotel.wit.runtime.Unit;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code metrics.export} never waits for, nor fails with, the collector: it queues the data for the
 * adapter's export thread and answers {@code ok}; what cannot be exported is counted as lost. Only a
 * full queue answers {@code err}.
 */
class AsyncMetricExportTest {
    /** The twelve metrics of {@link MetricsTest}, one point each. */
    static final ResourceMetrics TWELVE = MetricsTest.allTwelve();

    /** A metric exporter that does not answer until the test releases it. */
    static final class BlockedExporter implements MetricExporter {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch entered = new CountDownLatch(1);
        final AtomicInteger exported = new AtomicInteger();

        @Override
        public CompletableResultCode export(Collection<MetricData> metrics) {
            entered.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CompletableResultCode.ofFailure();
            }
            exported.addAndGet(metrics.size());
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            release.countDown();
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public AggregationTemporality getAggregationTemporality(InstrumentType type) {
            return AggregationTemporality.CUMULATIVE;
        }
    }

    @Test
    void theGuestGetsOkWhileTheExporterIsStillBusy() throws Exception {
        BlockedExporter exporter = new BlockedExporter();
        try (Harness h = new Harness(TelemetryLimits.defaults(), exporter)) {
            TestGuest g = h.guest();
            assertEquals(Result.ok(), Harness.export(g, TWELVE));
            assertTrue(exporter.entered.await(30, TimeUnit.SECONDS), "the export thread has the batch");
            // the guest's call has returned although the exporter has not answered
            assertEquals(0, exporter.exported.get());
            exporter.release.countDown();
            assertTrue(h.wasiOtel.forceFlush().join(30, TimeUnit.SECONDS).isSuccess());
            assertEquals(12, exporter.exported.get());
            assertEquals(0, h.wasiOtel.telemetryLoss().summary().metricPoints());
        }
    }

    @Test
    void aFullQueueIsTheOnlyErrAndItsPointsAreCounted() throws Exception {
        BlockedExporter exporter = new BlockedExporter();
        TelemetryLimits d = TelemetryLimits.defaults();
        TelemetryLimits small = new TelemetryLimits(d.spans(), d.logs(), d.maxNameLength(), d.maxMetricNameLength(),
                d.maxPointsPerExport(), 12, d.maxHistogramBuckets(), d.maxExemplarsPerPoint(), d.maxLogBodyLength());
        try (Harness h = new Harness(small, exporter)) {
            TestGuest g = h.guest();
            assertEquals(Result.ok(), Harness.export(g, TWELVE)); // 12 points: the queue's capacity
            Result<Unit, String> refused = Harness.export(g, TWELVE);
            assertTrue(refused instanceof Result.Err<Unit, String> e
                    && e.error().startsWith("the host's metric export queue is full (12 of 12 metric points waiting"
                            + " for the exporter); 12 points refused"), refused.toString());
            assertEquals(1, h.diag().count(Repair.METRIC_EXPORT_REFUSED));
            exporter.release.countDown();
            assertTrue(h.wasiOtel.forceFlush().join(30, TimeUnit.SECONDS).isSuccess());
            assertEquals(12, exporter.exported.get());
            assertEquals(12, h.wasiOtel.telemetryLoss().summary().metricPoints());
            // drained: accepted again
            assertEquals(Result.ok(), h.exportAndFlush(g, TWELVE));
            assertEquals(24, exporter.exported.get());
        }
    }

    /** The guest's metrics through the standard OTLP exporter at {@code endpoint}. */
    static TelemetryLoss.Summary exportThroughOtlp(String endpoint) {
        Map<String, String> config = new HashMap<>();
        config.put("otel.traces.exporter", "none");
        config.put("otel.logs.exporter", "none");
        config.put("otel.metrics.exporter", "otlp");
        config.put("otel.exporter.otlp.protocol", "http/protobuf");
        config.put("otel.exporter.otlp.endpoint", endpoint);
        config.put("otel.exporter.otlp.timeout", "1000");
        config.put("otel.java.exporter.otlp.retry.disabled", "true");
        config.put("otel.metric.export.interval", "3600000"); // only the guest's metrics are exported here
        WasiOtelSdk sdk = WasiOtelSdk.fromEnvironment(config);
        try {
            TestGuest g = new TestGuest(sdk.wasiOtel().functions());
            assertEquals(Result.ok(), Harness.export(g, TWELVE));
            assertTrue(sdk.wasiOtel().forceFlush().join(30, TimeUnit.SECONDS).isSuccess());
            return sdk.telemetryLoss().summary();
        } finally {
            sdk.close();
        }
    }

    @Test
    void aCollectorOnAClosedPortNeitherBlocksNorFailsTheGuest() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again before the export
        }
        TelemetryLoss.Summary lost = exportThroughOtlp("http://127.0.0.1:" + port);
        assertEquals(12, lost.metricPoints());
        assertTrue(lost.describe().contains("could not be exported (last error: metric export failed"), lost.describe());
    }

    @Test
    void aCollectorThatNeverAnswersNeitherBlocksNorFailsTheGuest() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        Socket s = server.accept(); // and never answer
                        synchronized (accepted) {
                            accepted.add(s);
                        }
                        InputStream in = s.getInputStream();
                        in.skip(0);
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            }, "never-answers");
            acceptor.setDaemon(true);
            acceptor.start();
            TelemetryLoss.Summary lost = exportThroughOtlp("http://127.0.0.1:" + server.getLocalPort());
            assertEquals(12, lost.metricPoints());
            synchronized (accepted) {
                assertTrue(!accepted.isEmpty(), "the exporter reached the server");
                for (Socket s : accepted) {
                    s.close();
                }
            }
        }
    }
}
