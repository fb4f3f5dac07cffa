package dev.wasiotel.host.wasi.http;

import dev.wasiotel.host.wasi.bindings.wasi.http.types.Fields;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.OutgoingBody;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.OutgoingResponse;
import dev.wasiotel.wit.runtime.Result;
import dev.wasiotel.wit.runtime.Unit;

/** {@code wasi:http/types.outgoing-response}: status (200 unless set), immutable headers, a body had once. */
final class HttpOutgoingResponse implements OutgoingResponse {
    private final HttpFields headers;
    private final PendingSink sink = new PendingSink();
    private int status = 200;
    private boolean bodyTaken;
    /** The declared length the body is held to, once taken (null when none was declared). */
    private ContentLength length;

    HttpOutgoingResponse(HttpFields headers) {
        this.headers = headers.freeze();
    }

    @Override
    public int statusCode() {
        return status;
    }

    @Override
    public Result<Unit, Unit> setStatusCode(int statusCode) {
        if (statusCode < 100 || statusCode > 599) {
            return Result.err(Unit.INSTANCE);
        }
        status = statusCode;
        return Result.ok();
    }

    @Override
    public Fields headers() {
        return headers;
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
        length = declared.check(ContentLength.Of.RESPONSE);
        return Result.ok(new HttpOutgoingBody(sink, length));
    }

    HttpFields fields() {
        return headers;
    }

    /** Whether the guest took the body (else the response has none). */
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
}
