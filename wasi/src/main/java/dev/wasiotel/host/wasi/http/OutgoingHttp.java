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
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;

/**
 * {@code wasi:http/outgoing-handler} on {@code java.net.http.HttpClient}: a request to a host the
 * {@link OutboundPolicy} does not allow is refused with {@code HTTP-request-denied} before any
 * connection; the request options' connect timeout picks the client, the first-byte timeout bounds
 * the wait for the response headers. The body streams through a bounded pipe both ways.
 */
final class OutgoingHttp implements OutgoingHandler {
    /** Headers the JDK client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("host", "connection", "content-length", "expect", "upgrade");
    /** The most distinct connect timeouts that get a client of their own; others use the default client. */
    private static final int MAX_CLIENTS = 8;

    private final OutboundPolicy policy;
    private final OutgoingObserver observer;
    private final HttpClient defaultClient;
    private final ConcurrentHashMap<Duration, HttpClient> clients = new ConcurrentHashMap<>();

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
        Optional<Duration> firstByte = opts == null ? Optional.empty() : HttpRequestOptions.duration(opts.firstByteTimeout());
        Optional<Duration> connect = opts == null ? Optional.empty() : HttpRequestOptions.duration(opts.connectTimeout());
        firstByte.filter(d -> !d.isZero()).ifPresent(b::timeout);
        PipeSink pipe = r.bodyTaken() ? new PipeSink() : null;
        b.method(method, pipe == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofInputStream(pipe::input));
        HttpClient client = connect.filter(d -> !d.isZero()).map(this::clientFor).orElse(defaultClient);
        CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> future;
        try {
            future = client.sendAsync(b.build(), HttpResponse.BodyHandlers.ofPublisher());
        } catch (IllegalArgumentException e) {
            exchange.failed(ErrorCode.httpRequestMethodInvalid(), e.getMessage());
            return Result.err(ErrorCode.httpRequestMethodInvalid());
        }
        future.whenComplete((response, error) -> {
            if (error != null) {
                exchange.failed(HttpErrors.of(error), String.valueOf(error.getCause() != null ? error.getCause() : error));
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
        return Result.ok(new HttpFutureIncomingResponse(future));
    }

    private HttpClient clientFor(Duration connectTimeout) {
        HttpClient c = clients.get(connectTimeout);
        if (c != null) {
            return c;
        }
        if (clients.size() >= MAX_CLIENTS) {
            return defaultClient;
        }
        return clients.computeIfAbsent(connectTimeout, OutgoingHttp::client);
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
