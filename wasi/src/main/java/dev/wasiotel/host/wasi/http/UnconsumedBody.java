package dev.wasiotel.host.wasi.http;

import dev.wasiotel.host.wasi.bindings.wasi.http.types.IncomingBody;
import dev.wasiotel.wit.runtime.Result;
import dev.wasiotel.wit.runtime.Unit;

/**
 * The body of an incoming request or response: {@code consume} hands it out once; closing the
 * message closes a body nobody took.
 */
final class UnconsumedBody {
    private final BodySource body;
    private boolean consumed;

    UnconsumedBody(BodySource body) {
        this.body = body;
    }

    Result<IncomingBody, Unit> consume() {
        if (consumed) {
            return Result.err(Unit.INSTANCE);
        }
        consumed = true;
        return Result.ok(new HttpIncomingBody(body));
    }

    void closeIfUnconsumed() {
        if (!consumed) {
            body.close();
        }
    }
}
