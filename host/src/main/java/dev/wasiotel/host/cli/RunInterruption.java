package dev.wasiotel.host.cli;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What {@code wasi-otel run} does when it is told to stop while a guest runs: on SIGTERM or
 * SIGINT it ends the host span {@code run GUEST} as interrupted (status ERROR, attribute {@value
 * #INTERRUPTED_BY_KEY} and an {@code interrupted} event naming the signal), flushes every span,
 * metric and log record already handed to the SDK (at most {@link #FLUSH_BOUND}), prints one line
 * (and a second saying what telemetry could not be exported, if any) and exits {@value #EXIT_SIGINT} (SIGINT) or {@value #EXIT_SIGTERM} (SIGTERM), as shells do. A
 * second signal exits at once.
 *
 * <p>Signals are caught with {@code sun.misc.Signal}, the only way the JDK tells SIGTERM from
 * SIGINT (a shutdown hook cannot); their handlers run on a thread of their own, so a guest spinning in a loop does not
 * delay them. Where they cannot be installed (a JVM run with {@code -Xrs}, or a runtime without
 * the {@code jdk.unsupported} module), and for any other way the JVM shuts down during the run
 * (e.g. SIGHUP), a shutdown hook does the same, except choosing the exit status.
 *
 * <p>Install it around the guest's run and the final flush; {@link #close()} takes the handlers
 * away again. A signal during the final flush still exits with the signal's status once the
 * telemetry is flushed.
 */
final class RunInterruption implements AutoCloseable {
    /** Exit status after SIGINT: 128 + 2. */
    static final int EXIT_SIGINT = 130;
    /** Exit status after SIGTERM: 128 + 15. */
    static final int EXIT_SIGTERM = 143;
    /** The longest an interrupted run spends exporting what it has. */
    static final Duration FLUSH_BOUND = Duration.ofSeconds(5);
    /** The attribute naming what interrupted the run. */
    static final String INTERRUPTED_BY_KEY = "wasi.guest.interrupted_by";

    private static final AttributeKey<String> INTERRUPTED_BY = AttributeKey.stringKey(INTERRUPTED_BY_KEY);
    private static final AttributeKey<String> SIGNAL = AttributeKey.stringKey("signal");

    private final Span span;
    private final Predicate<Duration> flush;
    private final PrintWriter err;
    private final Supplier<String> lost;
    private final IntConsumer exit;
    /** What interrupted the run; set once, by whichever handler comes first. */
    private final AtomicReference<String> cause = new AtomicReference<>();
    /** Counted down when the handling of {@link #cause} is over. */
    private final CountDownLatch handled = new CountDownLatch(1);
    private final List<Runnable> restore = new ArrayList<>();
    private Thread hook;

    /**
     * @param span the host span of the run
     * @param flush flushes the SDK within the given time; true if everything was exported
     * @param err where the one-line notice goes
     * @param lost after the flush, what telemetry could not be exported, e.g. {@code telemetry lost:
     *     3 spans ...}; empty if none
     * @param exit ends the process with a status ({@link Runtime#halt} outside tests)
     */
    RunInterruption(Span span, Predicate<Duration> flush, PrintWriter err, Supplier<String> lost, IntConsumer exit) {
        this.span = Objects.requireNonNull(span, "span");
        this.flush = Objects.requireNonNull(flush, "flush");
        this.err = Objects.requireNonNull(err, "err");
        this.lost = Objects.requireNonNull(lost, "lost");
        this.exit = Objects.requireNonNull(exit, "exit");
    }

    /**
     * Installs the SIGTERM and SIGINT handlers and the shutdown hook for a run.
     *
     * @param span the host span of the run
     * @param flush flushes the SDK within the given time; true if everything was exported
     * @param err where the one-line notice goes
     * @param lost after the flush, what telemetry could not be exported; empty if none
     * @return the installed handling; close it when the run's telemetry is flushed
     */
    static RunInterruption install(Span span, Predicate<Duration> flush, PrintWriter err, Supplier<String> lost) {
        RunInterruption interruption = new RunInterruption(span, flush, err, lost, RunInterruption::halt);
        interruption.handle("TERM", EXIT_SIGTERM);
        interruption.handle("INT", EXIT_SIGINT);
        Thread hook = new Thread(() -> {
            interruption.interrupt("JVM shutdown");
            interruption.handled.countDown();
        }, "wasi-otel-run-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        interruption.hook = hook;
        return interruption;
    }

    /**
     * What a signal does: the first marks the run interrupted, flushes and exits with {@code
     * status}; a later one (while the first is flushing) exits with {@code status} at once.
     *
     * @param signal the signal's name, e.g. {@code SIGTERM}
     * @param status the exit status
     */
    void onSignal(String signal, int status) {
        try {
            interrupt(signal);
        } finally {
            exit.accept(status);
            handled.countDown();
        }
    }

    /**
     * Ends the host span as interrupted by {@code why} and flushes the telemetry, unless another
     * interruption did so first.
     *
     * @param why what interrupted the run, e.g. {@code SIGTERM}
     * @return whether this call did it
     */
    boolean interrupt(String why) {
        if (!cause.compareAndSet(null, why)) {
            return false;
        }
        // an ended span ignores these: a signal during the final flush only flushes
        span.setAttribute(INTERRUPTED_BY, why);
        span.addEvent("interrupted", Attributes.of(SIGNAL, why));
        span.setStatus(StatusCode.ERROR, "interrupted by " + why);
        span.end();
        boolean complete = flush.test(FLUSH_BOUND);
        err.println("wasi-otel: interrupted by " + why + (complete ? ""
                : "; telemetry export did not complete within " + FLUSH_BOUND.toSeconds() + " s"));
        String lostNow = lost.get();
        if (!lostNow.isEmpty()) {
            err.println("wasi-otel: " + lostNow);
        }
        err.flush();
        return true;
    }

    /**
     * Whether a signal or shutdown has interrupted the run.
     *
     * @return true once a handler has begun
     */
    boolean interrupted() {
        return cause.get() != null;
    }

    /**
     * Takes the handlers away. If a signal is being handled, first waits (boundedly) for it to end
     * the process, so that the run's normal exit status cannot overtake the signal's.
     */
    @Override
    public void close() {
        if (interrupted()) {
            try {
                handled.await(FLUSH_BOUND.toMillis() + 2_000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        restore.forEach(Runnable::run);
        restore.clear();
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook runs (and finds the run handled) or has run
            }
            hook = null;
        }
    }

    private void handle(String name, int status) {
        try {
            restore.add(Signals.handle(name, () -> onSignal("SIG" + name, status)));
        } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
            // the JVM keeps this signal to itself (-Xrs) or has no sun.misc.Signal: the hook remains
        }
    }

    private static void halt(int status) {
        System.out.flush();
        System.err.flush();
        // halt, not exit: the guest may still be running on the main thread, and everything that
        // matters has been flushed
        Runtime.getRuntime().halt(status);
    }

    /**
     * The only use of {@code sun.misc.Signal} (module {@code jdk.unsupported}), reached by reflection:
     * the API is not part of Java SE, so the build stays free of its warnings and a runtime without it
     * falls back to the shutdown hook instead of failing to load this class.
     */
    private static final class Signals {
        private Signals() {
        }

        /**
         * Handles signal {@code name} on a thread of the JDK's; returns what restores the previous
         * handler.
         *
         * @throws IllegalArgumentException if the JVM keeps the signal to itself
         * @throws UnsupportedOperationException if this runtime has no {@code sun.misc.Signal}
         */
        static Runnable handle(String name, Runnable action) {
            try {
                Class<?> signalClass = Class.forName("sun.misc.Signal");
                Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
                Object signal = signalClass.getConstructor(String.class).newInstance(name);
                Object handler = Proxy.newProxyInstance(handlerClass.getClassLoader(), new Class<?>[] {handlerClass},
                        (proxy, method, args) -> switch (method.getName()) {
                            case "handle" -> {
                                action.run();
                                yield null;
                            }
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == args[0];
                            default -> "wasi-otel " + name + " handler";
                        });
                Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
                Object previous = handle.invoke(null, signal, handler);
                return () -> {
                    try {
                        handle.invoke(null, signal, previous);
                    } catch (ReflectiveOperationException e) {
                        // restoring cannot fail once installing worked; nothing more to do if it does
                    }
                };
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof IllegalArgumentException iae) {
                    throw iae; // e.g. "Signal already used by VM or OS" under -Xrs
                }
                throw new UnsupportedOperationException("cannot handle SIG" + name, e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new UnsupportedOperationException("no sun.misc.Signal in this runtime", e);
            }
        }
    }
}
