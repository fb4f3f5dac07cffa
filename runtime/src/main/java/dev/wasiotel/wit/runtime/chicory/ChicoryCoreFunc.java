package dev.wasiotel.wit.runtime.chicory;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.wasiotel.wit.runtime.engine.CoreSignatures;
import dev.wasiotel.wit.abi.CoreType;
import dev.wasiotel.wit.runtime.engine.CoreFunc;
import java.util.ArrayList;
import java.util.List;

/** A function exported by a Chicory core instance. */
final class ChicoryCoreFunc implements CoreFunc {
    private final FunctionType type;
    private final WasmFunctionHandle handle;
    private final Instance source;
    private final String description;
    private final boolean[] narrowResults;

    private ChicoryCoreFunc(FunctionType type, WasmFunctionHandle handle, Instance source, String description) {
        this.type = type;
        this.handle = handle;
        this.source = source;
        this.description = description;
        this.narrowResults = ChicoryTypes.narrowMask(type.returns());
    }

    /** The export {@code name} of {@code instance}. */
    static ChicoryCoreFunc ofExport(Instance instance, String name) {
        ExportFunction function = instance.export(name);
        return new ChicoryCoreFunc(instance.exportType(name), (inst, args) -> function.apply(args), instance, name);
    }

    @Override
    public List<CoreType> params() {
        return coreTypes(type.params());
    }

    @Override
    public List<CoreType> results() {
        return coreTypes(type.returns());
    }

    @Override
    public String signature() {
        return ChicoryTypes.format(type);
    }

    @Override
    public boolean hasSignature(List<CoreType> params, List<CoreType> results) {
        return type.equals(ChicoryTypes.toFunctionType(params, results));
    }

    @Override
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
        return CoreSignatures.normalize(results, narrowResults);
    }

    /** This function as an import {@code module}/{@code name} of another instance. */
    ImportFunction asImport(String module, String name) {
        return new ImportFunction(module, name, type, handle, source);
    }

    FunctionType functionType() {
        return type;
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
