package dev.wasiotel.host.wasi.http;

import dev.wasiotel.host.wasi.bindings.wasi.http.types.Fields;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.IncomingBody;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.IncomingResponse;
import dev.wasiotel.wit.runtime.Result;
import dev.wasiotel.wit.runtime.Unit;

/** {@code wasi:http/types.incoming-response}: what an outgoing request got back. */
final class HttpIncomingResponse implements IncomingResponse {
    private final int status;
    private final HttpFields headers;
    private final UnconsumedBody body;

    HttpIncomingResponse(int status, HttpFields headers, BodySource body) {
        this.status = status;
        this.headers = headers.freeze();
        this.body = new UnconsumedBody(body);
    }

    @Override
    public int status() {
        return status;
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
