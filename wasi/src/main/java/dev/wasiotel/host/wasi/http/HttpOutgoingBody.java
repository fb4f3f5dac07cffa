package dev.wasiotel.host.wasi.http;

import dev.wasiotel.host.wasi.bindings.wasi.http.types.ErrorCode;
import dev.wasiotel.host.wasi.bindings.wasi.http.types.OutgoingBody;
import dev.wasiotel.host.wasi.bindings.wasi.io.streams.OutputStream;
import dev.wasiotel.wit.runtime.Result;
import dev.wasiotel.wit.runtime.Unit;
import java.util.Optional;

/**
 * {@code wasi:http/types.outgoing-body}: its stream is had once; {@code finish} completes the
 * body, and dropping it unfinished marks the body incomplete (the peer sees an aborted message).
 * When its message declared a {@code content-length}, the stream refuses bytes past it and {@code
 * finish} fails (aborting the body) unless exactly that many were written.
 */
final class HttpOutgoingBody implements OutgoingBody {
    private final PendingSink sink;
    private final ContentLength length;
    private boolean streamTaken;
    private boolean done;

    /** @param length the declared length to hold the body to, or null */
    HttpOutgoingBody(PendingSink sink, ContentLength length) {
        this.sink = sink;
        this.length = length;
    }

    @Override
    public Result<OutputStream, Unit> write() {
        if (streamTaken) {
            return Result.err(Unit.INSTANCE);
        }
        streamTaken = true;
        return Result.ok(new BodyOutputStream(sink, length));
    }

    /**
     * {@code outgoing-body.finish}, with the trailers the guest gives.
     *
     * @throws BodySource.BodyException with the body-size error when the bytes written do not match
     *     the declared length (the body is then aborted), or when the sink could not finish
     */
    void finish(Optional<HttpFields> trailers) {
        done = true;
        ErrorCode mismatch = length == null ? null : length.atFinish();
        if (mismatch != null) {
            String why = length.describe();
            sink.abort(why); // a second abort after a refused write changes nothing
            throw new BodySource.BodyException(mismatch, why);
        }
        sink.finish(trailers);
    }

    @Override
    public void close() {
        if (!done) {
            done = true;
            sink.abort("the guest dropped the outgoing-body without finishing it");
        }
    }
}
