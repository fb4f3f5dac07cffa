package dev.wasiotel.host.wasi.http;

import dev.wasiotel.host.wasi.bindings.wasi.http.types.OutgoingBody;
import dev.wasiotel.host.wasi.bindings.wasi.io.streams.OutputStream;
import dev.wasiotel.wit.runtime.Result;
import dev.wasiotel.wit.runtime.Unit;
import java.util.Optional;

/**
 * {@code wasi:http/types.outgoing-body}: its stream is had once; {@code finish} completes the
 * body, and dropping it unfinished marks the body incomplete (the peer sees an aborted message).
 */
final class HttpOutgoingBody implements OutgoingBody {
    private final PendingSink sink;
    private boolean streamTaken;
    private boolean done;

    HttpOutgoingBody(PendingSink sink) {
        this.sink = sink;
    }

    @Override
    public Result<OutputStream, Unit> write() {
        if (streamTaken) {
            return Result.err(Unit.INSTANCE);
        }
        streamTaken = true;
        return Result.ok(new BodyOutputStream(sink));
    }

    /** {@code outgoing-body.finish}, with the trailers the guest gives. */
    void finish(Optional<HttpFields> trailers) {
        done = true;
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
