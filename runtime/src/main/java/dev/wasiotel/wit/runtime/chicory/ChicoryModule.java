package dev.wasiotel.wit.runtime.chicory;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExportSection;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.ImportSection;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A parsed guest module, made by {@link ChicoryHost#parse}. Parsing a large module takes seconds;
 * parse once and pass this to {@link ChicoryHost#instantiate(ChicoryModule)} for every instance.
 * Shareable between threads; the only state it gains is its compiled code (see {@link ExecutionMode#COMPILER}).
 */
public final class ChicoryModule {
    private final WasmModule module;
    private volatile Function<Instance, Machine> compiled;

    ChicoryModule(WasmModule module) {
        this.module = module;
    }

    WasmModule wasmModule() {
        return module;
    }

    /** The machine factory of this module compiled by Chicory's run-time compiler, made once. */
    Function<Instance, Machine> compiled() {
        Function<Instance, Machine> factory = compiled;
        if (factory == null) {
            synchronized (this) {
                factory = compiled;
                if (factory == null) {
                    factory = com.dylibso.chicory.compiler.MachineFactoryCompiler.compile(module);
                    compiled = factory;
                }
            }
        }
        return factory;
    }

    /** The module's imports, in order. */
    public List<CoreImportDesc> imports() {
        ImportSection section = module.importSection();
        List<CoreImportDesc> out = new ArrayList<>(section.importCount());
        for (int i = 0; i < section.importCount(); i++) {
            Import imp = section.getImport(i);
            out.add(new CoreImportDesc(imp.module(), imp.name(), CoreExternKind.of(imp.importType())));
        }
        return out;
    }

    /** The module's exports, in order. */
    public List<CoreExportDesc> exports() {
        ExportSection section = module.exportSection();
        List<CoreExportDesc> out = new ArrayList<>(section.exportCount());
        for (int i = 0; i < section.exportCount(); i++) {
            Export e = section.getExport(i);
            out.add(new CoreExportDesc(e.name(), CoreExternKind.of(e.exportType())));
        }
        return out;
    }
}
