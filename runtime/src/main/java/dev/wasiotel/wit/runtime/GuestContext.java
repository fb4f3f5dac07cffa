package dev.wasiotel.wit.runtime;

import java.util.function.Supplier;

/**
 * What a host function (or code lowering values into a guest) may use of the guest instance it
 * serves: its linear memory, its {@code cabi_realloc}, and per-instance host state.
 *
 * <p>One context belongs to one guest instance for its whole life; it is not thread-safe beyond
 * what the instance itself allows (a guest instance runs one call at a time).
 */
public interface GuestContext {

    /**
     * The guest's linear memory: the memory it exports as {@code "memory"}.
     *
     * @throws WitTrap ({@link WitTrap.Reason#GUEST_TRAP}) if the guest exports no such memory
     */
    GuestMemory memory();

    /**
     * The guest's exported {@code cabi_realloc}. Every pointer it returns is checked with {@link
     * Bounds#checkRealloc} (a bad one traps with {@link WitTrap.Reason#REALLOC}); a trap inside it
     * becomes a {@link WitTrap.Reason#GUEST_TRAP}. If the guest exports no {@code cabi_realloc},
     * the returned function traps with {@link WitTrap.Reason#REALLOC} when it is called, i.e.
     * only when an allocation is actually needed.
     */
    Realloc realloc();

    /**
     * The limits this instance runs under: among them the bytes one call may lift out of its memory.
     * Contexts that know no limits answer {@link GuestLimits#defaults()}.
     */
    default GuestLimits limits() {
        return GuestLimits.defaults();
    }

    /**
     * Asks that {@code listener} run each time a call into this instance ends — the outermost call,
     * call sequence or instantiation, after its post-return — on the calling thread, before the
     * instance takes another call; for host state that must not outlive a call (spans a call left
     * open). A listener's exception is ignored: the call has already ended.
     *
     * @return false if this context cannot tell when calls end (the listener is not kept)
     */
    default boolean onCallEnd(Runnable listener) {
        return false;
    }

    /**
     * The host state stored under {@code key} for this instance (a resource table, a span
     * stack, ...), or {@code null} if there is none.
     */
    <T> T attachment(Class<T> key);

    /** Stores (or, with {@code null}, removes) host state for this instance under {@code key}. */
    <T> void putAttachment(Class<T> key, T value);

    /** The host state under {@code key}, created with {@code factory} and stored if absent. */
    default <T> T attachment(Class<T> key, Supplier<? extends T> factory) {
        T value = attachment(key);
        if (value == null) {
            value = factory.get();
            putAttachment(key, value);
        }
        return value;
    }
}
