package dev.wasiotel.host.wasi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The host files and directory listings guests hold open: one per guest instance, limited in
 * number so that a guest cannot exhaust the host's file descriptors, inside the one of its {@link
 * Wasi}, which sees every instance's and closes them all in {@link Wasi#close()} when the embedder
 * is done, whether or not the guests dropped their handles.
 */
final class OpenFiles {
    private final int max;
    private final OpenFiles all;
    private final Set<AutoCloseable> open = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean closed;

    /** A registry of at most {@code max} resources, on its own. */
    OpenFiles(int max) {
        this(max, null);
    }

    /** A registry of at most {@code max} resources, each also registered in {@code all} (if not null). */
    OpenFiles(int max, OpenFiles all) {
        this.max = max;
        this.all = all;
    }

    /** Registers an open host resource; false if a limit is reached or everything was closed. */
    synchronized boolean tryAdd(AutoCloseable resource) {
        if (closed || open.size() >= max || (all != null && !all.tryAdd(resource))) {
            return false;
        }
        open.add(resource);
        return true;
    }

    /** Forgets a resource its holder closed. */
    synchronized void remove(AutoCloseable resource) {
        open.remove(resource);
        if (all != null) {
            all.remove(resource);
        }
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
