package dev.wasiotel.otel.fuzz;

import dev.wasiotel.wit.runtime.testing.FuzzGuest;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wasiotel.otel.WasiOtel;
import dev.wasiotel.wit.runtime.GuestLimits;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.runtime.WitTrap;
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
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Jazzer target for the lifting of every import the adapter serves — wasi:otel tracing ({@code
 * on-start}, {@code on-end}, {@code current-span-context}, {@code outer-span-context}), metrics
 * ({@code export}), logs ({@code on-emit}), wasi:observe and wasi:logging — with a real SDK behind
 * (simple processors, in-memory exporters emptied before each input). A guest (a {@link FuzzGuest}:
 * one page of memory the fuzzer filled, a conforming or a lying {@code cabi_realloc}) makes up to
 * eight calls to any of these functions with arguments the fuzzer chose. The only acceptable
 * outcomes are a return or a {@link WitTrap} (after which the instance is dead and the sequence
 * ends); anything else escaping — from the adapter or from the SDK it feeds — is a finding.
 */
class OtelImportsFuzzTest {
    /** Held so that its level stays set: one warning per repair would be most of a campaign's time and log. */
    private static final Logger ADAPTER_LOG = quiet(Logger.getLogger("dev.wasiotel.otel"));
    private static final GuestLimits LIMITS = GuestLimits.defaults().withMaxLiftBytesPerCall(1 << 20);
    private static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
    private static final InMemoryMetricExporter METRICS = InMemoryMetricExporter.create();
    private static final InMemoryLogRecordExporter LOGS = InMemoryLogRecordExporter.create();
    private static final SpanProcessor SPAN_PROCESSOR = SimpleSpanProcessor.create(SPANS);
    private static final LogRecordProcessor LOG_PROCESSOR = SimpleLogRecordProcessor.create(LOGS);
    private static final OpenTelemetrySdk SDK = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SPAN_PROCESSOR).build())
            .setLoggerProvider(SdkLoggerProvider.builder().addLogRecordProcessor(LOG_PROCESSOR).build())
            .build();

    private static Logger quiet(Logger logger) {
        logger.setLevel(Level.SEVERE);
        return logger;
    }

    @FuzzTest
    void call(FuzzedDataProvider data) {
        SPANS.reset();
        METRICS.reset();
        LOGS.reset();
        // a WasiOtel per input: its state (open spans, diagnostics) belongs to one guest
        WasiOtel wasiOtel = WasiOtel.builder(SDK).addSpanProcessor(SPAN_PROCESSOR).addMetricExporter(METRICS)
                .addLogRecordProcessor(LOG_PROCESSOR).build();
        List<HostFunctionDef> defs = wasiOtel.functions(StringEncoding.values()[data.consumeInt(0, 2)]);
        FuzzGuest guest = new FuzzGuest(data, LIMITS);
        for (int i = 0; i < 8 && data.remainingBytes() > 0; i++) {
            HostFunctionDef def = defs.get(data.consumeInt(0, defs.size() - 1));
            try {
                def.body().call(guest, FuzzGuest.arguments(def, data));
            } catch (WitTrap e) {
                return;
            }
        }
    }
}
