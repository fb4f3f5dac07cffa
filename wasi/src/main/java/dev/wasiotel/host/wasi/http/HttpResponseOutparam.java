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
    private HttpOutgoingResponse response;

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
        ContentLength.Result declared = ContentLength.declared(r.fields());
        if (!declared.valid()) {
            // no peer could frame it: the guest answered with a response that cannot be sent
            ErrorCode invalid = ErrorCode.internalError(Optional.of("the guest's response has an invalid "
                    + declared.invalid()));
            outcome = Result.err(invalid);
            responder.respondWithError(invalid);
            return;
        }
        outcome = Result.ok(r.statusCode());
        this.response = r;
        body = r.sink();
        BodySink sink = responder.respond(r.statusCode(), r.fields().view());
        if (!r.bodyTaken()) {
            // a response whose body was never asked for has none (a declared length without one is
            // a HEAD answer's; the server holds the framing to the request)
            body.finish(Optional.empty());
        }
        try {
            body.attach(sink);
        } catch (BodySource.BodyException e) {
            // the peer went away while the bytes written before set were on their way: the body
            // is not complete (bodyComplete says so) and the guest's next write reports it
            body.abort(e.getMessage());
        }
    }

    /** The status the guest responded with, or its error; empty while it has not set one. */
    public Optional<Result<Integer, ErrorCode>> outcome() {
        return Optional.ofNullable(outcome);
    }

    /** Whether the guest finished the response body (false while it has not, or when it dropped it). */
    public boolean bodyComplete() {
        return body != null && body.isFinished();
    }

    /** Why the body is incomplete, when the guest dropped it without finishing or it failed. */
    public Optional<String> bodyAbortReason() {
        return body == null ? Optional.empty() : body.abortReason();
    }

    /**
     * The {@code HTTP-response-body-size} error when the guest wrote past its response's declared
     * {@code content-length} or finished short of it (the body was then aborted).
     */
    public Optional<ErrorCode> bodySizeError() {
        ContentLength length = response == null ? null : response.length();
        return length == null ? Optional.empty() : Optional.ofNullable(length.mismatch());
    }
}
