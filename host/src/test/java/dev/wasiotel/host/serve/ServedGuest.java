package dev.wasiotel.host.serve;

import dev.wasiotel.host.component.Component;
import dev.wasiotel.host.component.ComponentHost;
import dev.wasiotel.host.component.PreparedComponent;
import dev.wasiotel.host.wasi.Wasi;
import dev.wasiotel.host.wasi.WasiConfig;
import dev.wasiotel.host.wasi.http.OutboundPolicy;
import dev.wasiotel.host.wasi.http.WasiHttp;
import dev.wasiotel.otel.WasiOtel;
import dev.wasiotel.wit.runtime.GuestLimits;
import dev.wasiotel.wit.runtime.calls.CallFilter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A {@code wasi:http} guest served in the test's JVM, as {@code wasi-otel serve} serves it: a
 * {@link ComponentServer} on a free loopback port, linked with WASI (no stdin, output discarded),
 * {@code wasi:http} (outgoing requests to an allow-list) and the {@code wasi:otel} adapter, whose
 * guest spans go to the test's span processor. Closing it stops the server, then the WASI host;
 * the SDK stays the test's.
 *
 * <pre>{@code
 * try (ServedGuest served = ServedGuest.builder(guest, sdk, processor).server(b -> b.workers(2)).start()) {
 *     client.send(HttpRequest.newBuilder(served.uri().resolve("/echo"))...);
 * }
 * }</pre>
 */
public final class ServedGuest implements AutoCloseable {
    private final Wasi wasi;
    private final ComponentServer server;

    private ServedGuest(Wasi wasi, ComponentServer server) {
        this.wasi = wasi;
        this.server = server;
    }

    /**
     * A builder serving the component at {@code guest}, tracing with {@code sdk}; the guest's own
     * spans go to {@code guestSpans} (usually the processor the SDK's tracer provider has too).
     */
    public static Builder builder(Path guest, OpenTelemetrySdk sdk, SpanProcessor guestSpans) {
        return new Builder(guest, sdk, guestSpans);
    }

    /** The server. */
    public ComponentServer server() {
        return server;
    }

    /** {@code http://127.0.0.1:PORT/}. */
    public URI uri() {
        return server.uri();
    }

    /** The port the server listens on. */
    public int port() {
        return server.port();
    }

    /** Stops the server (draining), then the WASI host. */
    @Override
    public void close() {
        try {
            server.close();
        } finally {
            wasi.close();
        }
    }

    /** Configures a {@link ServedGuest}. */
    public static final class Builder {
        private final Path guest;
        private final OpenTelemetrySdk sdk;
        private final SpanProcessor guestSpans;
        private GuestLimits limits = GuestLimits.defaults();
        private List<String> allowOutbound = List.of();
        private CallFilter traceCalls;
        private UnaryOperator<ComponentServer.Builder> server = b -> b;

        private Builder(Path guest, OpenTelemetrySdk sdk, SpanProcessor guestSpans) {
            this.guest = Objects.requireNonNull(guest, "guest");
            this.sdk = Objects.requireNonNull(sdk, "sdk");
            this.guestSpans = Objects.requireNonNull(guestSpans, "guestSpans");
        }

        /** The guest's limits (default {@link GuestLimits#defaults()}). */
        public Builder limits(GuestLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** Where the guest's outgoing requests may go ({@link OutboundPolicy#allowing}); default nowhere. */
        public Builder allowOutbound(List<String> hosts) {
            this.allowOutbound = List.copyOf(hosts);
            return this;
        }

        /** The calls to trace, as {@code serve --trace-calls} does; default none. */
        public Builder traceCalls(CallFilter filter) {
            this.traceCalls = filter;
            return this;
        }

        /**
         * Further settings of the server (workers, pool, limits, ...); it listens on a free
         * loopback port unless this says otherwise.
         */
        public Builder server(UnaryOperator<ComponentServer.Builder> settings) {
            this.server = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /** Prepares the guest and starts the server; on failure, what was made is closed. */
        public ServedGuest start() throws IOException {
            WasiOtel wasiOtel = WasiOtel.builder(sdk).addSpanProcessor(guestSpans).build();
            Wasi wasi = Wasi.of(WasiConfig.builder().stdin(new byte[0]).stdout(OutputStream.nullOutputStream())
                    .stderr(OutputStream.nullOutputStream()).build());
            try {
                WasiHttp http = WasiHttp.of(OutboundPolicy.allowing(allowOutbound),
                        ComponentServer.outgoingObserver(sdk));
                ComponentHost.Builder host = ComponentHost.builder().limits(limits)
                        .provideAll(ComponentServer.functions(wasiOtel, wasi, http));
                if (traceCalls != null) {
                    host.traceCalls(wasiOtel.callSpans(traceCalls, e -> false));
                }
                PreparedComponent prepared = host.build().prepare(Component.load(Files.readAllBytes(guest)));
                ComponentServer started = server.apply(ComponentServer.builder(prepared, sdk).wasiOtel(wasiOtel)
                        .listen(new InetSocketAddress("127.0.0.1", 0))).start();
                return new ServedGuest(wasi, started);
            } catch (IOException | RuntimeException e) {
                wasi.close();
                throw e;
            }
        }
    }
}
