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
    private final BodySource body;
    private boolean consumed;

    HttpIncomingResponse(int status, HttpFields headers, BodySource body) {
        this.status = status;
        this.headers = headers.freeze();
        this.body = body;
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
        if (consumed) {
            return Result.err(Unit.INSTANCE);
        }
        consumed = true;
        return Result.ok(new HttpIncomingBody(body));
    }

    @Override
    public void close() {
        if (!consumed) {
            body.close();
        }
    }
}
