package dev.wasiotel.wit.runtime.chicory;

import dev.wasiotel.wit.runtime.engine.CallGuard;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasm.types.FunctionType;
import dev.wasiotel.wit.runtime.GuestContext;
import dev.wasiotel.wit.runtime.HostFunctionDef;

/**
 * One {@link HostFunctionDef} bound to one guest instance's context, as Chicory calls it: 32-bit
 * arguments are normalised to sign-extended ints, the result count is checked, and 32-bit results
 * are normalised the same way. With a {@link CallGuard}, the guest may not call it from inside
 * its {@code cabi_realloc} nor after its call's deadline.
 */
final class ChicoryHostFunction implements WasmFunctionHandle {
    private final HostFunctionDef def;
    /** {@code def}'s qualified name, made once: the guard takes it on every call. */
    private final String qualifiedName;
    private final GuestContext context;
    private final CallGuard guard;
    private final boolean[] narrowParams;
    private final boolean[] narrowResults;

    private ChicoryHostFunction(HostFunctionDef def, GuestContext context, CallGuard guard, FunctionType type) {
        this.def = def;
        this.qualifiedName = def.qualifiedName();
        this.context = context;
        this.guard = guard;
        this.narrowParams = ChicoryTypes.narrowMask(type.params());
        this.narrowResults = ChicoryTypes.narrowMask(type.returns());
    }

    /**
     * Chicory's host function for {@code def}, calling its body with {@code context}; {@code guard}
     * (or null for none) is the guard of the instance that calls it.
     */
    static HostFunction create(HostFunctionDef def, GuestContext context, CallGuard guard) {
        FunctionType type = ChicoryTypes.toFunctionType(def.params(), def.results());
        return new HostFunction(def.module(), def.name(), type, new ChicoryHostFunction(def, context, guard, type));
    }

    @Override
    public long[] apply(Instance instance, long... args) {
        if (guard != null) {
            guard.checkHostCall(qualifiedName);
        }
        long[] results = def.body().call(context, normalize(args, narrowParams));
        if (results == null || results.length == 0) {
            if (narrowResults.length != 0) {
                throw new IllegalStateException("host function " + def.qualifiedName() + " returned no value, but "
                        + narrowResults.length + " are declared");
            }
            return null;
        }
        if (results.length != narrowResults.length) {
            throw new IllegalStateException("host function " + def.qualifiedName() + " returned " + results.length
                    + " values, but " + narrowResults.length + " are declared");
        }
        return normalize(results, narrowResults);
    }

    /** {@code values}, or a copy with 32-bit entries sign-extended from their low 32 bits. */
    static long[] normalize(long[] values, boolean[] narrow) {
        long[] out = values;
        for (int i = 0; i < narrow.length; i++) {
            if (narrow[i] && out[i] != (int) out[i]) {
                if (out == values) {
                    out = values.clone();
                }
                out[i] = (int) out[i];
            }
        }
        return out;
    }
}
