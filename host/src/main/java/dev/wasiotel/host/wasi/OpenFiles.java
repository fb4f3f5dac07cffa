package dev.wasiotel.host.wasi;

/**
 * Counts the host files and directory listings a guest holds open, so that it cannot exhaust the
 * host's file descriptors; each is released when the guest drops the last handle using it.
 */
final class OpenFiles {
    private final int max;
    private int open;

    OpenFiles(int max) {
        this.max = max;
    }

    /** Takes one slot; false if all are in use. */
    synchronized boolean tryAcquire() {
        if (open >= max) {
            return false;
        }
        open++;
        return true;
    }

    /** Gives a slot back. */
    synchronized void release() {
        if (open > 0) {
            open--;
        }
    }

    /** How many are open now. */
    synchronized int open() {
        return open;
    }
}
