package dev.wasiotel.wit.runtime.chicory;

import com.dylibso.chicory.runtime.ImportGlobal;
import com.dylibso.chicory.runtime.ImportMemory;
import com.dylibso.chicory.runtime.ImportTable;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExportSection;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.ImportSection;
import dev.wasiotel.wit.runtime.GuestLimits;
import dev.wasiotel.wit.runtime.LinkException;
import dev.wasiotel.wit.runtime.WitTrap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One instance of a core module whose imports are functions, memories, tables and globals of
 * other instances or host functions: the core linking a component host performs (see {@link
 * #instantiate}). Its exports are read with {@link #export}.
 */
public final class CoreInstance {
    private final Instance instance;
    private final Map<String, CoreExternKind> exportKinds;
    private final Map<String, CoreExtern> exports = new HashMap<>();

    private CoreInstance(Instance instance) {
        this.instance = instance;
        this.exportKinds = new HashMap<>();
        ExportSection section = instance.module().exportSection();
        for (int i = 0; i < section.exportCount(); i++) {
            Export e = section.getExport(i);
            exportKinds.put(e.name(), CoreExternKind.of(e.exportType()));
        }
    }

    /** Supplies the value of one import of a module being instantiated. */
    @FunctionalInterface
    public interface Imports {
        /** The value for import {@code module}/{@code name}, or {@code null} if there is none. */
        CoreExtern resolve(String module, String name);
    }

    /**
     * Links and instantiates {@code module} under {@link GuestLimits#defaults()}, as {@link
     * #instantiate(ChicoryModule, Imports, ExecutionMode, GuestLimits)} does.
     */
    public static CoreInstance instantiate(ChicoryModule module, Imports imports, ExecutionMode mode) {
        return instantiate(module, imports, mode, GuestLimits.defaults());
    }

    /**
     * Links and instantiates {@code module}: each import is looked up in {@code imports} and must
     * have the imported kind (and, for a function, the imported signature). The memories and
     * tables the module defines are bounded by {@code limits} ({@code memory.grow} and {@code
     * table.grow} beyond them return {@code -1}). The module's start function runs; an exported
     * {@code _start} does not.
     *
     * @throws LinkException naming every import that is missing or of the wrong kind or type, or
     *     ({@link LinkException#overLimits}) every memory and table whose declared minimum exceeds
     *     {@code limits}, before anything is allocated or run
     * @throws IllegalArgumentException if the module is invalid
     * @throws WitTrap ({@link WitTrap.Reason#GUEST_TRAP}) if it traps while being initialised
     */
    public static CoreInstance instantiate(ChicoryModule module, Imports imports, ExecutionMode mode,
            GuestLimits limits) {
        return instantiate(module, imports, mode, PrecompiledMachines.none(), limits);
    }

    /**
     * Links and instantiates {@code module} as {@link #instantiate(ChicoryModule, Imports,
     * ExecutionMode, GuestLimits)} does, on its machine in {@code precompiled} if they have one
     * (whatever the mode), else as {@code mode} says.
     *
     * @throws PrecompiledMachineException if {@code precompiled} announces a machine for the
     *     module that cannot be loaded
     */
    public static CoreInstance instantiate(ChicoryModule module, Imports imports, ExecutionMode mode,
            PrecompiledMachines precompiled, GuestLimits limits) {
        Objects.requireNonNull(imports, "imports");
        Objects.requireNonNull(precompiled, "precompiled");
        WasmModule wasm = module.wasmModule();
        checkLimits(module, limits);
        ImportValues.Builder values = ImportValues.builder();
        List<String> problems = new ArrayList<>();
        ImportSection section = wasm.importSection();
        for (int i = 0; i < section.importCount(); i++) {
            Import imp = section.getImport(i);
            CoreExternKind wanted = CoreExternKind.of(imp.importType());
            String shown = imp.module() + "#" + imp.name();
            CoreExtern value = imports.resolve(imp.module(), imp.name());
            if (value == null) {
                problems.add("missing " + wanted.wasmName() + " " + shown);
                continue;
            }
            if (value.kind() != wanted) {
                problems.add(shown + " is imported as a " + wanted.wasmName() + " but a "
                        + value.kind().wasmName() + " was provided");
                continue;
            }
            switch (wanted) {
                case FUNC: {
                    CoreFunc f = (CoreFunc) value;
                    FunctionType type = wasm.typeSection().getType(((FunctionImport) imp).typeIndex());
                    if (!type.equals(f.functionType())) {
                        problems.add("function " + shown + " is imported as " + ChicoryTypes.format(type)
                                + " but " + f + " was provided");
                        continue;
                    }
                    values.addFunction(f.asImport(imp.module(), imp.name()));
                    break;
                }
                case MEMORY:
                    values.addMemory(new ImportMemory(imp.module(), imp.name(), ((CoreMemory) value).memory()));
                    break;
                case TABLE:
                    values.addTable(new ImportTable(imp.module(), imp.name(), ((CoreTable) value).table()));
                    break;
                case GLOBAL:
                    values.addGlobal(new ImportGlobal(imp.module(), imp.name(), ((CoreGlobal) value).global()));
                    break;
                default:
                    problems.add("tag " + shown + " cannot be linked");
            }
        }
        if (!problems.isEmpty()) {
            throw new LinkException(problems);
        }
        Instance instance = Instantiation.link(wasm, values.build(), mode.machineFactory(module, precompiled), limits);
        Instantiation.initialize(instance);
        return new CoreInstance(instance);
    }

    /** The export {@code name}, if there is one. */
    public Optional<CoreExtern> export(String name) {
        CoreExtern cached = exports.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        CoreExternKind kind = exportKinds.get(name);
        if (kind == null) {
            return Optional.empty();
        }
        CoreExtern value;
        switch (kind) {
            case FUNC:
                value = CoreFunc.ofExport(instance, name);
                break;
            case MEMORY:
                value = new CoreMemory(instance.exports().memory(name));
                break;
            case TABLE:
                value = new CoreTable(instance.exports().table(name));
                break;
            case GLOBAL:
                value = new CoreGlobal(instance.exports().global(name));
                break;
            default:
                return Optional.empty();
        }
        exports.put(name, value);
        return Optional.of(value);
    }

    /** The kind of export {@code name}, if there is one. */
    public Optional<CoreExternKind> exportKind(String name) {
        return Optional.ofNullable(exportKinds.get(name));
    }

    /**
     * Refuses {@code module} if a memory or table it defines declares a minimum above {@code
     * limits}: what {@link #instantiate} checks first, for callers that report it apart from
     * other link problems.
     *
     * @throws LinkException ({@link LinkException#overLimits}) naming each such memory and table
     */
    public static void checkLimits(ChicoryModule module, GuestLimits limits) {
        EngineLimits.check(module.wasmModule(), Objects.requireNonNull(limits, "limits"));
    }
}
