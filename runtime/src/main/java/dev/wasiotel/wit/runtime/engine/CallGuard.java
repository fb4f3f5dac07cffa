package dev.wasiotel.wit.runtime.engine;

import dev.wasiotel.wit.runtime.GuestInstance;
import dev.wasiotel.wit.runtime.GuestLimits;
import dev.wasiotel.wit.runtime.WitTrap;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * How calls enter one guest instance, thread-safely: one call at a time (a second thread gets an
 * {@link IllegalStateException} and the guest is not touched), a deadline per call from {@link
 * GuestLimits#callTimeout()} (a call running past it ends in a {@link WitTrap.Reason#DEADLINE}
 * trap), no host calls from inside {@code cabi_realloc} or a post-return function ({@link
 * WitTrap.Reason#REENTRANCE}), and
 * poisoning: any failure leaving guest code makes every later call a {@link
 * WitTrap.Reason#GUEST_TRAP} without running guest code. A call sequence ({@link #begin}) holds
 * the instance for one thread across the steps of a call the host makes (lower, call, lift,
 * post-return), so that no other thread comes in between them.
 *
 * <p>A {@link dev.wasiotel.wit.runtime.GuestInstance} over an engine has one; a component instance
 * has one for all its core instances.
 */
public final class CallGuard {
    private final GuestLimits limits;
    private final String kind;
    private final AtomicReference<Thread> owner = new AtomicReference<>();
    private final List<Runnable> callEndListeners = new CopyOnWriteArrayList<>();
    private volatile boolean poisoned;
    // Touched only by the owner thread, while it owns the guard.
    private String running;
    /**
     * What the guest runs that may not call its host ({@code "cabi_realloc"}, {@code
     * "post-return"}), or null: the canonical ABI's {@code may_leave} is false there.
     */
    private String noHostCalls;
    /** Whether guest code of this instance (or host code it called) is running. */
    private boolean inGuest;
    private Deadline deadline;
    /** What stops guest code of this instance at a deadline, besides interrupting its thread. */
    private final Consumer<Thread> interrupter;

    /**
     * A guard for one instance.
     *
     * @param limits the limits the instance runs under (its call deadline)
     * @param kind what the instance is, for messages, e.g. {@code "guest instance"}
     */
    public CallGuard(GuestLimits limits, String kind) {
        this(limits, kind, thread -> { });
    }

    /**
     * A guard for one instance whose engine stops guest code at a deadline by more than
     * interrupting the thread that runs it (see {@link WasmEngine#interrupt}).
     *
     * @param limits the limits the instance runs under (its call deadline)
     * @param kind what the instance is, for messages, e.g. {@code "guest instance"}
     * @param interrupter called with the thread of a call whose deadline passed (repeatedly,
     *     until the call ends), on a thread of its own
     */
    public CallGuard(GuestLimits limits, String kind, Consumer<Thread> interrupter) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.interrupter = Objects.requireNonNull(interrupter, "interrupter");
    }

    /** The limits of the instance. */
    public GuestLimits limits() {
        return limits;
    }

    /** Whether a failure has poisoned the instance. */
    public boolean isPoisoned() {
        return poisoned;
    }

    /** Runs {@code listener} whenever an outermost call ends (see {@link dev.wasiotel.wit.runtime.GuestContext#onCallEnd}). */
    public void onCallEnd(Runnable listener) {
        callEndListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Poisons the instance: every later call is refused. */
    public void poison() {
        poisoned = true;
    }

    /**
     * Runs a call from the host into the guest ({@code what} names it): refused while another call
     * runs, on any thread. The deadline starts here, unless the call is a step of a call sequence
     * this thread holds ({@link #begin}), whose deadline it runs under.
     *
     * @throws IllegalStateException if a call is running (on another thread: the instance is
     *     busy; on this one, from inside guest code: the instance is not reentrant), before
     *     anything runs
     * @throws WitTrap ({@link WitTrap.Reason#GUEST_TRAP}) if the instance is poisoned, or
     *     ({@link WitTrap.Reason#DEADLINE}) if the call ran past its deadline; else whatever
     *     {@code body} throws, which poisons the instance
     */
    public <T> T call(String what, Supplier<T> body) {
        return run(what, Kind.CALL, body);
    }

    /**
     * Runs guest code that the canonical ABI allows also inside a running call of this thread (a
     * resource destructor, {@code cabi_realloc} for a host function's result); outside a call it
     * is a call of its own, as {@link #call}.
     */
    public <T> T nested(String what, Supplier<T> body) {
        return run(what, Kind.NESTED, body);
    }

    /**
     * Runs the guest's {@code cabi_realloc} as {@link #nested} does; until it returns, the guest
     * may not call its host (see {@link #checkHostCall}).
     */
    public <T> T realloc(String what, Supplier<T> body) {
        return run(what, Kind.REALLOC, body);
    }

    /**
     * Runs a post-return function ({@code cabi_post_*}, a lifted function's {@code post-return}
     * option) as {@link #nested} does; until it returns, the guest may not call its host (the
     * canonical ABI clears {@code may_leave} around it, as around {@code cabi_realloc}).
     */
    public <T> T postReturn(String what, Supplier<T> body) {
        return run(what, Kind.POST_RETURN, body);
    }

    /**
     * Called at entry to every host function the guest calls: the component model forbids the
     * guest to call its host from inside {@code cabi_realloc} or a post-return function; and once
     * the call's deadline has
     * passed, the guest may not go on through its host (host code may have swallowed the
     * interrupt that stops it).
     *
     * @throws WitTrap ({@link WitTrap.Reason#REENTRANCE}) if the guest is inside {@code
     *     cabi_realloc} or a post-return function, ({@link WitTrap.Reason#DEADLINE}) if the
     *     deadline has passed
     */
    public void checkHostCall(String function) {
        if (owner.get() != Thread.currentThread()) {
            return; // not inside a call of this instance (a host function called by the host itself)
        }
        if (noHostCalls != null) {
            throw new WitTrap(WitTrap.Reason.REENTRANCE, "the guest called " + function
                    + " from inside " + noHostCalls + ", where the component model forbids calls to the host");
        }
        if (deadline != null && deadline.fired()) {
            throw deadlineTrap(null);
        }
    }

    /**
     * Holds the instance for the current thread for a whole call sequence ({@code what} names
     * it): lowering the arguments, the call, lifting the results and the post-return, as {@link
     * dev.wasiotel.wit.runtime.GuestInstance#beginCall} describes. Refused as {@link #call} is;
     * inside it, this thread's steps enter as nested calls, and the deadline runs from here to
     * {@link GuestInstance.Call#close()}. Inside another sequence of this thread (not inside guest
     * code) it joins that one.
     *
     * @throws IllegalStateException as {@link #call} does, before anything runs
     * @throws WitTrap ({@link WitTrap.Reason#GUEST_TRAP}) if the instance is poisoned
     */
    public GuestInstance.Call begin(String what) {
        Entry entry = enter(what, Kind.SEQUENCE);
        return new Sequence(entry);
    }

    /** What a guarded entry is; how it may nest in an entry of the same thread. */
    private enum Kind {
        /** A call of a guest export: not inside guest code of this instance (not reentrant). */
        CALL,
        /** Guest code the canonical ABI allows inside a call (a destructor, {@code cabi_realloc}). */
        NESTED,
        /** {@code cabi_realloc}: nested, and the guest may not call its host until it returns. */
        REALLOC,
        /** A post-return function: nested, and the guest may not call its host until it returns. */
        POST_RETURN,
        /** A call sequence the host holds the instance for; runs no guest code itself. */
        SEQUENCE
    }

    /** One entry into the guard: what {@link #exit} restores. */
    private record Entry(Thread thread, boolean outermost, String outerNoHostCalls, boolean outerInGuest) {}

    /** The {@link GuestInstance.Call} of {@link #begin}: closing it exits its entry, once. */
    private final class Sequence implements GuestInstance.Call {
        private final Entry entry;
        private boolean closed;

        Sequence(Entry entry) {
            this.entry = entry;
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            if (Thread.currentThread() != entry.thread()) {
                throw new IllegalStateException("a call sequence must be closed on the thread that began it, \""
                        + entry.thread().getName() + "\"");
            }
            closed = true;
            exit(entry);
        }
    }

    private <T> T run(String what, Kind kind, Supplier<T> body) {
        Entry entry = enter(what, kind);
        try {
            return body.get();
        } catch (RuntimeException e) {
            poisoned = true;
            WitTrap trap = deadlineTrap(e);
            throw trap != null ? trap : e;
        } catch (Error e) {
            poisoned = true;
            WitTrap trap = deadlineTrap(e);
            if (trap != null) {
                throw trap;
            }
            throw e;
        } finally {
            exit(entry);
        }
    }

    /** Takes the guard for this thread (or nests in its entry), or refuses: nothing has run yet. */
    private Entry enter(String what, Kind entryKind) {
        if (poisoned) {
            throw new WitTrap(WitTrap.Reason.GUEST_TRAP, "cannot call \"" + what + "\": an earlier trap poisoned this "
                    + this.kind + "; create a new one");
        }
        Thread me = Thread.currentThread();
        boolean outermost = owner.get() != me;
        if (!outermost && inGuest && (entryKind == Kind.CALL || entryKind == Kind.SEQUENCE)) {
            throw new IllegalStateException("cannot call \"" + what + "\" while \"" + running
                    + "\" is running: a " + this.kind + " is not reentrant");
        }
        if (outermost && !owner.compareAndSet(null, me)) {
            Thread busy = owner.get();
            throw new IllegalStateException("cannot call \"" + what + "\": the " + this.kind + " is busy with a call on "
                    + (busy == null ? "another thread" : "thread \"" + busy.getName() + "\""));
        }
        Entry entry = new Entry(me, outermost, noHostCalls, inGuest);
        if (outermost) {
            running = what;
            deadline = limits.hasCallTimeout() ? Deadline.start(limits.callTimeout(), interrupter) : null;
        }
        if (noHostCalls == null && entryKind == Kind.REALLOC) {
            noHostCalls = "cabi_realloc";
        } else if (noHostCalls == null && entryKind == Kind.POST_RETURN) {
            noHostCalls = "post-return " + what;
        }
        inGuest = inGuest || entryKind != Kind.SEQUENCE;
        return entry;
    }

    /** Undoes {@link #enter}: the outermost entry ends the deadline and gives the guard back. */
    private void exit(Entry entry) {
        noHostCalls = entry.outerNoHostCalls();
        inGuest = entry.outerInGuest();
        if (entry.outermost()) {
            if (deadline != null) {
                deadline.finish();
                deadline = null;
            }
            for (Runnable listener : callEndListeners) {
                try {
                    listener.run();
                } catch (RuntimeException e) {
                    // the call has ended; cleaning up after it must not change its outcome
                }
            }
            running = null;
            owner.set(null);
        }
    }

    /**
     * The trap to throw in place of {@code failure} (or of nothing) if the call's deadline has
     * passed, else null.
     */
    private WitTrap deadlineTrap(Throwable failure) {
        if (deadline == null || !deadline.fired()
                || failure instanceof WitTrap t && t.reason() == WitTrap.Reason.DEADLINE) {
            return null;
        }
        return new WitTrap(WitTrap.Reason.DEADLINE, "\"" + running + "\" exceeded its deadline of "
                + Deadline.text(limits.callTimeout()), failure);
    }
}
