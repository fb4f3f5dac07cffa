package dev.wasiotel.host.wasi.http;

import dev.wasiotel.host.wasi.bindings.wasi.http.outgoing_handler.OutgoingHandler;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.ErrorCode;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.FutureIncomingResponse;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.Method;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.OutgoingRequest;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.RequestOptions;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.Scheme;
import dev.wasiotel.wit.runtime.Result;
import dev.wasiotel.wit.runtime.Tuple2;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Function;

/**
 * {@code wasi:http/outgoing-handler} on {@code java.net.http.HttpClient}: a request to a host the
 * {@link OutboundPolicy} does not allow is refused with {@code HTTP-request-denied} before any
 * connection; the request options' connect timeout picks the client, the first-byte timeout bounds
 * the wait for the response headers, the between-bytes timeout each wait for more of the response
 * body (a zero timeout has passed already: the request fails without a connection). The body
 * streams through a bounded pipe both ways; a declared {@code content-length} is sent as such and
 * held to (see {@link ContentLength}).
 */
final class OutgoingHttp implements OutgoingHandler {
    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("host", "connection", "content-length", "expect", "upgrade");
    /** The most clients with a connect timeout of their own kept at once. */
    private static final int MAX_CLIENTS = 8;

    private final OutboundPolicy policy;
    private final OutgoingObserver observer;
    private final HttpClient defaultClient;
    private final Map<Duration, HttpClient> clients = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Duration, HttpClient> eldest) {
            return size() > MAX_CLIENTS;
        }
    };

    OutgoingHttp(OutboundPolicy policy, OutgoingObserver observer) {
        this.policy = policy;
        this.observer = observer;
        this.defaultClient = client(null);
    }

    private static HttpClient client(Duration connectTimeout) {
        HttpClient.Builder b = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1);
        if (connectTimeout != null) {
            b.connectTimeout(connectTimeout);
        }
        return b.build();
    }

    @Override
    public Result<FutureIncomingResponse, ErrorCode> handle(OutgoingRequest request, Optional<RequestOptions> options) {
        HttpOutgoingRequest r = (HttpOutgoingRequest) request;
        String method = HttpTypes.methodName(r.method());
        URI uri;
        try {
            uri = uri(r);
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Result.err(ErrorCode.httpRequestUriInvalid());
        }
        if (uri == null) {
            return Result.err(ErrorCode.httpRequestUriInvalid());
        }
        OutgoingObserver.Exchange exchange;
        HttpRequest.Builder b = HttpRequest.newBuilder(uri);
        for (Tuple2<String, byte[]> h : r.fields().view()) {
            if (!RESTRICTED.contains(h.v1())) {
                try {
                    b.header(h.v1(), new String(h.v2(), StandardCharsets.ISO_8859_1));
                } catch (IllegalArgumentException e) {
                    // a header the JDK refuses to send (it names it); the request goes without it
                }
            }
        }
        exchange = observer.begin(method, uri, (k, v) -> b.setHeader(k, v));
        if (!policy.allows(uri)) {
            ErrorCode denied = ErrorCode.httpRequestDenied();
            exchange.failed(denied, "outgoing requests to " + uri.getHost() + " are not allowed");
            return Result.err(denied);
        }
        HttpRequestOptions opts = options.map(o -> (HttpRequestOptions) o).orElse(null);
        Optional<Duration> connect = opts == null ? Optional.empty() : opts.connect();
        Optional<Duration> firstByte = opts == null ? Optional.empty() : opts.firstByte();
        Optional<Duration> betweenBytes = opts == null ? Optional.empty() : opts.betweenBytes();
        ContentLength.Result declared = ContentLength.declared(r.fields());
        if (!declared.valid()) {
            ErrorCode invalid = ErrorCode.internalError(Optional.of("the request's " + declared.invalid()));
            exchange.failed(invalid, declared.invalid());
            return Result.err(invalid);
        }
        long length = declared.length().orElse(-1);
        if (!r.bodyTaken() && length > 0) {
            // no body will come: the request could never carry the bytes it declares
            ErrorCode noBody = ErrorCode.httpRequestBodySize(Optional.of(0L));
            exchange.failed(noBody, "the request declared content-length " + length + " and has no body");
            return Result.err(noBody);
        }
        PipeSink pipe = r.bodyTaken() ? new PipeSink() : null;
        HttpRequest.BodyPublisher publisher;
        if (pipe == null || length == 0) {
            publisher = HttpRequest.BodyPublishers.noBody();
        } else if (length > 0) {
            // the JDK sends this content-length and fails the request if the body is not that long
            publisher = HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(pipe::input),
                    length);
        } else {
            publisher = HttpRequest.BodyPublishers.ofInputStream(pipe::input);
        }
        b.method(method, publisher);
        firstByte.filter(d -> !d.isZero()).ifPresent(b::timeout);
        Function<Throwable, ErrorCode> errors = error -> {
            // a body the guest wrote past or short of its declared length failed the request: say so
            ContentLength check = r.length();
            ErrorCode mismatch = check == null ? null : check.mismatch();
            return mismatch != null ? mismatch : HttpErrors.of(error);
        };
        CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> future;
        if (connect.filter(Duration::isZero).isPresent()) {
            // a timeout that has already passed: no connection could be made in it
            future = CompletableFuture.failedFuture(new HttpConnectTimeoutException("connect-timeout is 0"));
        } else if (firstByte.filter(Duration::isZero).isPresent()) {
            future = CompletableFuture.failedFuture(new HttpTimeoutException("first-byte-timeout is 0"));
        } else {
            HttpClient client = connect.map(this::clientFor).orElse(defaultClient);
            try {
                future = client.sendAsync(b.build(), HttpResponse.BodyHandlers.ofPublisher());
            } catch (IllegalArgumentException e) {
                exchange.failed(ErrorCode.httpRequestMethodInvalid(), e.getMessage());
                return Result.err(ErrorCode.httpRequestMethodInvalid());
            }
        }
        future.whenComplete((response, error) -> {
            if (error != null) {
                exchange.failed(errors.apply(error), String.valueOf(error.getCause() != null ? error.getCause() : error));
                if (pipe != null) {
                    pipe.fail("the request failed: " + error);
                }
            } else {
                exchange.responded(response.statusCode());
            }
        });
        if (pipe != null) {
            r.sink().attach(pipe);
        }
        return Result.ok(new HttpFutureIncomingResponse(future, errors, betweenBytes.orElse(null)));
    }

    /**
     * The client with this connect timeout (the JDK sets it per client): the {@value #MAX_CLIENTS}
     * most recently used are kept; an evicted one lives on while its requests are in flight.
     */
    private HttpClient clientFor(Duration connectTimeout) {
        Duration key = connectTimeout.toMillis() == 0 ? Duration.ofMillis(1)
                : Duration.ofMillis(connectTimeout.toMillis()); // the JDK counts in milliseconds
        synchronized (clients) {
            return clients.computeIfAbsent(key, OutgoingHttp::client);
        }
    }

    /** The request's URI, or null when it has no authority. */
    private static URI uri(HttpOutgoingRequest r) throws URISyntaxException {
        if (r.authority().isEmpty() || r.authority().get().isEmpty()) {
            return null;
        }
        Scheme scheme = r.scheme().orElse(Scheme.https());
        String s;
        if (scheme instanceof Scheme.Http) {
            s = "http";
        } else if (scheme instanceof Scheme.Https) {
            s = "https";
        } else {
            s = ((Scheme.Other) scheme).value().toLowerCase(Locale.ROOT);
            if (!s.equals("http") && !s.equals("https")) {
                throw new URISyntaxException(s, "only http and https are served");
            }
        }
        String path = r.pathWithQuery().orElse("/");
        if (!path.startsWith("/")) {
            path = "/" + path;
        }
        return new URI(s + "://" + r.authority().get() + path);
    }
}
