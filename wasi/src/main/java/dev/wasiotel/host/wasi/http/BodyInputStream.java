package dev.wasiotel.host.wasi.http;

import dev.wasiotel.host.wasi.bindings.wasi.io.poll.Pollable;
import dev.wasiotel.host.wasi.bindings.wasi.io.streams.InputStream;
import dev.wasiotel.host.wasi.bindings.wasi.io.streams.StreamError;
import dev.wasiotel.wit.runtime.Result;
import java.util.Arrays;

/**
 * The {@code wasi:io/streams.input-stream} of an incoming body: a read returns what the network
 * has delivered (at most {@link #MAX_READ} bytes, whatever the guest asks for), a blocking read
 * waits for some; its pollable is ready when bytes or the end are there.
 */
final class BodyInputStream implements InputStream {
    /** The most bytes one read returns. */
    static final int MAX_READ = 64 * 1024;

    private final BodySource source;
    private final Runnable onEnd;
    private boolean closed;

    /** {@code onEnd} runs once when the body ends (the trailers can then be had). */
    BodyInputStream(BodySource source, Runnable onEnd) {
        this.source = source;
        this.onEnd = onEnd;
    }

    @Override
    public Result<byte[], StreamError> read(long len) {
        return doRead(len, false);
    }

    @Override
    public Result<byte[], StreamError> blockingRead(long len) {
        return doRead(len, true);
    }

    @Override
    public Result<Long, StreamError> skip(long len) {
        return doRead(len, false).map(b -> (long) b.length);
    }

    @Override
    public Result<Long, StreamError> blockingSkip(long len) {
        return doRead(len, true).map(b -> (long) b.length);
    }

    @Override
    public Pollable subscribe() {
        return source.readiness().pollable();
    }

    private Result<byte[], StreamError> doRead(long len, boolean blocking) {
        if (closed) {
            return Result.err(StreamError.closed());
        }
        int max = Long.compareUnsigned(len, MAX_READ) > 0 ? MAX_READ : (int) len;
        if (max == 0) {
            return Result.ok(new byte[0]);
        }
        byte[] buffer = new byte[max];
        try {
            int n = source.read(buffer, max);
            while (n == 0 && blocking) {
                source.readiness().await();
                n = source.read(buffer, max);
            }
            if (n < 0) {
                end();
                return Result.err(StreamError.closed());
            }
            return Result.ok(n == max ? buffer : Arrays.copyOf(buffer, n));
        } catch (BodySource.BodyException e) {
            end();
            return Result.err(StreamError.lastOperationFailed(new HttpStreamError(e.code(), e.getMessage())));
        }
    }

    private void end() {
        if (!closed) {
            closed = true;
            onEnd.run();
        }
    }
}
