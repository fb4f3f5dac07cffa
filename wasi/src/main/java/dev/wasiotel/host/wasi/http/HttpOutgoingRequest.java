package dev.wasiotel.host.wasi.http;

import dev.wasiotel.host.wasi.bindings.wasi.http.types.Fields;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.Method;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.OutgoingBody;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.OutgoingRequest;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.Scheme;
import dev.wasiotel.wit.runtime.Result;
import dev.wasiotel.wit.runtime.Unit;
import java.util.Optional;

/** {@code wasi:http/types.outgoing-request}: GET with no path, scheme or authority until set; immutable headers. */
final class HttpOutgoingRequest implements OutgoingRequest {
    private final HttpFields headers;
    private final PendingSink sink = new PendingSink();
    private Method method = Method.get();
    private String pathWithQuery;
    private Scheme scheme;
    private String authority;
    private boolean bodyTaken;
    /** The declared length the body is held to, once taken (null when none was declared). */
    private ContentLength length;

    HttpOutgoingRequest(HttpFields headers) {
        this.headers = headers.freeze();
    }

    @Override
    public Result<OutgoingBody, Unit> body() {
        if (bodyTaken) {
            return Result.err(Unit.INSTANCE);
        }
        ContentLength.Result declared = ContentLength.declared(headers);
        if (!declared.valid()) {
            return Result.err(Unit.INSTANCE); // as wasmtime: no body can match a length that is not one
        }
        bodyTaken = true;
        length = declared.check(ContentLength.Of.REQUEST);
        return Result.ok(new HttpOutgoingBody(sink, length));
    }

    @Override
    public Method method() {
        return method;
    }

    @Override
    public Result<Unit, Unit> setMethod(Method method) {
        if (method instanceof Method.Other o && !HttpFields.isToken(o.value())) {
            return Result.err(Unit.INSTANCE);
        }
        this.method = method;
        return Result.ok();
    }

    @Override
    public Optional<String> pathWithQuery() {
        return Optional.ofNullable(pathWithQuery);
    }

    @Override
    public Result<Unit, Unit> setPathWithQuery(Optional<String> pathWithQuery) {
        if (pathWithQuery.isPresent() && !validPath(pathWithQuery.get())) {
            return Result.err(Unit.INSTANCE);
        }
        this.pathWithQuery = pathWithQuery.orElse(null);
        return Result.ok();
    }

    @Override
    public Optional<Scheme> scheme() {
        return Optional.ofNullable(scheme);
    }

    @Override
    public Result<Unit, Unit> setScheme(Optional<Scheme> scheme) {
        if (scheme.isPresent() && scheme.get() instanceof Scheme.Other o && !o.value().matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            return Result.err(Unit.INSTANCE);
        }
        this.scheme = scheme.orElse(null);
        return Result.ok();
    }

    @Override
    public Optional<String> authority() {
        return Optional.ofNullable(authority);
    }

    @Override
    public Result<Unit, Unit> setAuthority(Optional<String> authority) {
        if (authority.isPresent() && !authority.get().matches("[A-Za-z0-9._~!$&'()*+,;=:%\\[\\]-]*(@[A-Za-z0-9._~!$&'()*+,;=:%\\[\\]-]*)?")) {
            return Result.err(Unit.INSTANCE);
        }
        this.authority = authority.orElse(null);
        return Result.ok();
    }

    @Override
    public Fields headers() {
        return headers;
    }

    HttpFields fields() {
        return headers;
    }

    boolean bodyTaken() {
        return bodyTaken;
    }

    PendingSink sink() {
        return sink;
    }

    /** The declared length the taken body is held to, or null. */
    ContentLength length() {
        return length;
    }

    private static boolean validPath(String p) {
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == '#') {
                return false;
            }
        }
        return true;
    }
}
