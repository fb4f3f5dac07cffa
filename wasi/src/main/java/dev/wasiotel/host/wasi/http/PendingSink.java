package dev.wasiotel.host.wasi.http;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Optional;

/**
 * The sink of an outgoing body before its message is sent: a guest may write the body of a
 * response before {@code response-outparam.set}, or of a request before {@code
 * outgoing-handler.handle}. Up to {@link #BUFFER} bytes wait here; once the message is sent they
 * go to the real sink ({@link #attach}) and everything after goes straight there.
 */
final class PendingSink implements BodySink {
    /** The most bytes held before the message is sent. */
    static final int BUFFER = 64 * 1024;

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final Readiness readiness = new Readiness(() -> capacity() > 0);
    private BodySink target;
    private boolean finished;
    private Optional<HttpFields> trailers = Optional.empty();
    private String aborted;

    @Override
    public synchronized int capacity() {
        return target == null ? BUFFER - buffer.size() : target.capacity();
    }

    @Override
    public void write(byte[] bytes) {
        BodySink t;
        synchronized (this) {
            t = target;
            if (t == null) {
                buffer.write(bytes, 0, bytes.length);
                return;
            }
        }
        t.write(bytes);
    }

    @Override
    public synchronized Readiness readiness() {
        return target == null ? readiness : target.readiness();
    }

    @Override
    public void finish(Optional<HttpFields> trailers) {
        BodySink t;
        synchronized (this) {
            finished = true;
            this.trailers = trailers;
            t = target;
        }
        if (t != null) {
            t.finish(trailers);
        }
    }

    @Override
    public void abort(String why) {
        BodySink t;
        synchronized (this) {
            if (aborted != null) {
                return; // the first reason stands
            }
            aborted = why;
            t = target;
        }
        if (t != null) {
            t.abort(why);
        }
    }

    /** Whether the writer finished the body (not aborted). */
    synchronized boolean isFinished() {
        return finished && aborted == null;
    }

    /** Why the body is incomplete, if its writer dropped it unfinished. */
    synchronized Optional<String> abortReason() {
        return Optional.ofNullable(aborted);
    }

    /**
     * The message is sent: what waits here goes to {@code sink} (waiting for room, on the calling
     * guest thread), then the finish or abort that already happened.
     */
    void attach(BodySink sink) {
        byte[] pending;
        synchronized (this) {
            pending = buffer.toByteArray();
            buffer.reset();
        }
        int off = 0;
        while (off < pending.length) {
            sink.readiness().await();
            int n = Math.min(sink.capacity(), pending.length - off);
            if (n > 0) {
                sink.write(Arrays.copyOfRange(pending, off, off + n));
                off += n;
            }
        }
        boolean done;
        String why;
        Optional<HttpFields> t;
        synchronized (this) {
            target = sink;
            done = finished;
            why = aborted;
            t = trailers;
        }
        readiness.signal();
        if (why != null) {
            sink.abort(why);
        } else if (done) {
            sink.finish(t);
        }
    }
}
