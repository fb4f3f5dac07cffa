package dev.wasiotel.wit.runtime.chicory;

import com.dylibso.chicory.wasm.InvalidException;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.ImportSection;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import dev.wasiotel.wit.runtime.LinkException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Matches a module's imports against the host's definitions before anything is instantiated, so
 * that every missing or mistyped import is reported at once.
 */
final class ChicoryLinker {
    private ChicoryLinker() {
    }

    /** The key under which a definition or an import is looked up. */
    static String key(String module, String name) {
        return module + '\u0000' + name;
    }

    /**
     * The definitions the module imports, each once, in import order.
     *
     * @throws LinkException naming every import that no definition satisfies
     * @throws IllegalArgumentException if an import names a type the module does not define
     */
    static List<HostFunctionDef> resolve(WasmModule module, Map<String, HostFunctionDef> defs) {
        ImportSection imports = module.importSection();
        Set<HostFunctionDef> used = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < imports.importCount(); i++) {
            Import imp = imports.getImport(i);
            String shown = imp.module() + "#" + imp.name();
            if (imp.importType() != ExternalType.FUNCTION) {
                problems.add("missing " + kind(imp.importType()) + " " + shown
                        + " (the host provides only functions)");
                continue;
            }
            FunctionType wanted;
            try {
                wanted = module.typeSection().getType(((FunctionImport) imp).typeIndex());
            } catch (InvalidException e) {
                // Chicory's parser lets an import name an undefined type (found by CoreModuleFuzzTest)
                throw new IllegalArgumentException("not a valid WebAssembly module: import " + shown + ": "
                        + e.getMessage(), e);
            }
            HostFunctionDef def = defs.get(key(imp.module(), imp.name()));
            if (def == null) {
                problems.add("missing function " + shown + " " + ChicoryTypes.format(wanted));
                continue;
            }
            FunctionType provided = ChicoryTypes.toFunctionType(def.params(), def.results());
            if (!provided.equals(wanted)) {
                problems.add("function " + shown + " is imported as " + ChicoryTypes.format(wanted)
                        + " but the host provides " + def.signature());
                continue;
            }
            used.add(def);
        }
        if (!problems.isEmpty()) {
            throw new LinkException(problems);
        }
        return new ArrayList<>(used);
    }

    private static String kind(ExternalType type) {
        return type.name().toLowerCase(java.util.Locale.ROOT);
    }
}
