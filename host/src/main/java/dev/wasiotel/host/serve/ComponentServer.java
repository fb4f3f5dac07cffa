package dev.wasiotel.host.serve;

import dev.wasiotel.host.component.ComponentInstance;
import dev.wasiotel.host.component.PreparedComponent;
import dev.wasiotel.host.run.TrapReport;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.ErrorCode;
import dev.wasiotel.host.wasi.http.BodySink;
import dev.wasiotel.host.wasi.http.HttpErrors;
import dev.wasiotel.host.wasi.http.HttpIncomingRequest;
import dev.wasiotel.host.wasi.http.HttpResponder;
import dev.wasiotel.host.wasi.http.HttpResponseOutparam;
import dev.wasiotel.host.wasi.http.OutgoingObserver;
import dev.wasiotel.host.wasi.http.WasiHttp;
import dev.wasiotel.otel.WasiOtel;
import dev.wasiotel.wit.runtime.Tuple2;
import dev.wasiotel.wit.runtime.WitTrap;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Serves a {@code wasi:http/incoming-handler} component over HTTP (Jetty 12: HTTP/1.1 with
 * keep-alive, and HTTP/2 cleartext), as {@code wasi-otel serve} does.
 *
 * <pre>{@code
 * WasiHttp http = WasiHttp.of(OutboundPolicy.allowing(List.of("localhost:9000")), ComponentServer.outgoingObserver(otel));
 * PreparedComponent guest = ComponentHost.builder().limits(limits)
 *         .provideAll(enc -> ...wasi, http and wasi:otel functions...).build().prepare(component);
 * try (ComponentServer server = ComponentServer.builder(guest, otel).listen(new InetSocketAddress("127.0.0.1", 8080)).start()) {
 *     ...
 * }
 * }</pre>
 *
 * <p>The component was parsed, validated and linked once ({@link PreparedComponent}); each request
 * gets a fresh instance, run on a fixed pool of workers (one per processor unless set), so one
 * request's guest never sees another's state ({@link Builder#pool} has them made ahead). Each
 * request is a SERVER span (HTTP semantic conventions), the child of the {@code traceparent} it
 * came with and the current span while the guest runs, so the guest's {@code current-span-context} is it and the guest's spans are its
 * children. A guest that traps, or returns without setting a response, gets its client a 500; one
 * that runs past the call deadline ({@link dev.wasiotel.wit.runtime.GuestLimits#callTimeout()}) a
 * 504; the span is ERROR with the reason, and the next request is served by a new instance.
 * Headers larger than the limit are refused with 431 and bodies larger than the limit with 413
 * by the server before or while the guest reads them; malformed HTTP never reaches a guest.
 */
public final class ComponentServer implements AutoCloseable {
    private static final TextMapGetter<Request> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Request carrier) {
            return carrier.getHeaders().getFieldNamesCollection();
        }

        @Override
        public String get(Request carrier, String key) {
            return carrier == null ? null : carrier.getHeaders().get(key);
        }
    };

    private static final java.util.logging.Logger POOL_LOG = java.util.logging.Logger.getLogger(
            ComponentServer.class.getName());

    private final PreparedComponent component;
    private final String export;
    private final HttpTelemetry telemetry;
    private final WasiOtel wasiOtel;
    private final Server server;
    private final ServerConnector connector;
    private final ThreadPoolExecutor workers;
    private final Duration drain;
    /** Fresh instances made ahead of the requests, or null to instantiate in each request. */
    private final InstancePool<ComponentInstance> pool;

    private ComponentServer(Builder b, String export) {
        this.component = b.component;
        this.export = export;
        this.telemetry = new HttpTelemetry(b.otel);
        this.wasiOtel = b.wasiOtel;
        this.drain = b.drain;
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(b.workers, b.workers, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(b.queue), r -> {
                    Thread t = new Thread(r, "wasi-otel-worker-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        QueuedThreadPool jettyThreads = new QueuedThreadPool(Math.max(16, 2 * b.workers + 8));
        jettyThreads.setName("wasi-otel-http");
        jettyThreads.setDaemon(true);
        this.server = new Server(jettyThreads);
        HttpConfiguration config = new HttpConfiguration();
        config.setRequestHeaderSize(b.maxHeaderBytes);
        config.setSendServerVersion(false);
        config.setSendXPoweredBy(false);
        this.connector = new ServerConnector(server, new HttpConnectionFactory(config),
                new HTTP2CServerConnectionFactory(config));
        connector.setHost(b.listen.getHostString());
        connector.setPort(b.listen.getPort());
        connector.setIdleTimeout(b.idleTimeout.toMillis());
        server.addConnector(connector);
        SizeLimitHandler sizes = new SizeLimitHandler(b.maxBodyBytes, -1);
        sizes.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                dispatch(request, response, callback);
                return true;
            }
        });
        GracefulHandler graceful = new GracefulHandler(sizes);
        server.setHandler(graceful);
        server.setStopTimeout(b.drain.toMillis());
        this.pool = b.pool == 0 ? null : new InstancePool<>(b.pool, component::instantiate, this::discard,
                ComponentServer::instantiationFailed, "wasi-otel-instance-pool");
    }

    /**
     * An instance done with (a request's, or one the pool made and no request took): spans left
     * open in it are ended and its engine resources (e.g. a GraalWasm context) freed.
     */
    private void discard(ComponentInstance instance) {
        try {
            if (wasiOtel != null) {
                wasiOtel.callEnded(instance.context());
            }
        } finally {
            instance.close();
        }
    }

    private static void instantiationFailed(long count, RuntimeException e) {
        // once per pause of the pool's refiller, which doubles up to 30 s: a broken guest cannot flood the log
        POOL_LOG.warning("wasi-otel: the instance pool could not instantiate the component (failure " + count
                + "; retrying after a pause; requests instantiate for themselves meanwhile): " + e);
    }

    /**
     * What the instance pool ({@link Builder#pool}) has done so far, or empty without one.
     */
    public Optional<PoolStats> poolStats() {
        if (pool == null) {
            return Optional.empty();
        }
        InstancePool.Stats s = pool.stats();
        return Optional.of(new PoolStats(s.takenReady(), s.takenFresh(), s.failed()));
    }

    /**
     * Counts of the instance pool.
     *
     * @param fromPool requests served by an instance the pool had made ahead
     * @param instantiatedInRequest requests that found the pool empty and instantiated for themselves
     * @param failedInstantiations instantiations of the pool's refiller that failed
     */
    public record PoolStats(long fromPool, long instantiatedInRequest, long failedInstantiations) {
    }

    /** The instance pool, or null without one; for tests. */
    InstancePool<ComponentInstance> pool() {
        return pool;
    }

    /**
     * A builder for a server of {@code component}, tracing with {@code otel}.
     *
     * @param component a component exporting {@code wasi:http/incoming-handler@0.2.N}, linked with
     *     {@link WasiHttp}'s functions
     * @param otel the SDK whose tracer, meter and propagators the server uses
     */
    public static Builder builder(PreparedComponent component, OpenTelemetry otel) {
        return new Builder(component, otel);
    }

    /**
     * The observer to give {@link WasiHttp#of} so that every outgoing request of the guests is a
     * CLIENT span (child of the guest's current span) carrying {@code traceparent}, with the
     * {@code http.client.request.duration} metric.
     */
    public static OutgoingObserver outgoingObserver(OpenTelemetry otel) {
        return new HttpTelemetry(otel);
    }

    /**
     * The host functions a served component is linked with: {@code wasi:otel} (and wasi:observe,
     * wasi:logging), and WASI 0.2 with {@code wasi:http}, whose calls run with the guest's open
     * span current (so the CLIENT span of an outgoing request is the child of the guest's span).
     */
    public static java.util.function.Function<dev.wasiotel.wit.abi.StringEncoding,
            List<dev.wasiotel.wit.runtime.HostFunctionDef>> functions(WasiOtel wasiOtel,
            dev.wasiotel.host.wasi.Wasi wasi, WasiHttp http) {
        return encoding -> {
            List<dev.wasiotel.wit.runtime.HostFunctionDef> all = new java.util.ArrayList<>(wasiOtel.functions(encoding));
            all.addAll(WasiOtel.inGuestContext(wasi.functions(encoding)));
            all.addAll(WasiOtel.inGuestContext(http.functions(encoding)));
            return all;
        };
    }

    /** The port the server listens on (the one chosen, when 0 was asked for). */
    public int port() {
        return connector.getLocalPort();
    }

    /** {@code http://HOST:PORT/}. */
    public URI uri() {
        String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port() + "/");
    }

    /** The export that serves requests ({@code wasi:http/incoming-handler@0.2.N#handle}). */
    public String export() {
        return export;
    }

    /**
     * Stops accepting connections, lets the requests in flight finish (at most the drain time),
     * then stops. Telemetry is the caller's to flush afterwards.
     */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("requests in flight did not finish within the drain time ("
                    + drain.toMillis() + " ms); they were cut off", e);
        } catch (Exception e) {
            throw new IllegalStateException("stopping the server failed: " + e.getMessage(), e);
        } finally {
            workers.shutdown();
            try {
                if (!workers.awaitTermination(drain.toMillis(), TimeUnit.MILLISECONDS)) {
                    workers.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                workers.shutdownNow();
            }
            if (pool != null) {
                pool.close();
            }
        }
    }

    private void dispatch(Request request, Response response, Callback callback) {
        long start = System.nanoTime();
        try {
            workers.execute(() -> serve(request, response, callback, start));
        } catch (RejectedExecutionException e) {
            response.getHeaders().put("Retry-After", "1");
            Response.writeError(request, response, callback, 503, "all workers are busy");
        }
    }

    /** One request, on a worker: a fresh instance, the guest's handler, the span and the metric. */
    @SuppressWarnings("try")
    private void serve(Request request, Response response, Callback callback, long start) {
        Context parent = telemetry.propagator().extract(Context.root(), request, HEADERS);
        String method = request.getMethod();
        HttpURI uri = request.getHttpURI();
        AttributesBuilder attrs = Attributes.builder()
                .put(HttpTelemetry.HTTP_REQUEST_METHOD, method)
                .put(HttpTelemetry.URL_PATH, uri.getPath() == null ? "/" : uri.getPath())
                .put(HttpTelemetry.URL_SCHEME, uri.getScheme() == null ? "http" : uri.getScheme())
                .put(HttpTelemetry.SERVER_ADDRESS, Request.getServerName(request))
                .put(HttpTelemetry.SERVER_PORT, (long) Request.getServerPort(request))
                .put(HttpTelemetry.NETWORK_PROTOCOL_VERSION, protocolVersion(request));
        if (uri.getQuery() != null) {
            attrs.put(HttpTelemetry.URL_QUERY, uri.getQuery());
        }
        String agent = request.getHeaders().get("User-Agent");
        if (agent != null) {
            attrs.put(HttpTelemetry.USER_AGENT, agent);
        }
        String remote = Request.getRemoteAddr(request);
        if (remote != null) {
            attrs.put(HttpTelemetry.CLIENT_ADDRESS, remote);
        }
        Attributes attributes = attrs.build();
        Span span = telemetry.tracer().spanBuilder(method).setSpanKind(SpanKind.SERVER).setParent(parent)
                .setAllAttributes(attributes).startSpan();
        JettyRequestSource body = new JettyRequestSource(request);
        Responder responder = new Responder(response);
        HttpResponseOutparam out = new HttpResponseOutparam(responder);
        RuntimeException failure = null;
        try (Scope ignored = parent.with(span).makeCurrent()) {
            ComponentInstance instance = pool == null ? component.instantiate() : pool.take();
            try {
                String pathWithQuery = (uri.getPath() == null ? "/" : uri.getPath())
                        + (uri.getQuery() == null ? "" : "?" + uri.getQuery());
                String authority = request.getHeaders().get("Host");
                if (authority == null && uri.getHost() != null) {
                    authority = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
                }
                HttpIncomingRequest incoming = new HttpIncomingRequest(method, pathWithQuery,
                        uri.getScheme() == null ? "http" : uri.getScheme(), authority,
                        JettyRequestSource.fields(request.getHeaders()), body);
                WasiHttp.handle(instance, export, incoming, out);
            } finally {
                // the body is the host's once the handler returned: the instance is done with
                discard(instance);
            }
        } catch (RuntimeException e) {
            failure = e;
        }
        finish(request, response, callback, span, attributes, start, body, responder, out, failure);
    }

    private void finish(Request request, Response response, Callback callback, Span span, Attributes attributes,
            long start, JettyRequestSource body, Responder responder, HttpResponseOutparam out,
            RuntimeException failure) {
        int status;
        String errorType = null;
        String reason = null;
        if (failure instanceof WitTrap trap) {
            TrapReport.record(span, trap);
            errorType = trap.reason() == WitTrap.Reason.DEADLINE ? "deadline" : "guest-trap";
            reason = "the guest trapped: " + trap.getMessage();
        } else if (failure != null) {
            span.recordException(failure);
            errorType = failure.getClass().getName();
            reason = "serving failed: " + failure.getMessage();
        }
        // the guest set a response but did not complete it, and not a byte of it went out: the
        // client gets a clean 500 (504 past the deadline) instead of a response cut off
        boolean unsent = responder.sink != null && (!responder.sink.finished() || failure != null)
                && !response.isCommitted();
        if (responder.sink != null) {
            // the status line went out (or is dropped, when unsent): the body either completed or the connection is aborted
            status = unsent ? (failure instanceof WitTrap t && t.reason() == WitTrap.Reason.DEADLINE ? 504 : 500)
                    : responder.status;
            if (!responder.sink.finished() || failure != null) {
                if (reason == null) {
                    reason = out.bodyAbortReason().orElse("the guest returned without finishing the response body");
                    // a body past or short of its declared content-length is named as such
                    errorType = out.bodySizeError().map(HttpErrors::name).orElse("incomplete-response");
                }
            }
        } else {
            if (failure instanceof WitTrap trap && trap.reason() == WitTrap.Reason.DEADLINE) {
                status = 504;
            } else if (body.tooLarge()) {
                status = 413;
                errorType = null;
                reason = null;
            } else {
                status = 500;
            }
            if (reason == null && status == 500) {
                Optional<ErrorCode> error = responder.error;
                if (error.isPresent()) {
                    errorType = HttpErrors.name(error.get());
                    reason = "the guest responded with error " + errorType;
                } else {
                    errorType = "no-response";
                    reason = "the guest returned without setting a response";
                }
            }
        }
        span.setAttribute(HttpTelemetry.HTTP_RESPONSE_STATUS_CODE, (long) status);
        if (errorType == null && status >= 500) {
            errorType = Integer.toString(status);
        }
        if (errorType != null) {
            span.setAttribute(HttpTelemetry.ERROR_TYPE, errorType);
        }
        if (reason != null || status >= 500) {
            span.setStatus(StatusCode.ERROR, reason == null ? "status " + status : reason);
        }
        // the metric before the span ends: whoever sees the span ended finds the duration recorded too
        telemetry.recordServer((System.nanoTime() - start) / 1e9, attributes, status, errorType);
        span.end();
        // answered after the telemetry is recorded: a client that has its answer finds its span ended
        if (responder.sink == null || unsent) {
            // no body, as wasmtime serve and jco serve answer a failed guest: the reason is on the span
            response.reset(); // what the guest set, when unsent
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 0L);
            response.write(true, null, callback);
        } else if (responder.sink.finished() && failure == null) {
            callback.succeeded();
        } else {
            callback.failed(new IOException(reason));
        }
    }

    private static String protocolVersion(Request request) {
        String v = request.getConnectionMetaData().getHttpVersion().asString(); // HTTP/1.1, HTTP/2
        return v.startsWith("HTTP/") ? v.substring(5).replace("2.0", "2") : v.toLowerCase(Locale.ROOT);
    }

    /** Sends what the guest set on its response-outparam. */
    private static final class Responder implements HttpResponder {
        private final Response response;
        private JettyResponseSink sink;
        private int status;
        private Optional<ErrorCode> error = Optional.empty();

        Responder(Response response) {
            this.response = response;
        }

        @Override
        public BodySink respond(int status, List<Tuple2<String, byte[]>> headers) {
            this.status = status;
            response.setStatus(status);
            for (Tuple2<String, byte[]> h : headers) {
                response.getHeaders().add(h.v1(), new String(h.v2(), StandardCharsets.ISO_8859_1));
            }
            sink = new JettyResponseSink(response);
            return sink;
        }

        @Override
        public void respondWithError(ErrorCode code) {
            error = Optional.of(code);
        }
    }

    /** Configures a {@link ComponentServer}. */
    public static final class Builder {
        private final PreparedComponent component;
        private final OpenTelemetry otel;
        private WasiOtel wasiOtel;
        private InetSocketAddress listen = new InetSocketAddress("127.0.0.1", 8080);
        private int workers = Runtime.getRuntime().availableProcessors();
        private int queue = 1024;
        private int maxHeaderBytes = 8 * 1024;
        private long maxBodyBytes = 1L << 30;
        private Duration idleTimeout = Duration.ofSeconds(30);
        private Duration drain = Duration.ofSeconds(10);
        private int pool;

        private Builder(PreparedComponent component, OpenTelemetry otel) {
            this.component = Objects.requireNonNull(component, "component");
            this.otel = Objects.requireNonNull(otel, "otel");
        }

        /** Where to listen; port 0 picks a free one. Default {@code 127.0.0.1:8080}. */
        public Builder listen(InetSocketAddress address) {
            this.listen = Objects.requireNonNull(address, "address");
            return this;
        }

        /** The {@code wasi:otel} adapter the guests use: spans a request leaves open are closed out after it. */
        public Builder wasiOtel(WasiOtel wasiOtel) {
            this.wasiOtel = wasiOtel;
            return this;
        }

        /** How many requests run guests at once (default: the processor count). */
        public Builder workers(int workers) {
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be at least 1");
            }
            this.workers = workers;
            return this;
        }

        /** How many requests may wait for a worker before the server answers 503 (default 1024). */
        public Builder queue(int queue) {
            if (queue < 1) {
                throw new IllegalArgumentException("queue must be at least 1");
            }
            this.queue = queue;
            return this;
        }

        /** The largest request line and headers, in bytes (default 8 KiB); larger gets 431. */
        public Builder maxHeaderBytes(int bytes) {
            if (bytes < 256) {
                throw new IllegalArgumentException("the header limit must be at least 256 bytes");
            }
            this.maxHeaderBytes = bytes;
            return this;
        }

        /** The largest request body, in bytes (default 1 GiB); larger gets 413. */
        public Builder maxBodyBytes(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("the body limit must not be negative");
            }
            this.maxBodyBytes = bytes;
            return this;
        }

        /** How long a connection may be silent (a slow client's reads and writes fail after it); default 30 s. */
        public Builder idleTimeout(Duration timeout) {
            this.idleTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * How many fresh instances to keep made ahead of the requests (default 0: each request
         * instantiates its own). A background thread instantiates until {@code size} wait; a request
         * takes one (or instantiates for itself when none waits) and it is never reused, so requests
         * stay isolated. A failing instantiation is logged and retried after a growing pause;
         * closing the server discards the instances still waiting.
         */
        public Builder pool(int size) {
            if (size < 0) {
                throw new IllegalArgumentException("the pool size must not be negative");
            }
            this.pool = size;
            return this;
        }

        /** How long {@link ComponentServer#close()} waits for requests in flight (default 10 s). */
        public Builder drain(Duration drain) {
            this.drain = Objects.requireNonNull(drain, "drain");
            return this;
        }

        /**
         * Starts the server.
         *
         * @throws IllegalArgumentException if the component exports no {@code
         *     wasi:http/incoming-handler@0.2.N#handle}
         * @throws IOException if the address cannot be bound
         */
        public ComponentServer start() throws IOException {
            // an instance tells the exports; it is thrown away (each request gets its own)
            String export;
            try (ComponentInstance probe = component.instantiate()) {
                export = WasiHttp.handlerExport(probe.exportedFunctions()).orElseThrow(() ->
                        new IllegalArgumentException("the component exports no wasi:http/incoming-handler@0.2.N#handle;"
                                + " it exports: " + String.join(", ", probe.exportedFunctions())));
            }
            ComponentServer s = new ComponentServer(this, export);
            try {
                s.server.start();
            } catch (IOException e) {
                s.close();
                throw e;
            } catch (Exception e) {
                s.close();
                throw new IOException("the server did not start: " + e.getMessage(), e);
            }
            return s;
        }
    }
}
