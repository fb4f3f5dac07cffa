package dev.wasiotel.host.console;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.logs.ConfigurableLogRecordExporterProvider;
import io.opentelemetry.sdk.autoconfigure.spi.metrics.ConfigurableMetricExporterProvider;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.MemoryMode;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.PrintStream;
import java.util.Collection;

/**
 * Exporters that print telemetry readably to standard error, one line per span, metric point and
 * log record, registered with autoconfigure under the name {@value #NAME} (e.g. {@code
 * OTEL_TRACES_EXPORTER=wasi-otel-console}); {@code wasi-otel run} uses them when no exporter is
 * configured. Standard error keeps the guest's own standard output clean.
 */
public final class ConsoleExporters {
    /** The exporter name for autoconfigure. */
    public static final String NAME = "wasi-otel-console";

    private ConsoleExporters() {
    }

    /** Prints lines under one lock so that the signals' lines do not interleave. */
    private static void print(Collection<String> lines) {
        PrintStream err = System.err;
        synchronized (err) {
            lines.forEach(err::println);
            err.flush();
        }
    }

    /** Spans. */
    public static final class Spans implements SpanExporter, ConfigurableSpanExporterProvider {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            java.util.List<String> lines = new java.util.ArrayList<>();
            spans.forEach(s -> lines.addAll(ConsoleFormat.span(s)));
            print(lines);
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

        @Override
        public SpanExporter createExporter(ConfigProperties config) {
            return new Spans();
        }

        @Override
        public String getName() {
            return NAME;
        }
    }

    /** Metrics, with the temporality each instrument's default asks for. */
    public static final class Metrics implements MetricExporter, ConfigurableMetricExporterProvider {
        @Override
        public CompletableResultCode export(Collection<MetricData> metrics) {
            java.util.List<String> lines = new java.util.ArrayList<>();
            for (MetricData m : metrics) {
                // the SDK's metrics about itself (queue sizes of its processors) are not the guest's telemetry
                if (!m.getInstrumentationScopeInfo().getName().startsWith("io.opentelemetry.sdk")) {
                    lines.addAll(ConsoleFormat.metric(m));
                }
            }
            print(lines);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
            return AggregationTemporality.CUMULATIVE;
        }

        @Override
        public MemoryMode getMemoryMode() {
            return MemoryMode.IMMUTABLE_DATA;
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public MetricExporter createExporter(ConfigProperties config) {
            return new Metrics();
        }

        @Override
        public String getName() {
            return NAME;
        }
    }

    /** Log records. */
    public static final class Logs implements LogRecordExporter, ConfigurableLogRecordExporterProvider {
        @Override
        public CompletableResultCode export(Collection<LogRecordData> logs) {
            java.util.List<String> lines = new java.util.ArrayList<>();
            logs.forEach(l -> lines.add(ConsoleFormat.log(l)));
            print(lines);
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

        @Override
        public LogRecordExporter createExporter(ConfigProperties config) {
            return new Logs();
        }

        @Override
        public String getName() {
            return NAME;
        }
    }
}
