package dev.wasiotel.host.fuzz;

import dev.wasiotel.host.wasi.Wasi;
import dev.wasiotel.host.wasi.WasiConfig;
import dev.wasiotel.otel.WasiOtel;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.LogRecordProcessor;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricExporter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The host functions {@code wasi-otel run} links a guest with — wasi:otel, wasi:observe and
 * wasi:logging on a real SDK, and WASI 0.2 with the guest's WASI calls nested under its open span —
 * with in-memory exporters emptied before each fuzz input (so that a long campaign does not
 * accumulate telemetry), no directory visible and discarded output.
 */
final class RunHosts implements AutoCloseable {
    private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
    private static final InMemoryMetricExporter METRICS = InMemoryMetricExporter.create();
    private static final InMemoryLogRecordExporter LOGS = InMemoryLogRecordExporter.create();
    private static final SpanProcessor SPAN_PROCESSOR = SimpleSpanProcessor.create(SPANS);
    private static final LogRecordProcessor LOG_PROCESSOR = SimpleLogRecordProcessor.create(LOGS);
    private static final OpenTelemetrySdk SDK = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SPAN_PROCESSOR).build())
            .setLoggerProvider(SdkLoggerProvider.builder().addLogRecordProcessor(LOG_PROCESSOR).build())
            .build();

    private final WasiOtel wasiOtel;
    private final Wasi wasi;

    RunHosts() {
        SPANS.reset();
        METRICS.reset();
        LOGS.reset();
        // a WasiOtel per input: its state (open spans, diagnostics) belongs to one guest
        wasiOtel = WasiOtel.builder(SDK).addSpanProcessor(SPAN_PROCESSOR).addMetricExporter(METRICS)
                .addLogRecordProcessor(LOG_PROCESSOR).build();
        wasi = Wasi.of(WasiConfig.builder().stdin(new byte[0]).stdout(OutputStream.nullOutputStream())
                .stderr(OutputStream.nullOutputStream()).build());
    }

    /** Every host function for guests using {@code encoding}, as the CLI's run command lists them. */
    List<HostFunctionDef> functions(StringEncoding encoding) {
        List<HostFunctionDef> all = new ArrayList<>(wasiOtel.functions(encoding));
        all.addAll(WasiOtel.inGuestContext(wasi.functions(encoding)));
        return all;
    }

    @Override
    public void close() {
        wasi.close();
    }
}
