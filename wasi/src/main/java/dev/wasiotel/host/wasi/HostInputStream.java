package dev.wasiotel.host.wasi;

import dev.wasiotel.host.wasi.bindings.wasi.io.poll.Pollable;
import dev.wasiotel.host.wasi.bindings.wasi.io.streams.InputStream;
import dev.wasiotel.host.wasi.bindings.wasi.io.streams.StreamError;
import dev.wasiotel.wit.runtime.Result;
import java.io.IOException;
import java.util.Arrays;

/**
 * The common part of this host's {@code wasi:io/streams.input-stream}s: one read returns at most
 * {@link #MAX_READ} bytes, whatever length the guest asks for, so a guest cannot make the host
 * allocate more; after end of input or a failure the stream reports {@code closed}.
 */
abstract class HostInputStream implements InputStream {
    /** The most bytes one read or skip handles. */
    static final int MAX_READ = 64 * 1024;

    private boolean closed;

    /**
     * Reads up to {@code max} bytes into {@code buffer}.
     *
     * @return the number of bytes read, 0 if none are available now, -1 at end of input
     */
    protected abstract int readSome(byte[] buffer, int max, boolean blocking) throws IOException;

    /** The {@code wasi:io/error} for a failed read. */
    protected abstract WasiError error(IOException failure);

    /** How many bytes are worth a buffer for a read of up to {@code max} (the rest of a file, say). */
    protected int bufferSize(int max) {
        return max;
    }

    @Override
    public final Result<byte[], StreamError> read(long len) {
        return doRead(len, false);
    }

    @Override
    public final Result<byte[], StreamError> blockingRead(long len) {
        return doRead(len, true);
    }

    @Override
    public final Result<Long, StreamError> skip(long len) {
        return doRead(len, false).map(bytes -> (long) bytes.length);
    }

    @Override
    public final Result<Long, StreamError> blockingSkip(long len) {
        return doRead(len, true).map(bytes -> (long) bytes.length);
    }

    @Override
    public Pollable subscribe() {
        return new ReadyPollable();
    }

    private Result<byte[], StreamError> doRead(long len, boolean blocking) {
        if (closed) {
            return Result.err(StreamError.closed());
        }
        // len is a u64: a negative long is a huge request
        int max = Long.compareUnsigned(len, MAX_READ) > 0 ? MAX_READ : (int) len;
        if (max == 0) {
            return Result.ok(new byte[0]);
        }
        byte[] buffer = new byte[Math.max(1, Math.min(max, bufferSize(max)))];
        try {
            int n = readSome(buffer, buffer.length, blocking);
            if (n < 0) {
                closed = true;
                return Result.err(StreamError.closed());
            }
            return Result.ok(n == buffer.length ? buffer : Arrays.copyOf(buffer, n));
        } catch (IOException e) {
            closed = true;
            return Result.err(StreamError.lastOperationFailed(error(e)));
        }
    }
}
