package dev.wasiotel.host.wasi.http;

import dev.wasiotel.host.wasi.bindings.wasi.http.types.ErrorCode;
import dev.wasiotel.wit.runtime.Tuple2;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Optional;

/**
 * A server side for tests: takes the response a guest sets and records what reaches the wire (the
 * bytes, and whether the body was finished or aborted), with room for every write.
 */
final class RecordingResponder implements HttpResponder, BodySink {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Readiness readiness = new Readiness(() -> true);
    int status;
    List<Tuple2<String, byte[]>> headers;
    ErrorCode error;
    boolean finished;
    String aborted;

    @Override
    public BodySink respond(int status, List<Tuple2<String, byte[]>> headers) {
        this.status = status;
        this.headers = headers;
        return this;
    }

    @Override
    public void respondWithError(ErrorCode error) {
        this.error = error;
    }

    @Override
    public int capacity() {
        return 64 * 1024;
    }

    @Override
    public synchronized void write(byte[] b) {
        bytes.write(b, 0, b.length);
    }

    @Override
    public Readiness readiness() {
        return readiness;
    }

    @Override
    public synchronized void finish(Optional<HttpFields> trailers) {
        finished = true;
    }

    @Override
    public synchronized void abort(String why) {
        aborted = why;
    }
}
