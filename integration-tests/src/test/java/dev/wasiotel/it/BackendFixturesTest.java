package dev.wasiotel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.zipkin.ZipkinSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The backends the end-to-end tests rely on, checked with the OpenTelemetry Java SDK's own
 * exporters: a span reaches the Zipkin server and is read back through its API; a span, a metric
 * and a log record reach the OTLP receiver and decode.
 */
class BackendFixturesTest {

    @Test
    void zipkinStoresWhatTheSdkExports() throws Exception {
        try (ZipkinServer zipkin = ZipkinServer.start()) {
            Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
                    AttributeKey.stringKey("service.name"), "fixture-check")));
            try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                    .setResource(resource)
                    .addSpanProcessor(SimpleSpanProcessor.create(ZipkinSpanExporter.builder()
                            .setEndpoint(zipkin.spansEndpoint()).build())).build()).build()) {
                Span span = sdk.getTracer("fixture").spanBuilder("hello-zipkin").setAttribute("k", "v").startSpan();
                span.end();
                sdk.getSdkTracerProvider().forceFlush().join(10, java.util.concurrent.TimeUnit.SECONDS);
                List<JsonNode> spans = zipkin.spans("fixture-check", 1, Duration.ofSeconds(20));
                assertEquals(1, spans.size(), spans.toString());
                assertEquals("hello-zipkin", spans.get(0).get("name").asText());
                assertEquals(span.getSpanContext().getSpanId(), spans.get(0).get("id").asText());
                assertEquals("v", spans.get(0).get("tags").get("k").asText());
            }
        }
    }

    @Test
    void otlpReceiverDecodesAllThreeSignals() throws Exception {
        try (OtlpReceiver otlp = OtlpReceiver.start();
                OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(
                                OtlpHttpSpanExporter.builder().setEndpoint(otlp.endpoint() + "/v1/traces").build()))
                                .build())
                        .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(PeriodicMetricReader
                                .builder(OtlpHttpMetricExporter.builder().setEndpoint(otlp.endpoint() + "/v1/metrics")
                                        .build()).setInterval(Duration.ofHours(1)).build()).build())
                        .setLoggerProvider(SdkLoggerProvider.builder().addLogRecordProcessor(SimpleLogRecordProcessor
                                .create(OtlpHttpLogRecordExporter.builder().setEndpoint(otlp.endpoint() + "/v1/logs")
                                        .build())).build())
                        .build()) {
            sdk.getTracer("fixture").spanBuilder("hello-otlp").startSpan().end();
            sdk.getMeter("fixture").counterBuilder("requests").build().add(3);
            sdk.getSdkLoggerProvider().get("fixture").logRecordBuilder().setBody("hello log").emit();
            sdk.getSdkMeterProvider().forceFlush().join(10, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(OtlpReceiver.await(() -> !otlp.spans().isEmpty() && !otlp.metrics().isEmpty()
                    && !otlp.logRecords().isEmpty(), Duration.ofSeconds(20)), "all three signals arrive");
            assertEquals("hello-otlp", otlp.spans().get(0).getName());
            assertEquals("requests", otlp.metrics().get(0).getName());
            assertEquals(3, otlp.metrics().get(0).getSum().getDataPoints(0).getAsInt());
            assertEquals("hello log", otlp.logRecords().get(0).getBody().getStringValue());
        }
    }
}
