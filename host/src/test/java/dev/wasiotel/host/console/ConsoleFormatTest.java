package dev.wasiotel.host.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableLongPointData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableMetricData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableSumData;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Guest text printed on the console cannot add lines or drive the terminal: a span name with a
 * newline and ANSI escapes (the forged {@code span ...} line of issue 11) prints as one line with
 * visible escapes, and so do attributes, events, log records and metric names.
 */
class ConsoleFormatTest {
    private static final String FORGED = "ok\n\u001b[2Kspan   forged-span  trace=0 span=0\u001b[0m";

    @Test
    void aForgedSpanNamePrintsAsOneLineWithVisibleEscapes() {
        SpanData span = span(FORGED, Attributes.of(AttributeKey.stringKey("k\u2028ey"), "v\r\nal\u202eue"));
        List<String> lines = ConsoleFormat.span(span);
        assertEquals(1, lines.size(), lines::toString);
        String line = lines.get(0);
        assertTrue(line.startsWith("span   ok\\n\\u001b[2Kspan   forged-span  trace=0 span=0\\u001b[0m  trace="), line);
        assertTrue(line.contains("k\\u2028ey=v\\r\\nal\\u202eue"), line);
        assertNoControls(line);
    }

    @Test
    void eventsAndStatusAreEscapedToo() {
        SdkTracerProviderHolder h = new SdkTracerProviderHolder();
        h.provider.get("scope\u001b").spanBuilder("s").startSpan()
                .addEvent("ev\nent", Attributes.of(AttributeKey.stringArrayKey("a"), List.of("x\n", "\u0085y")))
                .setStatus(io.opentelemetry.api.trace.StatusCode.ERROR, "bad\u009b31m")
                .end();
        List<String> lines = ConsoleFormat.span(h.spans.get(0));
        assertEquals(2, lines.size(), lines::toString);
        assertTrue(lines.get(0).contains("status=ERROR(bad\\u009b31m)") && lines.get(0).contains("scope=scope\\u001b"),
                lines.get(0));
        assertEquals("         event ev\\nent {a=[x\\n, \\u0085y]}", lines.get(1));
        lines.forEach(ConsoleFormatTest::assertNoControls);
    }

    @Test
    void logBodiesAndSeverityTextAreEscaped() {
        List<LogRecordData> logs = new ArrayList<>();
        LogRecordExporter exporter = new LogRecordExporter() {
            @Override
            public CompletableResultCode export(Collection<LogRecordData> records) {
                logs.addAll(records);
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
        };
        try (SdkLoggerProvider provider = SdkLoggerProvider.builder()
                .addLogRecordProcessor(SimpleLogRecordProcessor.create(exporter)).build()) {
            provider.get("g").logRecordBuilder().setSeverity(Severity.INFO).setSeverityText("IN\u001b[1mFO")
                    .setBody("done\nlog    INFO forged\u2067").setAttribute(AttributeKey.stringKey("\tk"), "\u007f")
                    .emit();
        }
        String line = ConsoleFormat.log(logs.get(0));
        assertEquals("log    IN\\u001b[1mFO done\\nlog    INFO forged\\u2067 {\\tk=\\u007f}", line);
    }

    @Test
    void metricNamesAndUnitsAreEscaped() {
        MetricData metric = ImmutableMetricData.createLongSum(Resource.empty(), InstrumentationScopeInfo.create("g"),
                "guest\nmetric    forged", "", "b\u001by",
                ImmutableSumData.create(true, AggregationTemporality.CUMULATIVE,
                        List.of(ImmutableLongPointData.create(0, 1, Attributes.of(AttributeKey.stringKey("k"),
                                "\u202a"), 7))));
        List<String> lines = ConsoleFormat.metric(metric);
        assertEquals(List.of("metric guest\\nmetric    forged (long_sum, b\\u001by) {k=\\u202a} = 7"), lines);
    }

    private static void assertNoControls(String line) {
        for (int i = 0; i < line.length(); i++) {
            assertFalse(ConsoleText.unsafe(line.charAt(i)), "raw U+" + Integer.toHexString(line.charAt(i)) + " in "
                    + line);
        }
    }

    private static SpanData span(String name, Attributes attributes) {
        SdkTracerProviderHolder h = new SdkTracerProviderHolder();
        h.provider.get("g").spanBuilder(name).setAllAttributes(attributes).startSpan().end();
        return h.spans.get(0);
    }

    /** A real tracer provider whose ended spans land in a list. */
    private static final class SdkTracerProviderHolder {
        final List<SpanData> spans = new ArrayList<>();
        final SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(new SpanExporter() {
                    @Override
                    public CompletableResultCode export(Collection<SpanData> data) {
                        spans.addAll(data);
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
                })).build();
    }
}
