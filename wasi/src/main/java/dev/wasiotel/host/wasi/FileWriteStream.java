package dev.wasiotel.host.wasi;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * {@code descriptor.write-via-stream} (from an offset on) and {@code append-via-stream} (always at
 * the end), by positional writes.
 */
final class FileWriteStream extends HostOutputStream {
    private final SharedChannel file;
    private final boolean append;
    private long position;
    private boolean released;

    /** Takes its own hold on {@code file}. */
    FileWriteStream(SharedChannel file, long offset, boolean append) {
        this.file = file.retain();
        this.position = offset;
        this.append = append;
    }

    @Override
    protected void writeAll(byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long at = append ? file.channel().size() : position;
        if (at < 0) {
            throw new IOException("file offset beyond 2^63");
        }
        while (buffer.hasRemaining()) {
            at += file.channel().write(buffer, at);
        }
        position = at;
    }

    @Override
    protected void flushWritten() {
        // positional writes go straight to the file; durability is descriptor.sync's business
    }

    @Override
    protected WasiError error(IOException failure) {
        return FsErrors.streamError("writing a file", failure);
    }

    @Override
    public synchronized void close() {
        if (!released) {
            released = true;
            file.release();
        }
    }
}
