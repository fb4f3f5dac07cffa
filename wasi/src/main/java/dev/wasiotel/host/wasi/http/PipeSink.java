package dev.wasiotel.host.wasi.http;

import dev.wasiotel.host.wasi.bindings.wasi.http.types.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * The body of an outgoing request on its way to {@code java.net.http.HttpClient}: the guest
 * writes into a buffer of at most {@link #CAPACITY} bytes, the client's thread reads it as an
 * {@link InputStream}; room made by the client wakes the guest.
 */
final class PipeSink implements BodySink {
    /** The most bytes waiting for the client. */
    static final int CAPACITY = 64 * 1024;

    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private final Readiness readiness = new Readiness(() -> capacity() > 0);
    private int queued;
    private int headOffset;
    private boolean finished;
    private String aborted;
    private String failed;

    @Override
    public synchronized int capacity() {
        return failed != null ? 1 : Math.max(0, CAPACITY - queued); // a failed pipe is "ready" to report its failure
    }

    @Override
    public void write(byte[] bytes) {
        synchronized (this) {
            if (failed != null) {
                throw new BodySource.BodyException(ErrorCode.connectionTerminated(), failed);
            }
            queue.add(bytes);
            queued += bytes.length;
            notifyAll();
        }
    }

    @Override
    public Readiness readiness() {
        return readiness;
    }

    @Override
    public synchronized void finish(Optional<HttpFields> trailers) {
        // java.net.http cannot send request trailers: they are dropped
        finished = true;
        notifyAll();
    }

    @Override
    public synchronized void abort(String why) {
        aborted = why;
        notifyAll();
    }

    /** The request failed: the guest's next write reports it. */
    void fail(String why) {
        synchronized (this) {
            failed = why;
            notifyAll();
        }
        readiness.signal();
    }

    /** What the client reads. */
    InputStream input() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n;
                synchronized (PipeSink.this) {
                    while (queue.isEmpty() && !finished && aborted == null && failed == null) {
                        try {
                            PipeSink.this.wait();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IOException("interrupted", e);
                        }
                    }
                    if (queue.isEmpty()) {
                        if (aborted != null || failed != null) {
                            throw new IOException(aborted != null ? aborted : failed);
                        }
                        return -1;
                    }
                    byte[] head = queue.peek();
                    n = Math.min(len, head.length - headOffset);
                    System.arraycopy(head, headOffset, b, off, n);
                    headOffset += n;
                    if (headOffset == head.length) {
                        queue.poll();
                        headOffset = 0;
                    }
                    queued -= n;
                }
                readiness.signal();
                return n;
            }
        };
    }
}
