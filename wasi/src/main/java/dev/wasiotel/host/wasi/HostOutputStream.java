package dev.wasiotel.host.wasi;

import dev.wasiotel.host.wasi.bindings.wasi.io.poll.Pollable;
import dev.wasiotel.host.wasi.bindings.wasi.io.streams.InputStream;
import dev.wasiotel.host.wasi.bindings.wasi.io.streams.OutputStream;
import dev.wasiotel.host.wasi.bindings.wasi.io.streams.StreamError;
import dev.wasiotel.wit.runtime.Result;
import dev.wasiotel.wit.runtime.Unit;
import dev.wasiotel.wit.runtime.WitTrap;
import java.io.IOException;

/**
 * The common part of this host's {@code wasi:io/streams.output-stream}s. Writes complete when
 * called, so {@code check-write} always permits {@link #PERMIT} bytes and the stream is always
 * ready. Breaking the contract (writing more than permitted, more than 4096 bytes in a blocking
 * write) traps, as the interface says; after a failure the stream reports {@code closed}.
 */
abstract class HostOutputStream implements OutputStream {
    /** What {@code check-write} permits. */
    static final int PERMIT = 64 * 1024;
    /** The most a {@code blocking-write-and-flush} or {@code blocking-write-zeroes-and-flush} may write. */
    static final int MAX_BLOCKING_WRITE = 4096;

    private boolean closed;

    /** Writes all of {@code bytes}. */
    protected abstract void writeAll(byte[] bytes) throws IOException;

    /** Flushes what was written. */
    protected abstract void flushWritten() throws IOException;

    /** The {@code wasi:io/error} for a failed write or flush. */
    protected abstract WasiError error(IOException failure);

    @Override
    public final Result<Long, StreamError> checkWrite() {
        return closed ? Result.err(StreamError.closed()) : Result.ok((long) PERMIT);
    }

    @Override
    public final Result<Unit, StreamError> write(byte[] contents) {
        checkLength(contents.length, PERMIT, "write");
        return run(() -> writeAll(contents));
    }

    @Override
    public final Result<Unit, StreamError> blockingWriteAndFlush(byte[] contents) {
        checkLength(contents.length, MAX_BLOCKING_WRITE, "blocking-write-and-flush");
        return run(() -> {
            writeAll(contents);
            flushWritten();
        });
    }

    @Override
    public final Result<Unit, StreamError> flush() {
        return run(this::flushWritten);
    }

    @Override
    public final Result<Unit, StreamError> blockingFlush() {
        return run(this::flushWritten);
    }

    @Override
    public Pollable subscribe() {
        return new ReadyPollable();
    }

    @Override
    public final Result<Unit, StreamError> writeZeroes(long len) {
        checkLength(len, PERMIT, "write-zeroes");
        return run(() -> writeAll(new byte[(int) len]));
    }

    @Override
    public final Result<Unit, StreamError> blockingWriteZeroesAndFlush(long len) {
        checkLength(len, MAX_BLOCKING_WRITE, "blocking-write-zeroes-and-flush");
        return run(() -> {
            writeAll(new byte[(int) len]);
            flushWritten();
        });
    }

    @Override
    public final Result<Long, StreamError> splice(InputStream src, long len) {
        return doSplice(src, len, false);
    }

    @Override
    public final Result<Long, StreamError> blockingSplice(InputStream src, long len) {
        return doSplice(src, len, true);
    }

    private Result<Long, StreamError> doSplice(InputStream src, long len, boolean blocking) {
        if (closed) {
            return Result.err(StreamError.closed());
        }
        // never more than one write may take, whatever the guest asks
        long max = Long.compareUnsigned(len, PERMIT) > 0 ? PERMIT : len;
        Result<byte[], StreamError> read = blocking ? src.blockingRead(max) : src.read(max);
        if (read instanceof Result.Err<byte[], StreamError> failed) {
            return Result.err(failed.error());
        }
        byte[] bytes = read.orElseThrow();
        return run(() -> writeAll(bytes)).map(u -> (long) bytes.length);
    }

    /** The operation's outcome; once one failed, the stream is closed. */
    private Result<Unit, StreamError> run(IoAction action) {
        if (closed) {
            return Result.err(StreamError.closed());
        }
        try {
            action.run();
            return Result.ok();
        } catch (IOException e) {
            closed = true;
            return Result.err(StreamError.lastOperationFailed(error(e)));
        }
    }

    private static void checkLength(long length, int limit, String operation) {
        if (Long.compareUnsigned(length, limit) > 0) {
            throw new WitTrap(WitTrap.Reason.INVALID_ARGUMENT, operation + " of "
                    + Long.toUnsignedString(length) + " bytes; at most " + limit + " are permitted");
        }
    }

    /** An I/O step that may fail. */
    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }
}
