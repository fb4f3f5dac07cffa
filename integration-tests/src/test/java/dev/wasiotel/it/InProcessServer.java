package dev.wasiotel.it;

import dev.wasiotel.host.serve.ComponentServer;
import dev.wasiotel.host.serve.ServedGuest;
import dev.wasiotel.wit.runtime.calls.CallFilter;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.io.IOException;
import java.net.URI;
import java.util.List;

/**
 * A guest under {@code integration-tests/guests} served in this JVM by a {@link ComponentServer}
 * on a free loopback port, with the real SDK (W3C propagation) sending host and guest spans to
 * {@code spans}. Outgoing requests may go to 127.0.0.1 (any port).
 */
final class InProcessServer implements AutoCloseable {
    private final OpenTelemetrySdk sdk;
    private final ServedGuest served;

    private InProcessServer(OpenTelemetrySdk sdk, ServedGuest served) {
        this.sdk = sdk;
        this.served = served;
    }

    /** Serves {@code guests/GUEST/GUEST.wasm} with {@code workers} workers. */
    static InProcessServer start(String guest, SpanProcessor spans, int workers) throws IOException {
        return start(guest, spans, workers, null);
    }

    /**
     * Serves {@code guests/GUEST/GUEST.wasm} with {@code workers} workers, its calls traced by
     * {@code traceCalls} if not null (as {@code serve --trace-calls} does).
     */
    static InProcessServer start(String guest, SpanProcessor spans, int workers, CallFilter traceCalls)
            throws IOException {
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(spans).build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        try {
            // any loopback port: c-http's "connection refused" case goes to 127.0.0.1:9 and must be
            // refused by the network, not denied by the policy
            ServedGuest served = ServedGuest.builder(HostProcess.guest(guest), sdk, spans)
                    .allowOutbound(List.of("127.0.0.1")).traceCalls(traceCalls).server(b -> b.workers(workers))
                    .start();
            return new InProcessServer(sdk, served);
        } catch (IOException | RuntimeException e) {
            sdk.close();
            throw e;
        }
    }

    /** {@code http://127.0.0.1:PORT/}. */
    URI uri() {
        return served.uri();
    }

    /** Stops the server (draining), then the WASI host and the SDK. */
    @Override
    public void close() {
        try {
            served.close();
        } finally {
            sdk.close();
        }
    }
}
