package dev.wasiotel.host.wasi;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * An open host file shared by a descriptor and the streams made from it: closed, and its slot in
 * {@link OpenFiles} released, when the last of them is dropped. The guest may drop the descriptor
 * before its streams, so each holder keeps the file open for itself.
 */
final class SharedChannel {
    private final FileChannel channel;
    private final OpenFiles budget;
    private int holders = 1;

    /** Wraps a channel that took one slot of {@code budget}; the caller is its first holder. */
    SharedChannel(FileChannel channel, OpenFiles budget) {
        this.channel = channel;
        this.budget = budget;
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
            try {
                channel.close();
            } catch (IOException e) {
                // nothing the guest could do about it; the descriptor is gone either way
            } finally {
                budget.release();
            }
        }
    }
}
