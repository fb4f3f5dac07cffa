package dev.wasiotel.host.wasi.http;

import dev.wasiotel.host.wasi.bindings.wasi.http.types.Fields;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.IncomingBody;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.IncomingRequest;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.Method;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.Scheme;
import dev.wasiotel.wit.runtime.Result;
import dev.wasiotel.wit.runtime.Unit;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code wasi:http/types.incoming-request}: what a server received, handed to the guest's {@code
 * incoming-handler.handle}. Its headers are immutable; its body is consumed once.
 */
public final class HttpIncomingRequest implements IncomingRequest {
    private final Method method;
    private final String pathWithQuery;
    private final Scheme scheme;
    private final String authority;
    private final HttpFields headers;
    private final UnconsumedBody body;

    /**
     * @param method the request method as received
     * @param pathWithQuery the request target's path and query
     * @param scheme {@code http}, {@code https} or another
     * @param authority the host (and port) the client addressed, if known
     * @param headers the request's headers
     * @param body where its body comes from
     */
    public HttpIncomingRequest(String method, String pathWithQuery, String scheme, String authority, HttpFields headers,
            BodySource body) {
        this.method = HttpTypes.method(method);
        this.pathWithQuery = Objects.requireNonNull(pathWithQuery, "pathWithQuery");
        this.scheme = "https".equalsIgnoreCase(scheme) ? Scheme.https()
                : "http".equalsIgnoreCase(scheme) ? Scheme.http() : Scheme.other(scheme);
        this.authority = authority;
        this.headers = headers.freeze();
        this.body = new UnconsumedBody(body);
    }

    @Override
    public Method method() {
        return method;
    }

    @Override
    public Optional<String> pathWithQuery() {
        return Optional.of(pathWithQuery);
    }

    @Override
    public Optional<Scheme> scheme() {
        return Optional.of(scheme);
    }

    @Override
    public Optional<String> authority() {
        return Optional.ofNullable(authority);
    }

    @Override
    public Fields headers() {
        return headers;
    }

    @Override
    public Result<IncomingBody, Unit> consume() {
        return body.consume();
    }

    @Override
    public void close() {
        body.closeIfUnconsumed();
    }
}
