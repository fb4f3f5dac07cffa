package dev.wasiotel.host.serve;

import dev.wasiotel.host.wasi.bindings.wasi.http.types.ErrorCode;
import dev.wasiotel.host.wasi.http.HttpErrors;
import dev.wasiotel.host.wasi.http.OutgoingObserver;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.net.URI;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The host's HTTP telemetry with the OpenTelemetry HTTP semantic conventions: the SERVER span and
 * {@code http.server.request.duration} of each request served, the CLIENT span and {@code
 * http.client.request.duration} of each outgoing request a guest makes (which carries the
 * {@code traceparent} of its CLIENT span through the SDK's configured propagators).
 */
final class HttpTelemetry implements OutgoingObserver {
    static final String SCOPE = "dev.wasiotel.host.serve";

    static final AttributeKey<String> HTTP_REQUEST_METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<Long> HTTP_RESPONSE_STATUS_CODE = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> URL_PATH = AttributeKey.stringKey("url.path");
    static final AttributeKey<String> URL_QUERY = AttributeKey.stringKey("url.query");
    static final AttributeKey<String> URL_SCHEME = AttributeKey.stringKey("url.scheme");
    static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<String> CLIENT_ADDRESS = AttributeKey.stringKey("client.address");
    static final AttributeKey<String> NETWORK_PROTOCOL_VERSION = AttributeKey.stringKey("network.protocol.version");
    static final AttributeKey<String> USER_AGENT = AttributeKey.stringKey("user_agent.original");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    /** The semantic conventions' advised buckets for HTTP durations, in seconds. */
    static final List<Double> BUCKETS = List.of(0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5,
            5.0, 7.5, 10.0);

    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final DoubleHistogram serverDuration;
    private final DoubleHistogram clientDuration;

    HttpTelemetry(OpenTelemetry otel) {
        this.tracer = otel.getTracer(SCOPE);
        this.propagator = otel.getPropagators().getTextMapPropagator();
        var meter = otel.getMeter(SCOPE);
        this.serverDuration = meter.histogramBuilder("http.server.request.duration").setUnit("s")
                .setDescription("Duration of HTTP server requests.").setExplicitBucketBoundariesAdvice(BUCKETS).build();
        this.clientDuration = meter.histogramBuilder("http.client.request.duration").setUnit("s")
                .setDescription("Duration of HTTP client requests.").setExplicitBucketBoundariesAdvice(BUCKETS).build();
    }

    Tracer tracer() {
        return tracer;
    }

    TextMapPropagator propagator() {
        return propagator;
    }

    /** Records one served request's duration with the attributes the conventions keep for the metric. */
    void recordServer(double seconds, Attributes spanAttributes, long status, String errorType) {
        AttributesBuilder b = Attributes.builder();
        for (AttributeKey<?> k : List.of(HTTP_REQUEST_METHOD, URL_SCHEME, NETWORK_PROTOCOL_VERSION, SERVER_ADDRESS,
                SERVER_PORT)) {
            copy(spanAttributes, k, b);
        }
        b.put(HTTP_RESPONSE_STATUS_CODE, status);
        if (errorType != null) {
            b.put(ERROR_TYPE, errorType);
        }
        serverDuration.record(seconds, b.build());
    }

    private static <T> void copy(Attributes from, AttributeKey<T> key, AttributesBuilder to) {
        T v = from.get(key);
        if (v != null) {
            to.put(key, v);
        }
    }

    @Override
    public Exchange begin(String method, URI uri, BiConsumer<String, String> header) {
        // the current context is the guest's innermost open span (or the server span): the parent
        Context parent = Context.current();
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        Attributes attributes = Attributes.builder()
                .put(HTTP_REQUEST_METHOD, method)
                .put(SERVER_ADDRESS, uri.getHost())
                .put(SERVER_PORT, (long) port)
                .put(URL_SCHEME, uri.getScheme())
                .build();
        Span span = tracer.spanBuilder(method).setSpanKind(SpanKind.CLIENT).setParent(parent)
                .setAllAttributes(attributes).setAttribute(URL_FULL, uri.toString())
                .setAttribute(NETWORK_PROTOCOL_VERSION, "1.1").startSpan();
        propagator.inject(parent.with(span), header, (h, k, v) -> h.accept(k, v));
        long start = System.nanoTime();
        return new Exchange() {
            @Override
            public void responded(int status) {
                span.setAttribute(HTTP_RESPONSE_STATUS_CODE, (long) status);
                String errorType = null;
                if (status >= 400) {
                    errorType = Integer.toString(status);
                    span.setAttribute(ERROR_TYPE, errorType);
                    span.setStatus(StatusCode.ERROR);
                }
                span.end();
                record(status, errorType);
            }

            @Override
            public void failed(ErrorCode error, String message) {
                String errorType = HttpErrors.name(error);
                span.setAttribute(ERROR_TYPE, errorType);
                span.setStatus(StatusCode.ERROR, message);
                span.end();
                record(-1, errorType);
            }

            private void record(int status, String errorType) {
                AttributesBuilder b = attributes.toBuilder().put(NETWORK_PROTOCOL_VERSION, "1.1");
                if (status > 0) {
                    b.put(HTTP_RESPONSE_STATUS_CODE, (long) status);
                }
                if (errorType != null) {
                    b.put(ERROR_TYPE, errorType);
                }
                clientDuration.record((System.nanoTime() - start) / 1e9, b.build());
            }
        };
    }
}
