package dev.wasiotel.host.wasi;

import java.io.IOException;
import java.io.InputStream;

/**
 * The guest's stdin over the embedder's {@link InputStream}. Java streams cannot be read without
 * blocking, so this stream is always reported ready and a read waits for the embedder's stream to
 * deliver at least one byte (immediately for in-memory input). The embedder's stream is never
 * closed: every {@code get-stdin} returns a new handle onto it.
 */
final class StdinStream extends HostInputStream {
    private final InputStream in;

    StdinStream(InputStream in) {
        this.in = in;
    }

    @Override
    protected int readSome(byte[] buffer, int max, boolean blocking) throws IOException {
        synchronized (in) {
            return in.read(buffer, 0, max);
        }
    }

    @Override
    protected WasiError error(IOException failure) {
        return WasiError.of("reading stdin failed: " + failure.getMessage());
    }
}
