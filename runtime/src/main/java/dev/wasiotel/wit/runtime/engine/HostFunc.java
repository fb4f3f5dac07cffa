package dev.wasiotel.wit.runtime.engine;

import dev.wasiotel.wit.abi.CoreType;
import dev.wasiotel.wit.runtime.GuestContext;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import dev.wasiotel.wit.runtime.WitTrap;
import java.util.List;
import java.util.Objects;

/**
 * A {@link HostFunctionDef} bound to the context it serves, as {@link CoreFunc#host} makes it: the
 * one kind of function every engine links. {@link #invoke} is what an engine calls when the
 * guest calls it: 32-bit arguments and results are sign-extended, the result count is checked,
 * and with a {@link CallGuard} the guest may not call it from inside its {@code cabi_realloc} nor
 * after its call's deadline.
 */
public final class HostFunc implements CoreFunc {
    private static final long[] NONE = new long[0];

    private final HostFunctionDef def;
    /** {@code def}'s qualified name, made once: the guard takes it on every call. */
    private final String qualifiedName;
    private final GuestContext context;
    private final CallGuard guard;
    private final boolean[] narrowParams;
    private final boolean[] narrowResults;

    HostFunc(HostFunctionDef def, GuestContext context, CallGuard guard) {
        this.def = Objects.requireNonNull(def, "def");
        this.qualifiedName = def.qualifiedName();
        this.context = Objects.requireNonNull(context, "context");
        this.guard = guard;
        this.narrowParams = CoreSignatures.narrowMask(def.params());
        this.narrowResults = CoreSignatures.narrowMask(def.results());
    }

    /** The function's definition. */
    public HostFunctionDef def() {
        return def;
    }

    /** The context its body runs with. */
    public GuestContext context() {
        return context;
    }

    /** The guard of the instance that calls it, or null. */
    public CallGuard guard() {
        return guard;
    }

    /**
     * Runs the body for a call from guest code: what an engine's import of this function does.
     *
     * @return the results, 32-bit ones sign-extended; empty for none
     * @throws WitTrap ({@link WitTrap.Reason#REENTRANCE}, {@link WitTrap.Reason#DEADLINE}) as
     *     {@link CallGuard#checkHostCall} says, or whatever the body throws
     * @throws IllegalStateException if the body returns the wrong number of results
     */
    public long[] invoke(long[] args) {
        if (guard != null) {
            guard.checkHostCall(qualifiedName);
        }
        long[] results = def.body().call(context, CoreSignatures.normalize(args, narrowParams));
        if (results == null || results.length == 0) {
            if (narrowResults.length != 0) {
                throw new IllegalStateException("host function " + qualifiedName + " returned no value, but "
                        + narrowResults.length + " are declared");
            }
            return NONE;
        }
        if (results.length != narrowResults.length) {
            throw new IllegalStateException("host function " + qualifiedName + " returned " + results.length
                    + " values, but " + narrowResults.length + " are declared");
        }
        return CoreSignatures.normalize(results, narrowResults);
    }

    @Override
    public List<CoreType> params() {
        return def.params();
    }

    @Override
    public List<CoreType> results() {
        return def.results();
    }

    @Override
    public long[] call(long... args) {
        if (args.length != narrowParams.length) {
            throw new IllegalArgumentException(qualifiedName + " takes " + narrowParams.length
                    + " arguments, got " + args.length);
        }
        try {
            return invoke(args);
        } catch (StackOverflowError e) {
            throw new WitTrap(WitTrap.Reason.GUEST_TRAP, qualifiedName + ": call stack exhausted", e);
        }
    }

    @Override
    public String toString() {
        return qualifiedName + " " + signature();
    }
}
