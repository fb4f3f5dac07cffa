package dev.wasiotel.wit.runtime.chicory;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.wasm.types.FunctionType;
import dev.wasiotel.wit.runtime.GuestContext;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import dev.wasiotel.wit.runtime.engine.CallGuard;
import dev.wasiotel.wit.runtime.engine.CoreFunc;
import dev.wasiotel.wit.runtime.engine.HostFunc;

/**
 * One {@link HostFunctionDef} bound to one guest instance's context, as Chicory calls it: the
 * engine layer's {@link HostFunc} (32-bit values sign-extended, the result count checked, the
 * {@link CallGuard} consulted) behind Chicory's host-function type.
 */
final class ChicoryHostFunction {
    private ChicoryHostFunction() {
    }

    /**
     * Chicory's host function for {@code def}, calling its body with {@code context}; {@code guard}
     * (or null for none) is the guard of the instance that calls it.
     */
    static HostFunction create(HostFunctionDef def, GuestContext context, CallGuard guard) {
        FunctionType type = ChicoryTypes.toFunctionType(def.params(), def.results());
        HostFunc host = (HostFunc) CoreFunc.host(def, context, guard);
        return new HostFunction(def.module(), def.name(), type, (instance, args) -> {
            long[] results = host.invoke(args);
            return results.length == 0 ? null : results; // Chicory's "no results"
        });
    }
}
