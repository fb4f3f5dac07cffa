package dev.wasiotel.wit.runtime.chicory;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.wasiotel.wit.abi.CoreType;
import dev.wasiotel.wit.runtime.GuestContext;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A core function: exported by a core instance, or a host function bound to the guest context it
 * serves. It can be imported by other instances ({@link CoreInstance#instantiate}) or called from
 * the host ({@link #call}).
 */
public final class CoreFunc implements CoreExtern {
    private final FunctionType type;
    private final WasmFunctionHandle handle;
    private final Instance source;
    private final String description;
    private final boolean[] narrowResults;

    private CoreFunc(FunctionType type, WasmFunctionHandle handle, Instance source, String description) {
        this.type = type;
        this.handle = handle;
        this.source = source;
        this.description = description;
        this.narrowResults = ChicoryTypes.narrowMask(type.returns());
    }

    /** The export {@code name} of {@code instance}. */
    static CoreFunc ofExport(Instance instance, String name) {
        ExportFunction function = instance.export(name);
        return new CoreFunc(instance.exportType(name), (inst, args) -> function.apply(args), instance, name);
    }

    /**
     * A host function: {@code def}'s body runs with {@code context} (whose memory and {@code
     * realloc} need not be those of the instance that calls it: a component's {@code canon lower}
     * names them).
     */
    public static CoreFunc host(HostFunctionDef def, GuestContext context) {
        return host(def, context, null);
    }

    /**
     * A host function as {@link #host(HostFunctionDef, GuestContext)}, of the instance {@code
     * guard} guards: the guest may not call it from inside its {@code cabi_realloc} (a {@link
     * dev.wasiotel.wit.runtime.WitTrap.Reason#REENTRANCE} trap).
     */
    public static CoreFunc host(HostFunctionDef def, GuestContext context, CallGuard guard) {
        Objects.requireNonNull(def, "def");
        Objects.requireNonNull(context, "context");
        HostFunction hf = ChicoryHostFunction.create(def, context, guard);
        return new CoreFunc(hf.functionType(), hf.handle(), null, def.qualifiedName());
    }

    /** The core parameter types; {@code null} entries stand for types outside i32/i64/f32/f64. */
    public List<CoreType> params() {
        return coreTypes(type.params());
    }

    /** The core result types; {@code null} entries stand for types outside i32/i64/f32/f64. */
    public List<CoreType> results() {
        return coreTypes(type.returns());
    }

    /** The signature in WebAssembly text style, e.g. {@code (param i32) (result i32)}. */
    public String signature() {
        return ChicoryTypes.format(type);
    }

    /** Whether this function has exactly this core signature. */
    public boolean hasSignature(List<CoreType> params, List<CoreType> results) {
        return type.equals(ChicoryTypes.toFunctionType(params, results));
    }

    /**
     * Calls the function from the host. Values are represented as on {@link
     * dev.wasiotel.wit.runtime.CoreFunction}; 32-bit results come back sign-extended.
     *
     * @throws dev.wasiotel.wit.runtime.WitTrap a host function's own trap unchanged, or {@link
     *     dev.wasiotel.wit.runtime.WitTrap.Reason#GUEST_TRAP} when guest code traps
     * @throws IllegalArgumentException if the number of arguments is wrong
     */
    public long[] call(long... args) {
        if (args.length != type.params().size()) {
            throw new IllegalArgumentException(description + " takes " + type.params().size()
                    + " arguments, got " + args.length);
        }
        long[] results;
        try {
            results = handle.apply(source, args);
        } catch (RuntimeException | StackOverflowError e) {
            throw ChicoryTraps.translate(e, description);
        }
        if (results == null || results.length == 0) {
            if (narrowResults.length != 0) {
                throw new IllegalStateException(description + " returned no results where "
                        + narrowResults.length + " were expected");
            }
            return new long[0];
        }
        return ChicoryHostFunction.normalize(results, narrowResults);
    }

    /** This function as an import {@code module}/{@code name} of another instance. */
    ImportFunction asImport(String module, String name) {
        return new ImportFunction(module, name, type, handle, source);
    }

    FunctionType functionType() {
        return type;
    }

    @Override
    public CoreExternKind kind() {
        return CoreExternKind.FUNC;
    }

    @Override
    public String toString() {
        return description + " " + signature();
    }

    private static List<CoreType> coreTypes(List<ValType> types) {
        List<CoreType> out = new ArrayList<>(types.size());
        for (ValType t : types) {
            out.add(ChicoryTypes.toCoreType(t));
        }
        return out;
    }
}
