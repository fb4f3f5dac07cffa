package dev.wasiotel.host.wasi.http;

import dev.wasiotel.host.wasi.AsyncPollable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;

/**
 * The readiness of one host object (a body, a response on its way) as pollables see it: ready
 * when its condition holds; the thread that changes the condition calls {@link #signal()}, which
 * wakes a guest waiting in {@code poll} or in a blocking operation.
 */
public final class Readiness {
    private final BooleanSupplier condition;
    /** The waker of the poll or blocking call waiting now, if any. */
    private Runnable waker;

    public Readiness(BooleanSupplier condition) {
        this.condition = condition;
    }

    public boolean ready() {
        return condition.getAsBoolean();
    }

    /** Wakes whoever waits: the condition may now hold. Any thread. */
    public void signal() {
        Runnable w;
        synchronized (this) {
            w = waker;
            waker = null;
        }
        if (w != null) {
            w.run();
        }
    }

    private void register(Runnable wake) {
        synchronized (this) {
            waker = wake;
        }
        if (ready()) {
            signal();
        }
    }

    /**
     * Blocks until the condition holds. An interrupt (the call's deadline) ends the wait with a
     * {@link CancellationException}, which the call guard reports as the deadline trap.
     */
    public void await() {
        Semaphore woken = new Semaphore(0);
        while (!ready()) {
            register(woken::release);
            try {
                woken.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted while the guest waited for HTTP I/O");
            }
        }
    }

    /** A {@code wasi:io/poll.pollable} of this readiness. */
    public AsyncPollable pollable() {
        return new AsyncPollable() {
            @Override
            public boolean ready() {
                return Readiness.this.ready();
            }

            @Override
            public void block() {
                await();
            }

            @Override
            public void whenReady(Runnable wake) {
                register(wake);
            }
        };
    }
}
