package dev.wasiotel.wit.runtime.chicory;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExportSection;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.ImportSection;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed guest module, made by {@link ChicoryHost#parse}. Parsing a large module takes seconds;
 * parse once and pass this to {@link ChicoryHost#instantiate(ChicoryModule)} for every instance.
 * Immutable and shareable between threads.
 */
public final class ChicoryModule {
    private final WasmModule module;

    ChicoryModule(WasmModule module) {
        this.module = module;
    }

    WasmModule wasmModule() {
        return module;
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
