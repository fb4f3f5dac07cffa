package dev.wasiotel.host.wasi;

import dev.wasiotel.host.wasi.bindings.wasi.io.poll.Pollable;

/**
 * A pollable whose readiness changes on another thread (a network body, a response on its way):
 * {@code wasi:io/poll.poll} registers a waker with it and sleeps until some pollable of the list
 * may have become ready, instead of spinning or blocking on one of them.
 */
public interface AsyncPollable extends Pollable {
    /**
     * Registers {@code wake} to run once, on any thread, when this pollable may have become ready
     * (at once if it is ready now). A later registration replaces an earlier one that has not run,
     * so repeated polls do not pile up wakers.
     */
    void whenReady(Runnable wake);
}
