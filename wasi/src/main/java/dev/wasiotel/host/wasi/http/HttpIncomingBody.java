package dev.wasiotel.host.wasi.http;

import dev.wasiotel.host.wasi.bindings.wasi.http.types.IncomingBody;
import dev.wasiotel.host.wasi.bindings.wasi.io.streams.InputStream;
import dev.wasiotel.wit.runtime.Result;
import dev.wasiotel.wit.runtime.Unit;

/** {@code wasi:http/types.incoming-body}: its stream is had once; dropping it gives back the buffers. */
final class HttpIncomingBody implements IncomingBody {
    private final BodySource source;
    private boolean streamTaken;
    private boolean finished;

    HttpIncomingBody(BodySource source) {
        this.source = source;
    }

    @Override
    public Result<InputStream, Unit> stream() {
        if (streamTaken) {
            return Result.err(Unit.INSTANCE);
        }
        streamTaken = true;
        return Result.ok(new BodyInputStream(source, () -> { }));
    }

    /** {@code incoming-body.finish}: the trailers, once the rest of the body has been passed over. */
    HttpFutureTrailers finish() {
        finished = true;
        return new HttpFutureTrailers(source);
    }

    @Override
    public void close() {
        if (!finished) {
            source.close();
        }
    }
}
