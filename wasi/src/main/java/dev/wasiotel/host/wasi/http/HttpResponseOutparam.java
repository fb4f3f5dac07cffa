package dev.wasiotel.host.wasi.http;

import dev.wasiotel.host.wasi.bindings.wasi.http.types.ErrorCode;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.OutgoingResponse;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.ResponseOutparam;
import dev.wasiotel.wit.runtime.Result;
import dev.wasiotel.wit.runtime.WitTrap;
import java.util.Optional;

/**
 * {@code wasi:http/types.response-outparam}: where the guest's {@code incoming-handler.handle}
 * puts its response. The server learns afterwards whether it did ({@link #outcome()}) and
 * whether the body was completed ({@link #bodyComplete()}).
 */
public final class HttpResponseOutparam implements ResponseOutparam {
    private final HttpResponder responder;
    private Result<Integer, ErrorCode> outcome;
    private PendingSink body;

    /** @param responder what sends the response */
    public HttpResponseOutparam(HttpResponder responder) {
        this.responder = responder;
    }

    /** {@code response-outparam.set}. */
    void set(Result<OutgoingResponse, ErrorCode> response) {
        if (outcome != null) {
            throw new WitTrap(WitTrap.Reason.INVALID_ARGUMENT, "response-outparam.set called twice");
        }
        if (response instanceof Result.Err<OutgoingResponse, ErrorCode> err) {
            outcome = Result.err(err.error());
            responder.respondWithError(err.error());
            return;
        }
        HttpOutgoingResponse r = (HttpOutgoingResponse) response.orElseThrow();
        outcome = Result.ok(r.statusCode());
        body = r.sink();
        BodySink sink = responder.respond(r.statusCode(), r.fields().view());
        if (!r.bodyTaken()) {
            body.finish(Optional.empty()); // a response whose body was never asked for has none
        }
        body.attach(sink);
    }

    /** The status the guest responded with, or its error; empty while it has not set one. */
    public Optional<Result<Integer, ErrorCode>> outcome() {
        return Optional.ofNullable(outcome);
    }

    /** Whether the guest finished the response body (false while it has not, or when it dropped it). */
    public boolean bodyComplete() {
        return body != null && body.isFinished();
    }

    /** Why the body is incomplete, when the guest dropped it without finishing. */
    public Optional<String> bodyAbortReason() {
        return body == null ? Optional.empty() : body.abortReason();
    }
}
