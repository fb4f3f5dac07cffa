package dev.wasiotel.wit.runtime.engine;

import dev.wasiotel.wit.abi.CoreType;
import dev.wasiotel.wit.runtime.GuestContext;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import java.util.List;

/**
 * A core function: exported by a core instance of some engine, or a host function bound to the
 * guest context it serves ({@link #host}). It can be imported by other instances ({@link
 * WasmEngine#instantiate}) or called from the host ({@link #call}).
 */
public non-sealed interface CoreFunc extends CoreExtern {

    /**
     * A host function: {@code def}'s body runs with {@code context} (whose memory and {@code
     * realloc} need not be those of the instance that calls it: a component's {@code canon lower}
     * names them). Every engine links it.
     */
    static CoreFunc host(HostFunctionDef def, GuestContext context) {
        return new HostFunc(def, context, null);
    }

    /**
     * A host function as {@link #host(HostFunctionDef, GuestContext)}, of the instance {@code
     * guard} guards: the guest may not call it from inside its {@code cabi_realloc} (a {@link
     * dev.wasiotel.wit.runtime.WitTrap.Reason#REENTRANCE} trap).
     */
    static CoreFunc host(HostFunctionDef def, GuestContext context, CallGuard guard) {
        return new HostFunc(def, context, guard);
    }

    /** The core parameter types; {@code null} entries stand for types outside i32/i64/f32/f64. */
    List<CoreType> params();

    /** The core result types; {@code null} entries stand for types outside i32/i64/f32/f64. */
    List<CoreType> results();

    /** The signature in WebAssembly text style, e.g. {@code (param i32) (result i32)}. */
    default String signature() {
        return CoreSignatures.format(params(), results());
    }

    /** Whether this function has exactly this core signature. */
    default boolean hasSignature(List<CoreType> params, List<CoreType> results) {
        return params().equals(params) && results().equals(results);
    }

    /**
     * Calls the function from the host. Values are represented as on {@link
     * dev.wasiotel.wit.runtime.CoreFunction}; 32-bit results come back sign-extended.
     *
     * @throws dev.wasiotel.wit.runtime.WitTrap a host function's own trap unchanged, or {@link
     *     dev.wasiotel.wit.runtime.WitTrap.Reason#GUEST_TRAP} when guest code traps
     * @throws IllegalArgumentException if the number of arguments is wrong
     */
    long[] call(long... args);

    @Override
    default CoreExternKind kind() {
        return CoreExternKind.FUNC;
    }
}
