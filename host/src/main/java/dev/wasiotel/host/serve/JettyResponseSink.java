package dev.wasiotel.host.serve;

import dev.wasiotel.host.wasi.bindings.wasi.http.types.ErrorCode;
import dev.wasiotel.host.wasi.http.BodySink;
import dev.wasiotel.host.wasi.http.BodySource;
import dev.wasiotel.host.wasi.http.HttpFields;
import dev.wasiotel.host.wasi.http.Readiness;
import dev.wasiotel.wit.runtime.Tuple2;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A response body into Jetty: one write in flight at a time, so a client that reads slowly makes
 * {@code check-write} say 0 and the guest wait, holding at most one write's bytes.
 */
final class JettyResponseSink implements BodySink {
    /** The most bytes one write carries. */
    static final int WRITE_SIZE = 64 * 1024;

    private final Response response;
    private final Readiness readiness = new Readiness(() -> capacity() > 0);
    private boolean inFlight;
    private Throwable failure;
    private boolean finished;
    private String aborted;
    private long written;
    /** The trailers the guest finished the body with; Jetty asks for them at the end of the body. */
    private volatile org.eclipse.jetty.http.HttpFields trailers;

    /**
     * Made before the first byte goes out: Jetty takes the trailers supplier when the response
     * commits. A response that declares its content-length has none (trailers need chunked
     * framing in HTTP/1.1, and Jetty would drop the declared length for it).
     */
    JettyResponseSink(Response response) {
        this.response = response;
        if (!response.getHeaders().contains(org.eclipse.jetty.http.HttpHeader.CONTENT_LENGTH)) {
            response.setTrailersSupplier(() -> trailers);
        }
    }

    @Override
    public synchronized int capacity() {
        return failure != null ? 1 : inFlight ? 0 : WRITE_SIZE; // a failed sink is "ready" to report it
    }

    @Override
    public void write(byte[] bytes) {
        synchronized (this) {
            if (failure != null) {
                throw new BodySource.BodyException(ErrorCode.connectionTerminated(),
                        "the client went away: " + failure.getMessage());
            }
            inFlight = true;
            written += bytes.length;
        }
        response.write(false, ByteBuffer.wrap(bytes), Callback.from(this::done, this::failed));
    }

    private void done() {
        synchronized (this) {
            inFlight = false;
        }
        readiness.signal();
    }

    private void failed(Throwable x) {
        synchronized (this) {
            inFlight = false;
            failure = x;
        }
        readiness.signal();
    }

    @Override
    public Readiness readiness() {
        return readiness;
    }

    @Override
    public void finish(Optional<HttpFields> trailers) {
        readiness.await(); // the write in flight, if any
        synchronized (this) {
            if (failure != null) {
                throw new BodySource.BodyException(ErrorCode.connectionTerminated(),
                        "the client went away: " + failure.getMessage());
            }
        }
        trailers.ifPresent(t -> {
            org.eclipse.jetty.http.HttpFields.Mutable fields = org.eclipse.jetty.http.HttpFields.build();
            for (Tuple2<String, byte[]> e : t.view()) {
                fields.add(e.v1(), new String(e.v2(), StandardCharsets.ISO_8859_1));
            }
            this.trailers = fields;
        });
        Callback.Completable last = new Callback.Completable();
        response.write(true, ByteBuffer.allocate(0), last);
        try {
            last.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while the response was finished");
        } catch (ExecutionException e) {
            throw new BodySource.BodyException(ErrorCode.connectionTerminated(),
                    "the client went away: " + e.getCause().getMessage());
        }
        synchronized (this) {
            finished = true;
        }
    }

    @Override
    public synchronized void abort(String why) {
        aborted = why;
    }

    synchronized boolean finished() {
        return finished;
    }

    synchronized Optional<String> aborted() {
        return Optional.ofNullable(aborted);
    }

    synchronized long written() {
        return written;
    }
}
