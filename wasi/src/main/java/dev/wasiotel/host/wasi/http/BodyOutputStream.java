package dev.wasiotel.host.wasi.http;

import dev.wasiotel.host.wasi.bindings.wasi.io.poll.Pollable;
import dev.wasiotel.host.wasi.bindings.wasi.io.streams.InputStream;
import dev.wasiotel.host.wasi.bindings.wasi.io.streams.OutputStream;
import dev.wasiotel.host.wasi.bindings.wasi.io.streams.StreamError;
import dev.wasiotel.wit.runtime.Result;
import dev.wasiotel.wit.runtime.Unit;
import dev.wasiotel.wit.runtime.WitTrap;

/**
 * The {@code wasi:io/streams.output-stream} of an outgoing body over a {@link BodySink}: {@code
 * check-write} permits what the sink takes now, and its pollable is ready when the sink has room.
 * Writing more than permitted traps, as the interface says. A write past the body's declared
 * {@code content-length} is refused (none of it is sent): it fails with the body-size error, and
 * the body is aborted, so its peer never takes it as whole.
 */
final class BodyOutputStream implements OutputStream {
    /** The most a blocking write may carry. */
    static final int MAX_BLOCKING_WRITE = 4096;

    private final BodySink sink;
    /** The declared length the writes are counted against, or null. */
    private final ContentLength length;
    private boolean failed;
    private long permitted;

    BodyOutputStream(BodySink sink, ContentLength length) {
        this.sink = sink;
        this.length = length;
    }

    @Override
    public Result<Long, StreamError> checkWrite() {
        if (failed) {
            return Result.err(StreamError.closed());
        }
        permitted = sink.capacity();
        return Result.ok(permitted);
    }

    @Override
    public Result<Unit, StreamError> write(byte[] contents) {
        if (failed) {
            return Result.err(StreamError.closed());
        }
        if (contents.length > permitted) {
            throw new WitTrap(WitTrap.Reason.INVALID_ARGUMENT, "write of " + contents.length
                    + " bytes to an HTTP body; check-write permitted " + permitted);
        }
        permitted -= contents.length;
        return send(contents);
    }

    @Override
    public Result<Unit, StreamError> blockingWriteAndFlush(byte[] contents) {
        if (contents.length > MAX_BLOCKING_WRITE) {
            throw new WitTrap(WitTrap.Reason.INVALID_ARGUMENT, "blocking-write-and-flush of " + contents.length
                    + " bytes; at most " + MAX_BLOCKING_WRITE + " are permitted");
        }
        if (failed) {
            return Result.err(StreamError.closed());
        }
        Result<Unit, StreamError> refused = admit(contents.length);
        if (refused != null) {
            return refused; // nothing of it goes out: the whole write is past the declared length
        }
        int off = 0;
        while (off < contents.length) {
            sink.readiness().await();
            int n = Math.min(sink.capacity(), contents.length - off);
            if (n <= 0) {
                continue;
            }
            byte[] part = off == 0 && n == contents.length ? contents : java.util.Arrays.copyOfRange(contents, off, off + n);
            Result<Unit, StreamError> r = deliver(part);
            if (r.isErr()) {
                return r;
            }
            off += n;
        }
        return blockingFlush();
    }

    @Override
    public Result<Unit, StreamError> flush() {
        // the sink sends what it takes at once; flushing only means waiting, which check-write shows
        return failed ? Result.err(StreamError.closed()) : Result.ok();
    }

    @Override
    public Result<Unit, StreamError> blockingFlush() {
        if (failed) {
            return Result.err(StreamError.closed());
        }
        // what the sink took is on its way; waiting for room is waiting for the bytes to go on
        sink.readiness().await();
        return Result.ok();
    }

    @Override
    public Pollable subscribe() {
        return sink.readiness().pollable();
    }

    @Override
    public Result<Unit, StreamError> writeZeroes(long len) {
        if (Long.compareUnsigned(len, permitted) > 0) {
            throw new WitTrap(WitTrap.Reason.INVALID_ARGUMENT, "write-zeroes of " + Long.toUnsignedString(len)
                    + " bytes to an HTTP body; check-write permitted " + permitted);
        }
        return write(new byte[(int) len]);
    }

    @Override
    public Result<Unit, StreamError> blockingWriteZeroesAndFlush(long len) {
        if (Long.compareUnsigned(len, MAX_BLOCKING_WRITE) > 0) {
            throw new WitTrap(WitTrap.Reason.INVALID_ARGUMENT, "blocking-write-zeroes-and-flush of "
                    + Long.toUnsignedString(len) + " bytes; at most " + MAX_BLOCKING_WRITE + " are permitted");
        }
        return blockingWriteAndFlush(new byte[(int) len]);
    }

    @Override
    public Result<Long, StreamError> splice(InputStream src, long len) {
        return doSplice(src, len, false);
    }

    @Override
    public Result<Long, StreamError> blockingSplice(InputStream src, long len) {
        return doSplice(src, len, true);
    }

    private Result<Long, StreamError> doSplice(InputStream src, long len, boolean blocking) {
        if (failed) {
            return Result.err(StreamError.closed());
        }
        if (blocking) {
            sink.readiness().await();
        }
        long room = sink.capacity();
        long max = Long.compareUnsigned(len, room) > 0 ? room : len;
        if (max == 0) {
            return Result.ok(0L);
        }
        Result<byte[], StreamError> read = blocking ? src.blockingRead(max) : src.read(max);
        if (read instanceof Result.Err<byte[], StreamError> e) {
            return Result.err(e.error());
        }
        byte[] bytes = read.orElseThrow();
        return send(bytes).map(u -> (long) bytes.length);
    }

    /** Counts {@code n} bytes against the declared length: null if they fit, else the failure. */
    private Result<Unit, StreamError> admit(int n) {
        if (length == null || n == 0) {
            return null;
        }
        var code = length.admit(n);
        if (code == null) {
            return null;
        }
        failed = true;
        String why = length.describe();
        sink.abort(why);
        return Result.err(StreamError.lastOperationFailed(new HttpStreamError(code, why)));
    }

    private Result<Unit, StreamError> send(byte[] bytes) {
        Result<Unit, StreamError> refused = admit(bytes.length);
        return refused != null ? refused : deliver(bytes);
    }

    private Result<Unit, StreamError> deliver(byte[] bytes) {
        if (bytes.length == 0) {
            return Result.ok();
        }
        try {
            sink.write(bytes);
            return Result.ok();
        } catch (BodySource.BodyException e) {
            failed = true;
            return Result.err(StreamError.lastOperationFailed(new HttpStreamError(e.code(), e.getMessage())));
        }
    }
}
