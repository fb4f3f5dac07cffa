package dev.wasiotel.host.wasi;

import java.io.IOException;
import java.nio.ByteBuffer;

/** {@code descriptor.read-via-stream}: reads a file from an offset on, by positional reads. */
final class FileReadStream extends HostInputStream {
    private final SharedChannel file;
    private long position;
    private boolean released;

    /** Takes its own hold on {@code file}. */
    FileReadStream(SharedChannel file, long offset) {
        this.file = file.retain();
        this.position = offset;
    }

    @Override
    protected int bufferSize(int max) {
        try {
            long left = file.channel().size() - position;
            return (int) Math.max(0, Math.min(max, left));
        } catch (IOException e) {
            return max;
        }
    }

    @Override
    protected int readSome(byte[] buffer, int max, boolean blocking) throws IOException {
        if (position < 0) {
            // beyond 2^63: nothing there
            return -1;
        }
        int n = file.channel().read(ByteBuffer.wrap(buffer, 0, max), position);
        if (n > 0) {
            position += n;
        }
        return n == 0 ? -1 : n;
    }

    @Override
    protected WasiError error(IOException failure) {
        return FsErrors.streamError("reading a file", failure);
    }

    @Override
    public synchronized void close() {
        if (!released) {
            released = true;
            file.release();
        }
    }
}
