package dev.wasiotel.host.serve;

import dev.wasiotel.host.wasi.bindings.wasi.http.types.ErrorCode;
import dev.wasiotel.host.wasi.http.BodySource;
import dev.wasiotel.host.wasi.http.HttpFields;
import dev.wasiotel.host.wasi.http.Readiness;
import dev.wasiotel.wit.runtime.Tuple2;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.Trailers;
import org.eclipse.jetty.io.Content;

/**
 * A request body as Jetty delivers it: one chunk (what the connection has read) at a time, asking
 * Jetty to call back when there is more; the guest's reads and polls drive it.
 */
final class JettyRequestSource implements BodySource {
    /** The request, as the source of its body. */
    private final Content.Source request;
    private final Readiness readiness = new Readiness(this::available);
    private Content.Chunk chunk;
    private boolean lastSeen;
    private boolean ended;
    private boolean demanding;
    private Throwable failure;
    private HttpFields trailers;
    private boolean tooLarge;
    private long bytesRead;

    JettyRequestSource(Content.Source request) {
        this.request = request;
    }

    private synchronized boolean available() {
        if (chunk == null && !lastSeen && failure == null) {
            fetch();
        }
        return chunk != null || lastSeen || failure != null;
    }

    /**
     * Takes the next chunk Jetty has, or asks it to call back when there is one. While a demand is
     * outstanding nothing is read: its callback says when. Reading around it could take the rest of
     * the body (the guest's read, on its own thread, before Jetty's selector saw the bytes) and
     * leave the demand pending for good; Jetty then completes the exchange as failed ("demand
     * pending") and closes the keep-alive connection after a complete response, without a word,
     * so the client's next request on it gets no answer.
     */
    private void fetch() {
        if (demanding) {
            return;
        }
        Content.Chunk c = request.read();
        if (c == null) {
            demanding = true;
            request.demand(() -> {
                synchronized (this) {
                    demanding = false;
                }
                readiness.signal();
            });
            return;
        }
        if (Content.Chunk.isFailure(c)) {
            failure = c.getFailure();
            tooLarge = failure instanceof HttpException h && h.getCode() == 413;
            return;
        }
        if (c instanceof Trailers t) {
            trailers = fields(t.getTrailers());
        }
        lastSeen = c.isLast();
        if (c.hasRemaining()) {
            chunk = c;
        } else {
            c.release();
        }
    }

    @Override
    public synchronized int read(byte[] into, int max) {
        if (chunk == null && !lastSeen && failure == null) {
            fetch();
        }
        if (chunk != null) {
            ByteBuffer b = chunk.getByteBuffer();
            int n = Math.min(max, b.remaining());
            b.get(into, 0, n);
            bytesRead += n;
            if (!b.hasRemaining()) {
                chunk.release();
                chunk = null;
            }
            return n;
        }
        if (failure != null) {
            // too large; the connection idle past its timeout (a client that stopped sending); or
            // the client went away (an early EOF: a body shorter than its content-length)
            ErrorCode code = tooLarge ? ErrorCode.httpRequestBodySize(Optional.of(bytesRead))
                    : failure instanceof java.util.concurrent.TimeoutException ? ErrorCode.connectionReadTimeout()
                    : ErrorCode.connectionTerminated();
            throw new BodyException(code, "the request body failed: " + failure.getMessage());
        }
        if (lastSeen) {
            ended = true;
            return -1;
        }
        return 0;
    }

    @Override
    public Readiness readiness() {
        return readiness;
    }

    @Override
    public synchronized Optional<HttpFields> trailers() {
        return ended ? Optional.ofNullable(trailers) : Optional.empty();
    }

    @Override
    public synchronized void close() {
        if (chunk != null) {
            chunk.release();
            chunk = null;
        }
        lastSeen = true;
    }

    /** Whether the body was refused for its size (the server then answers 413). */
    synchronized boolean tooLarge() {
        return tooLarge;
    }

    static HttpFields fields(org.eclipse.jetty.http.HttpFields jetty) {
        List<Tuple2<String, byte[]>> entries = new ArrayList<>();
        for (HttpField f : jetty) {
            if (f.getName().startsWith(":")) {
                continue;
            }
            entries.add(new Tuple2<>(f.getName(), f.getValue() == null ? new byte[0]
                    : f.getValue().getBytes(StandardCharsets.ISO_8859_1)));
        }
        return HttpFields.received(entries);
    }
}
