package dev.wasiotel.wit.runtime;

/**
 * An instantiated guest module, as generated callers of guest exports see it. Values are flat core
 * values in {@code long}s, represented as described on {@link CoreFunction}.
 *
 * <p>A trap poisons the instance, as in the Component Model: once any exception has left guest
 * code (a guest trap, a host function's {@link WitTrap} or other exception, a failed {@code
 * cabi_realloc}), every further {@link #call}, {@link #callPostReturn} or allocation throws a
 * {@link WitTrap} ({@link WitTrap.Reason#GUEST_TRAP}) without running guest code. Create a new
 * instance to go on; the host and its other instances are unaffected.
 *
 * <p>An instance runs one call at a time, enforced thread-safely: a call (or an allocation) from
 * another thread while one runs throws {@link IllegalStateException} without touching the guest.
 * It is not reentrant: calling an export from a host function of the same instance throws {@link
 * IllegalStateException} too. Instances made by a host with a call deadline ({@link
 * GuestLimits#callTimeout()}) stop a call that runs past it with a {@link WitTrap.Reason#DEADLINE}
 * trap, which poisons the instance like any other.
 *
 * <p>A call through the canonical ABI takes several steps: lower the arguments (through {@link
 * GuestContext#realloc()} and memory writes), {@link #call}, lift the results from memory, {@link
 * #callPostReturn}. Each step is guarded on its own; to keep other threads out from the first to
 * the last, hold the instance with {@link #beginCall} for the whole sequence, as generated callers
 * do:
 *
 * <pre>{@code
 * GuestInstance.Call call = instance.beginCall("run");
 * try {
 *     GuestContext cx = instance.context(call);
 *     int p = cx.realloc().realloc(0, 0, 1, bytes.length);
 *     ... // write the arguments, call, read the results
 *     instance.callPostReturn("run", results);
 * } catch (RuntimeException | Error e) {
 *     call.failed(e);
 *     throw e;
 * } finally {
 *     call.close();
 * }
 * }</pre>
 *
 * <p>A host that traces calls ({@link dev.wasiotel.wit.runtime.calls.CallTracer}) makes the
 * sequence of a traced export one call: its span covers all the steps, as the dynamic path's does.
 */
public interface GuestInstance {

    /**
     * A call sequence holding a {@link GuestInstance} for the thread that began it; {@link #close}
     * releases it. Close it on that thread (try-with-resources); closing it again does nothing.
     */
    interface Call extends AutoCloseable {
        /**
         * Releases the instance and ends the sequence's deadline.
         *
         * @throws IllegalStateException if called on another thread than the one that began it
         */
        @Override
        void close();

        /**
         * Tells the sequence that it failed with {@code failure} (a step threw, or lifting found a
         * bad value), before it is closed: a traced export call records it on its span. Untraced
         * sequences ignore it.
         */
        default void failed(Throwable failure) {
        }
    }

    /**
     * Holds this instance for the current thread until the returned {@link Call} is closed: the
     * steps of one call ({@code realloc}, memory access, {@link #call}, {@link #callPostReturn},
     * destructors) run on this thread as usual, while any call or allocation from another thread
     * is refused with an {@link IllegalStateException} without touching the guest. The call
     * deadline ({@link GuestLimits#callTimeout()}) covers the whole sequence once, from here to
     * {@code close}. Inside a sequence this thread already holds (and outside guest code), it
     * joins that sequence.
     *
     * <p>A failing step poisons the instance as usual; a failure of host code between the steps
     * (e.g. lifting a bad result) does not by itself.
     *
     * @param exportName the export the sequence calls, to name it in messages
     * @return the sequence, to close when the call is done
     * @throws IllegalStateException if another thread's call is running, or if called from guest
     *     code of this instance (a host function: the instance is not reentrant); nothing has run
     * @throws WitTrap ({@link WitTrap.Reason#GUEST_TRAP}) if the instance is poisoned
     */
    Call beginCall(String exportName);

    /**
     * Calls the exported function {@code exportName}.
     *
     * @param args one core value per parameter
     * @return one core value per result; an empty array when there are none
     * @throws WitTrap a host function's own {@code WitTrap}, unchanged; or {@link
     *     WitTrap.Reason#GUEST_TRAP} when the guest traps, or when the instance was already
     *     poisoned by an earlier trap
     * @throws IllegalArgumentException if there is no such exported function, or the number of
     *     arguments is wrong
     */
    long[] call(String exportName, long... args);

    /**
     * Calls {@code cabi_post_<exportName>} with the results of a call to {@code exportName}, if the
     * guest exports it; does nothing otherwise. Call it once the results have been lifted.
     *
     * @throws WitTrap as {@link #call} does
     */
    void callPostReturn(String exportName, long[] results);

    /**
     * Runs the guest's resource destructor {@code exportName} ({@code iface#[dtor]r}) with {@code
     * rep}, also while the instance is running: the one reentrant call the canonical ABI makes,
     * when the guest's own {@code [resource-drop]} destroys a resource it implements.
     *
     * @throws WitTrap as {@link #call} does
     * @throws IllegalArgumentException if there is no such exported function or it does not take
     *     one argument
     */
    void callDestructor(String exportName, int rep);

    /**
     * The memory, {@code cabi_realloc} and host state of this instance. Its attachment under
     * {@code GuestInstance.class} is this instance, so that host functions can reach it.
     */
    GuestContext context();

    /**
     * The context the steps of {@code call}, a sequence of this instance ({@link #beginCall}),
     * lower and lift through: {@link #context()}, or for a traced export call one that also counts
     * the bytes it reads and writes, for the call's span.
     */
    default GuestContext context(Call call) {
        return context();
    }

    /** Whether the guest exports a function named {@code name}. */
    boolean hasExport(String name);

    /** Whether a trap has poisoned this instance, so that it refuses further calls. */
    boolean isPoisoned();
}
