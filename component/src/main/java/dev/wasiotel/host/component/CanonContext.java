package dev.wasiotel.host.component;

import dev.wasiotel.wit.runtime.Bounds;
import dev.wasiotel.wit.runtime.ByteArrayMemory;
import dev.wasiotel.wit.runtime.GuestContext;
import dev.wasiotel.wit.runtime.GuestLimits;
import dev.wasiotel.wit.runtime.GuestMemory;
import dev.wasiotel.wit.runtime.Realloc;
import dev.wasiotel.wit.runtime.WitTrap;
import dev.wasiotel.wit.runtime.engine.CoreFunc;
import dev.wasiotel.wit.runtime.engine.CoreMemory;

/**
 * The {@link GuestContext} of one canonical function: the memory and {@code realloc} its options
 * name (not those of whichever core instance calls it: a shim module calls lowered imports through
 * a table), and the host state of the component instance.
 */
final class CanonContext implements GuestContext {
    private static final GuestMemory NO_MEMORY = new ByteArrayMemory(0);

    private final CoreMemory memory;
    private final CoreFunc realloc;
    private final InstanceState state;
    private final String what;
    private final Realloc reallocFunction = this::callRealloc;

    /**
     * @param memory the {@code memory} option, or null
     * @param realloc the {@code realloc} option, or null
     * @param state the component instance's shared state
     * @param what names the function, for messages
     */
    CanonContext(CoreMemory memory, CoreFunc realloc, InstanceState state, String what) {
        this.memory = memory;
        this.realloc = realloc;
        this.state = state;
        this.what = what;
    }

    /** The memory option; a function without one sees an empty memory, so any access traps. */
    @Override
    public GuestMemory memory() {
        return memory == null ? NO_MEMORY : memory.guestMemory();
    }

    @Override
    public Realloc realloc() {
        return reallocFunction;
    }

    /** The limits of the component instance. */
    @Override
    public GuestLimits limits() {
        return state.limits();
    }

    @Override
    public boolean onCallEnd(Runnable listener) {
        state.guard().onCallEnd(listener);
        return true;
    }

    @Override
    public <T> T attachment(Class<T> key) {
        return state.attachment(key);
    }

    @Override
    public <T> void putAttachment(Class<T> key, T value) {
        state.putAttachment(key, value);
    }

    private int callRealloc(int oldPtr, int oldSize, int align, int newSize) {
        if (realloc == null) {
            throw new WitTrap(WitTrap.Reason.REALLOC, what + " must allocate guest memory, but its canonical"
                    + " options name no realloc function");
        }
        // inside a call of this thread (a host function's result), or a call of its own (arguments
        // lowered before a call); the guest may not call its host until realloc returns
        long[] result = state.guard().realloc("cabi_realloc of " + what,
                () -> realloc.call(oldPtr, oldSize, align, newSize));
        try {
            return Bounds.checkRealloc(memory(), (int) result[0], align, newSize);
        } catch (WitTrap trap) {
            state.guard().poison();
            throw trap;
        }
    }
}
