package dev.wasiotel.host.wasi.http;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Flow;

/**
 * The body of a response {@code java.net.http.HttpClient} received, as a {@link BodySource}: one
 * batch of buffers is requested at a time, and the next only once the guest has read it, so a
 * guest that reads slowly holds at most one batch.
 */
class FlowSource implements BodySource, Flow.Subscriber<List<ByteBuffer>> {
    private final ArrayDeque<ByteBuffer> buffers = new ArrayDeque<>();
    private final Readiness readiness = new Readiness(this::available);
    private Flow.Subscription subscription;
    private boolean requested;
    private boolean complete;
    private boolean closed;
    private Throwable error;

    @Override
    public void onSubscribe(Flow.Subscription s) {
        boolean cancel;
        synchronized (this) {
            subscription = s;
            requested = true;
            cancel = closed;
        }
        if (cancel) {
            s.cancel();
        } else {
            s.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        synchronized (this) {
            if (!closed) {
                buffers.addAll(item);
            }
            requested = false;
        }
        readiness.signal();
    }

    @Override
    public void onError(Throwable throwable) {
        synchronized (this) {
            error = throwable;
        }
        readiness.signal();
    }

    @Override
    public void onComplete() {
        synchronized (this) {
            complete = true;
        }
        readiness.signal();
    }

    private synchronized boolean available() {
        return !buffers.isEmpty() || complete || error != null || closed;
    }

    @Override
    public int read(byte[] into, int max) {
        int n = 0;
        boolean request = false;
        Flow.Subscription s;
        synchronized (this) {
            while (n < max && !buffers.isEmpty()) {
                ByteBuffer b = buffers.peek();
                int k = Math.min(max - n, b.remaining());
                b.get(into, n, k);
                n += k;
                if (!b.hasRemaining()) {
                    buffers.poll();
                }
            }
            s = subscription;
            if (buffers.isEmpty() && !complete && error == null && !closed && !requested && s != null) {
                requested = true;
                request = true;
            }
            if (n == 0) {
                if (error != null) {
                    throw new BodyException(HttpErrors.of(error), "the response body failed: " + error);
                }
                if (complete || closed) {
                    return -1;
                }
            }
        }
        if (request) {
            s.request(1);
        }
        return n;
    }

    @Override
    public Readiness readiness() {
        return readiness;
    }

    @Override
    public Optional<HttpFields> trailers() {
        return Optional.empty(); // java.net.http does not expose response trailers
    }

    @Override
    public void close() {
        Flow.Subscription s;
        synchronized (this) {
            closed = true;
            buffers.clear();
            s = subscription;
        }
        if (s != null) {
            s.cancel();
        }
    }
}
