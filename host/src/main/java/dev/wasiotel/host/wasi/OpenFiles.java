package dev.wasiotel.host.wasi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The host files and directory listings guests of one {@link Wasi} hold open: limited in number,
 * so that a guest cannot exhaust the host's file descriptors, and all closed by {@link Wasi#close()}
 * when the embedder is done, whether or not the guest dropped its handles.
 */
final class OpenFiles {
    private final int max;
    private final Set<AutoCloseable> open = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean closed;

    OpenFiles(int max) {
        this.max = max;
    }

    /** Registers an open host resource; false if the limit is reached or everything was closed. */
    synchronized boolean tryAdd(AutoCloseable resource) {
        if (closed || open.size() >= max) {
            return false;
        }
        open.add(resource);
        return true;
    }

    /** Forgets a resource its holder closed. */
    synchronized void remove(AutoCloseable resource) {
        open.remove(resource);
    }

    /** How many are open now. */
    synchronized int open() {
        return open.size();
    }

    /** Closes every open resource and refuses new ones. */
    void closeAll() {
        List<AutoCloseable> left;
        synchronized (this) {
            closed = true;
            left = new ArrayList<>(open);
            open.clear();
        }
        for (AutoCloseable c : left) {
            try {
                c.close();
            } catch (Exception e) {
                // closing is best effort: the guest is finished with these either way
            }
        }
    }
}
