package dev.wasiotel.host.serve;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A bounded pool of fresh instances made ahead of the requests that take them: one background
 * thread (the refiller) instantiates until {@code size} wait, then waits for one to be taken. An
 * instance is taken once and never comes back (each request still gets an instance no other
 * request has run in); when none is waiting, {@link #take} instantiates on the caller's thread, as
 * without a pool. A failing instantiation is reported and retried after a pause that doubles up to
 * {@link #MAX_PAUSE}, so a component that cannot be instantiated does not keep a core busy. {@link
 * #close} stops the refiller and discards what waits. Thread-safe.
 *
 * @param <T> the instance type
 */
final class InstancePool<T> implements AutoCloseable {
    /** The first pause after a failed instantiation. */
    static final Duration FIRST_PAUSE = Duration.ofMillis(100);
    /** The longest pause between failed instantiations. */
    static final Duration MAX_PAUSE = Duration.ofSeconds(30);
    /** How long {@link #close} waits for an instantiation in progress. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private final ArrayBlockingQueue<T> ready;
    private final Supplier<T> make;
    private final Consumer<T> discard;
    private final BiConsumer<Long, RuntimeException> report;
    private final Thread refiller;
    private volatile boolean closed;
    private final AtomicLong made = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong takenReady = new AtomicLong();
    private final AtomicLong takenFresh = new AtomicLong();
    private final AtomicLong discarded = new AtomicLong();

    /**
     * Starts the refiller.
     *
     * @param size how many instances may wait (at least 1)
     * @param make instantiates (on the refiller, or on a taker's thread when none waits)
     * @param discard what is done with an instance never taken, at {@link #close}
     * @param report told of each failed instantiation of the refiller, with the count so far
     * @param name the refiller thread's name
     */
    InstancePool(int size, Supplier<T> make, Consumer<T> discard, BiConsumer<Long, RuntimeException> report,
            String name) {
        if (size < 1) {
            throw new IllegalArgumentException("the pool size must be at least 1");
        }
        this.ready = new ArrayBlockingQueue<>(size);
        this.make = Objects.requireNonNull(make, "make");
        this.discard = Objects.requireNonNull(discard, "discard");
        this.report = Objects.requireNonNull(report, "report");
        this.refiller = new Thread(this::refill, name);
        refiller.setDaemon(true);
        refiller.start();
    }

    /** A waiting instance if there is one, else a new one made now. */
    T take() {
        T t = ready.poll();
        if (t != null) {
            takenReady.incrementAndGet();
            return t;
        }
        takenFresh.incrementAndGet();
        return make.get();
    }

    private void refill() {
        long pause = FIRST_PAUSE.toMillis();
        while (!closed) {
            T t;
            try {
                t = make.get();
                made.incrementAndGet();
                pause = FIRST_PAUSE.toMillis();
            } catch (RuntimeException e) {
                report.accept(failed.incrementAndGet(), e);
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    return; // closed
                }
                pause = Math.min(pause * 2, MAX_PAUSE.toMillis());
                continue;
            }
            try {
                ready.put(t);
            } catch (InterruptedException e) {
                discard(t); // closed while waiting for room
                return;
            }
            if (closed) {
                drain(); // close() drained before this put landed
            }
        }
    }

    /** Stops the refiller (waiting for an instantiation in progress, boundedly) and discards what waits. */
    @Override
    public void close() {
        closed = true;
        refiller.interrupt();
        try {
            refiller.join(CLOSE_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drain();
    }

    private void drain() {
        for (T t = ready.poll(); t != null; t = ready.poll()) {
            discard(t);
        }
    }

    private void discard(T t) {
        discarded.incrementAndGet();
        try {
            discard.accept(t);
        } catch (RuntimeException e) {
            // one instance's clean-up failing must not keep the others from theirs
        }
    }

    /** What the pool has done so far. */
    Stats stats() {
        return new Stats(made.get(), failed.get(), takenReady.get(), takenFresh.get(), ready.size(), discarded.get(),
                refiller.isAlive());
    }

    /**
     * Counts of a pool.
     *
     * @param made instances the refiller made
     * @param failed instantiations of the refiller that failed
     * @param takenReady instances taken from the pool
     * @param takenFresh instances made on a taker's thread because none waited
     * @param waiting instances waiting now
     * @param discarded instances discarded at close, never taken
     * @param refilling whether the refiller thread is alive
     */
    record Stats(long made, long failed, long takenReady, long takenFresh, int waiting, long discarded,
            boolean refilling) {
    }

    /** Waits (at most {@code timeout}) until {@code n} instances wait; for tests. */
    boolean awaitWaiting(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ready.size() < n) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
        return true;
    }
}
