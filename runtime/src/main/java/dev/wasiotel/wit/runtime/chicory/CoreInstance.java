package dev.wasiotel.wit.runtime.chicory;

import com.dylibso.chicory.runtime.ImportFunction;
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
import dev.wasiotel.wit.runtime.engine.CoreExtern;
import dev.wasiotel.wit.runtime.engine.CoreExternKind;
import dev.wasiotel.wit.runtime.engine.CoreFunc;
import dev.wasiotel.wit.runtime.engine.EngineInstance;
import dev.wasiotel.wit.runtime.engine.HostFunc;
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
public final class CoreInstance implements EngineInstance {
    private final Instance instance;
    private final Map<String, CoreExternKind> exportKinds;
    private final Map<String, CoreExtern> exports = new HashMap<>();

    private CoreInstance(Instance instance) {
        this.instance = instance;
        this.exportKinds = new HashMap<>();
        ExportSection section = instance.module().exportSection();
        for (int i = 0; i < section.exportCount(); i++) {
            Export e = section.getExport(i);
            exportKinds.put(e.name(), ChicoryTypes.kindOf(e.exportType()));
        }
    }

    /** Supplies the value of one import of a module being instantiated. */
    @FunctionalInterface
    public interface Imports extends dev.wasiotel.wit.runtime.engine.Imports {
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
            CoreExternKind wanted = ChicoryTypes.kindOf(imp.importType());
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
                    FunctionType type = wasm.typeSection().getType(((FunctionImport) imp).typeIndex());
                    ImportFunction f = importFunction((CoreFunc) value, type, imp);
                    if (f == null) {
                        problems.add("function " + shown + " is imported as " + ChicoryTypes.format(type)
                                + " but " + value + " was provided");
                        continue;
                    }
                    values.addFunction(f);
                    break;
                }
                case MEMORY:
                    if (!(value instanceof ChicoryCoreMemory m)) {
                        problems.add(foreign(shown, value));
                        continue;
                    }
                    values.addMemory(new ImportMemory(imp.module(), imp.name(), m.memory()));
                    break;
                case TABLE:
                    if (!(value instanceof ChicoryCoreTable t)) {
                        problems.add(foreign(shown, value));
                        continue;
                    }
                    values.addTable(new ImportTable(imp.module(), imp.name(), t.table()));
                    break;
                case GLOBAL:
                    if (!(value instanceof ChicoryCoreGlobal g)) {
                        problems.add(foreign(shown, value));
                        continue;
                    }
                    values.addGlobal(new ImportGlobal(imp.module(), imp.name(), g.global()));
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

    /**
     * {@code value} as Chicory's import {@code imp} of type {@code type}, or null if its signature
     * differs: a function of another Chicory instance is linked directly, a host function runs its
     * body, and a function of another engine is called through {@link CoreFunc#call}.
     */
    private static ImportFunction importFunction(CoreFunc value, FunctionType type, Import imp) {
        if (value instanceof ChicoryCoreFunc f) {
            return type.equals(f.functionType()) ? f.asImport(imp.module(), imp.name()) : null;
        }
        FunctionType provided;
        try {
            provided = ChicoryTypes.toFunctionType(value.params(), value.results());
        } catch (RuntimeException e) {
            return null; // a type outside i32/i64/f32/f64
        }
        if (!type.equals(provided)) {
            return null;
        }
        if (value instanceof HostFunc h) {
            return new ImportFunction(imp.module(), imp.name(), type, (inst, args) -> orNull(h.invoke(args)));
        }
        return new ImportFunction(imp.module(), imp.name(), type, (inst, args) -> orNull(value.call(args)));
    }

    /** Results as Chicory takes them from a host function: null for none. */
    private static long[] orNull(long[] results) {
        return results.length == 0 ? null : results;
    }

    private static String foreign(String shown, CoreExtern value) {
        return shown + " is a " + value.kind().wasmName() + " of another engine (" + value.getClass().getSimpleName()
                + "); Chicory links only its own";
    }

    @Override
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
                value = ChicoryCoreFunc.ofExport(instance, name);
                break;
            case MEMORY:
                value = new ChicoryCoreMemory(instance.exports().memory(name));
                break;
            case TABLE:
                value = new ChicoryCoreTable(instance.exports().table(name));
                break;
            case GLOBAL:
                value = new ChicoryCoreGlobal(instance.exports().global(name));
                break;
            default:
                return Optional.empty();
        }
        exports.put(name, value);
        return Optional.of(value);
    }

    @Override
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
