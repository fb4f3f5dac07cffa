package dev.wasiotel.host.wasi.http;

import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;

/**
 * The body of a response {@code java.net.http.HttpClient} received, as a {@link BodySource}: one
 * batch of buffers is requested at a time, and the next only once the guest has read it, so a
 * guest that reads slowly holds at most one batch.
 *
 * <p>With a between-bytes timeout, each request for the next batch must be answered within it (as
 * wasmtime times each frame from when it is asked for): a longer gap ends the body with {@code
 * connection-read-timeout} and lets the connection go. The time the guest takes to read what has
 * arrived does not count.
 */
class FlowSource implements BodySource, Flow.Subscriber<List<ByteBuffer>> {
    private final ArrayDeque<ByteBuffer> buffers = new ArrayDeque<>();
    private final Readiness readiness = new Readiness(this::available);
    private final Duration betweenBytes;
    private Flow.Subscription subscription;
    private boolean requested;
    private boolean complete;
    private boolean closed;
    private Throwable error;
    /** The between-bytes timer of the outstanding request, if any. */
    private ScheduledFuture<?> timer;
    /** How many timers were armed: tells a late timer of an answered request from the current one. */
    private long armed;

    /** @param betweenBytes the longest wait for the next batch, or null for none */
    FlowSource(Duration betweenBytes) {
        this.betweenBytes = betweenBytes;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        boolean cancel;
        synchronized (this) {
            subscription = s;
            requested = true;
            cancel = closed;
            if (!cancel) {
                arm();
            }
        }
        if (cancel) {
            s.cancel();
        } else {
            s.request(1);
        }
    }

    /** Starts the between-bytes timer of the request about to be made. Holding the lock. */
    private void arm() {
        if (betweenBytes == null) {
            return;
        }
        long mine = ++armed;
        timer = HttpTimers.after(betweenBytes, () -> timedOut(mine));
    }

    /** The timer of request {@code which} fired: if that request is still unanswered, the body failed. */
    private void timedOut(long which) {
        Flow.Subscription s;
        synchronized (this) {
            if (armed != which || timer == null || !requested || error != null || complete || closed) {
                return; // answered (or ended) in time
            }
            timer = null;
            error = new HttpTimeoutException("no more of the response body within the between-bytes-timeout of "
                    + millis(betweenBytes));
            s = subscription;
        }
        s.cancel(); // the rest will not be read: let the connection go
        readiness.signal();
    }

    private static String millis(Duration d) {
        return d.toNanos() % 1_000_000 == 0 ? d.toMillis() + " ms" : d.toNanos() + " ns";
    }

    /** The outstanding request was answered. Holding the lock. */
    private void disarm() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        synchronized (this) {
            if (!closed && error == null) {
                buffers.addAll(item);
            }
            requested = false;
            disarm();
        }
        readiness.signal();
    }

    @Override
    public void onError(Throwable throwable) {
        synchronized (this) {
            if (error == null) {
                error = throwable; // after a timeout, the cancelled exchange's own error is no news
            }
            disarm();
        }
        readiness.signal();
    }

    @Override
    public void onComplete() {
        synchronized (this) {
            complete = true;
            disarm();
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
                arm();
            }
            if (n == 0) {
                if (error != null) {
                    throw new BodyException(HttpErrors.of(error), "the response body failed: " + error.getMessage());
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
            disarm();
            s = subscription;
        }
        if (s != null) {
            s.cancel();
        }
    }
}
