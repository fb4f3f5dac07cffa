package dev.wasiotel.wit.runtime.engine;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The deadline of one call into a guest: when it passes, the calling thread is interrupted (and the
 * engine's interrupter called), which
 * Chicory's interpreter and compiled code check at every call and backward branch (they then throw
 * {@code ChicoryInterruptedException}). The interrupt is repeated every {@value #REPEAT_MILLIS} ms
 * until the call ends, in case host code the guest called swallowed it.
 *
 * <p>Interrupts are delivered only under this object's lock and only before {@link #finish}, so
 * that {@code finish} can clear the one it caused without leaking it into later host code.
 */
final class Deadline implements Runnable {
    static final long REPEAT_MILLIS = 50;
    /** The longest delay scheduled: about 146 years, well inside what nanoseconds in a long can say. */
    private static final long MAX_NANOS = Long.MAX_VALUE / 2;

    private final Thread thread;
    private final Consumer<Thread> interrupter;
    private final boolean interruptedBefore;
    private ScheduledFuture<?> timer;
    private boolean done;
    private volatile boolean fired;

    private Deadline(Thread thread, Consumer<Thread> interrupter) {
        this.thread = thread;
        this.interrupter = interrupter;
        this.interruptedBefore = thread.isInterrupted();
    }

    /** Starts the deadline of a call on the current thread, {@code timeout} from now. */
    static Deadline start(Duration timeout) {
        return start(timeout, thread -> { });
    }

    /**
     * Starts the deadline of a call on the current thread, {@code timeout} from now; when it
     * passes, {@code interrupter} is called with the thread as well (an engine that does not
     * check the thread's interrupt flag stops its guest code there).
     */
    static Deadline start(Duration timeout, Consumer<Thread> interrupter) {
        Deadline deadline = new Deadline(Thread.currentThread(), interrupter);
        deadline.timer = Scheduler.INSTANCE.scheduleWithFixedDelay(deadline, nanos(timeout),
                TimeUnit.MILLISECONDS.toNanos(REPEAT_MILLIS), TimeUnit.NANOSECONDS);
        return deadline;
    }

    @Override
    public synchronized void run() {
        if (!done) {
            fired = true;
            thread.interrupt();
            interrupter.accept(thread);
        }
    }

    /** Whether the deadline has passed (the call is being stopped). */
    boolean fired() {
        return fired;
    }

    /**
     * Ends the deadline, on the thread of the call: no interrupt comes after this, and the one the
     * deadline caused is cleared (an interrupt the thread had before the call is kept).
     *
     * @return whether the deadline had passed
     */
    boolean finish() {
        boolean passed;
        synchronized (this) {
            done = true;
            passed = fired;
        }
        timer.cancel(false);
        if (passed && !interruptedBefore) {
            Thread.interrupted();
        }
        return passed;
    }

    /** {@code 2s}, {@code 200ms}, or the ISO form for anything finer. */
    static String text(Duration timeout) {
        if (timeout.getNano() == 0) {
            return timeout.getSeconds() + "s";
        }
        if (timeout.getNano() % 1_000_000 == 0 && timeout.getSeconds() < Long.MAX_VALUE / 1000) {
            return timeout.toMillis() + "ms";
        }
        return timeout.toString();
    }

    private static long nanos(Duration timeout) {
        return timeout.compareTo(Duration.ofNanos(MAX_NANOS)) > 0 ? MAX_NANOS : timeout.toNanos();
    }

    /** One daemon thread for every deadline of the JVM, created when the first one starts. */
    private static final class Scheduler {
        static final ScheduledThreadPoolExecutor INSTANCE = create();

        private static ScheduledThreadPoolExecutor create() {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
                Thread t = new Thread(task, "wasi-otel-call-deadlines");
                t.setDaemon(true);
                return t;
            });
            executor.setRemoveOnCancelPolicy(true);
            return executor;
        }
    }
}
