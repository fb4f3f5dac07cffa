package dev.wasiotel.host.wasi;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The guest's stdout or stderr over the embedder's {@link OutputStream}, which is written and
 * flushed but never closed: every {@code get-stdout} returns a new handle onto it.
 */
final class SinkStream extends HostOutputStream {
    private final OutputStream out;
    private final String name;

    SinkStream(OutputStream out, String name) {
        this.out = out;
        this.name = name;
    }

    @Override
    protected void writeAll(byte[] bytes) throws IOException {
        synchronized (out) {
            out.write(bytes);
        }
    }

    @Override
    protected void flushWritten() throws IOException {
        synchronized (out) {
            out.flush();
        }
    }

    @Override
    protected WasiError error(IOException failure) {
        return WasiError.of("writing " + name + " failed: " + failure.getMessage());
    }
}
