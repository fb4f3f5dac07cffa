package dev.wasiotel.it;

import dev.wasiotel.host.component.Component;
import dev.wasiotel.host.component.ComponentHost;
import dev.wasiotel.host.component.PreparedComponent;
import dev.wasiotel.host.serve.ComponentServer;
import dev.wasiotel.host.wasi.Wasi;
import dev.wasiotel.host.wasi.WasiConfig;
import dev.wasiotel.host.wasi.http.OutboundPolicy;
import dev.wasiotel.host.wasi.http.WasiHttp;
import dev.wasiotel.otel.WasiOtel;
import dev.wasiotel.wit.runtime.GuestLimits;
import dev.wasiotel.wit.runtime.calls.CallFilter;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;

/**
 * A guest under {@code integration-tests/guests} served in this JVM by a {@link ComponentServer}
 * on a free loopback port, with the real SDK (W3C propagation) sending host and guest spans to
 * {@code spans}. Outgoing requests may go to 127.0.0.1 (any port).
 */
final class InProcessServer implements AutoCloseable {
    private final OpenTelemetrySdk sdk;
    private final Wasi wasi;
    private final ComponentServer server;

    private InProcessServer(OpenTelemetrySdk sdk, Wasi wasi, ComponentServer server) {
        this.sdk = sdk;
        this.wasi = wasi;
        this.server = server;
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
        WasiOtel wasiOtel = WasiOtel.builder(sdk).addSpanProcessor(spans).build();
        Wasi wasi = Wasi.of(WasiConfig.builder().stdin(new byte[0]).stdout(OutputStream.nullOutputStream())
                .stderr(OutputStream.nullOutputStream()).build());
        try {
            // any loopback port: c-http's "connection refused" case goes to 127.0.0.1:9 and must be
            // refused by the network, not denied by the policy
            WasiHttp http = WasiHttp.of(OutboundPolicy.allowing(List.of("127.0.0.1")),
                    ComponentServer.outgoingObserver(sdk));
            ComponentHost.Builder host = ComponentHost.builder().limits(GuestLimits.defaults())
                    .provideAll(ComponentServer.functions(wasiOtel, wasi, http));
            if (traceCalls != null) {
                host.traceCalls(wasiOtel.callSpans(traceCalls, e -> false));
            }
            PreparedComponent prepared = host.build()
                    .prepare(Component.load(Files.readAllBytes(HostProcess.guest(guest))));
            ComponentServer server = ComponentServer.builder(prepared, sdk).wasiOtel(wasiOtel)
                    .listen(new InetSocketAddress("127.0.0.1", 0)).workers(workers).start();
            return new InProcessServer(sdk, wasi, server);
        } catch (IOException | RuntimeException e) {
            wasi.close();
            sdk.close();
            throw e;
        }
    }

    /** {@code http://127.0.0.1:PORT/}. */
    URI uri() {
        return server.uri();
    }

    /** Stops the server (draining), then the WASI host and the SDK. */
    @Override
    public void close() {
        try {
            server.close();
        } finally {
            wasi.close();
            sdk.close();
        }
    }
}
