package dev.wasiotel.host.wasi;

import dev.wasiotel.host.wasi.bindings.wasi.io.poll.Pollable;

/**
 * A pollable that is always ready: the streams of this host never make the guest wait for
 * readiness (their operations complete, or block briefly on the host's own I/O, when called).
 */
final class ReadyPollable implements Pollable {
    @Override
    public boolean ready() {
        return true;
    }

    @Override
    public void block() {
    }
}
