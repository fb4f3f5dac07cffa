package dev.wasiotel.host.wasi;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * An open host file shared by a descriptor and the streams made from it: closed, and forgotten by
 * {@link OpenFiles}, when the last of them is dropped. The guest may drop the descriptor before its
 * streams, so each holder keeps the file open for itself.
 */
final class SharedChannel implements AutoCloseable {
    private final FileChannel channel;
    private final OpenFiles registry;
    private int holders = 1;

    private SharedChannel(FileChannel channel, OpenFiles registry) {
        this.channel = channel;
        this.registry = registry;
    }

    /**
     * Registers {@code channel} with {@code registry}, the caller being its first holder; returns
     * null (and closes the channel) if the registry is full.
     */
    static SharedChannel register(FileChannel channel, OpenFiles registry) throws IOException {
        SharedChannel shared = new SharedChannel(channel, registry);
        if (!registry.tryAdd(shared)) {
            channel.close();
            return null;
        }
        return shared;
    }

    /** The file, for positional reads and writes. */
    FileChannel channel() {
        return channel;
    }

    /** One more holder. */
    synchronized SharedChannel retain() {
        if (holders == 0) {
            throw new IllegalStateException("the file is already closed");
        }
        holders++;
        return this;
    }

    /** One holder fewer; the last one closes the file. */
    synchronized void release() {
        if (holders == 0) {
            return;
        }
        if (--holders == 0) {
            close();
        }
    }

    /** Closes the file now, whoever still holds it (their operations then fail). */
    @Override
    public synchronized void close() {
        holders = 0;
        registry.remove(this);
        try {
            channel.close();
        } catch (IOException e) {
            // nothing the guest could do about it; the file is gone either way
        }
    }
}
