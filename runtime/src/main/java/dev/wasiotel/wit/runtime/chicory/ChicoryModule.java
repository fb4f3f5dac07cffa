package dev.wasiotel.wit.runtime.chicory;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExportSection;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.ImportSection;
import dev.wasiotel.wit.runtime.engine.CoreExportDesc;
import dev.wasiotel.wit.runtime.engine.CoreImportDesc;
import dev.wasiotel.wit.runtime.engine.EngineModule;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A parsed guest module, made by {@link ChicoryHost#parse}. Parsing a large module takes seconds;
 * parse once and pass this to {@link ChicoryHost#instantiate(ChicoryModule)} for every instance.
 * Shareable between threads; the only state it gains is its compiled code (see {@link ExecutionMode#COMPILER}).
 */
public final class ChicoryModule implements EngineModule {
    /** Where build-time compiled machines are announced: one entry per module, named by its SHA-256. */
    public static final String PRECOMPILED_INDEX = "META-INF/wasi-otel/precompiled/";
    /**
     * Where a jar of precompiled machines keeps each module stripped of the code its machine runs
     * ({@code <sha256>.wasm}): every function body the machine has compiled replaced by {@code
     * unreachable}, the ones it leaves to the interpreter kept. Parsed instead of the whole module.
     */
    public static final String STRIPPED_INDEX = "META-INF/wasi-otel/stripped/";

    private final WasmModule module;
    private final String sha256;
    /** The machines whose stripped copy this was parsed from: the only code its stripped functions have. */
    private final PrecompiledMachines strippedFrom;
    private volatile Function<Instance, Machine> compiled;
    private volatile boolean precompiled;

    ChicoryModule(WasmModule module, byte[] bytes) {
        this(module, sha256(bytes));
    }

    ChicoryModule(WasmModule module, String sha256) {
        this(module, sha256, null);
    }

    /** A module parsed from the copy in {@code strippedFrom} stripped of the code its machine there runs. */
    ChicoryModule(WasmModule module, String sha256, PrecompiledMachines strippedFrom) {
        this.module = module;
        this.sha256 = sha256;
        this.strippedFrom = strippedFrom;
    }

    /** The SHA-256 of the module's bytes, lower-case hex: the name of its build-time compiled machine. */
    @Override
    public String sha256() {
        return sha256;
    }

    /**
     * Whether this module was found compiled at build time (on the class path by {@link
     * ExecutionMode#COMPILER}, or in the {@link PrecompiledMachines} a host was given), so that it
     * neither interprets nor compiles at run time; false until an instance was made.
     */
    @Override
    public boolean isPrecompiled() {
        return precompiled;
    }

    static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The machines announced on the class path of this library (found by {@link ExecutionMode#COMPILER}). */
    private static final PrecompiledMachines CLASS_PATH = PrecompiledMachines.classPath(ChicoryModule.class.getClassLoader());

    /** The machines announced on the class path of this library, with their stripped modules. */
    static PrecompiledMachines classPathMachines() {
        return CLASS_PATH;
    }

    /**
     * The module of these bytes (SHA-256 {@code sha256}) as Chicory's build-time compiler left it in
     * a module class the class path announces, or null if there is none: used instead of parsing
     * the bytes (for a large guest, most of the time and memory of loading it), it is a stripped
     * module that runs on its build-time machine whatever the execution mode.
     */
    static ChicoryModule ofBuildTime(String sha256) {
        return CLASS_PATH.buildTimeModule(sha256).map(m -> new ChicoryModule(m, sha256, CLASS_PATH)).orElse(null);
    }

    /**
     * The machine of this module in {@code machines}, if they have one; marks this module as
     * running precompiled when found.
     *
     * @throws PrecompiledMachineException if they announce one that cannot be loaded
     */
    Function<Instance, Machine> precompiledIn(PrecompiledMachines machines) {
        Function<Instance, Machine> factory = machines.find(sha256).orElse(null);
        if (factory == null && strippedFrom != null) {
            // whoever instantiates, a stripped module runs on the machine it was stripped for
            factory = strippedFrom.find(sha256).orElseThrow(() -> new PrecompiledMachineException(
                    strippedFrom.origin() + " has a stripped copy of module " + sha256 + " but no machine for it"));
        }
        if (factory != null) {
            precompiled = true;
        }
        return factory;
    }

    WasmModule wasmModule() {
        return module;
    }

    /**
     * The machine factory of this module: compiled at build time when the class path has it, else
     * by Chicory's run-time compiler, once.
     */
    Function<Instance, Machine> compiled() {
        Function<Instance, Machine> factory = compiled;
        if (factory == null) {
            synchronized (this) {
                factory = compiled;
                if (factory == null) {
                    factory = precompiledIn(CLASS_PATH);
                    if (factory == null) {
                        factory = com.dylibso.chicory.compiler.MachineFactoryCompiler.compile(module);
                    }
                    compiled = factory;
                }
            }
        }
        return factory;
    }

    /**
     * Whether this module was parsed from a jar's copy stripped of the code its precompiled machine
     * runs (see {@link ChicoryHost#parse(byte[], PrecompiledMachines)}); such a module always runs
     * on that machine.
     */
    public boolean isStripped() {
        return strippedFrom != null;
    }

    /** How many functions the module defines (its imported functions not counted). */
    public int definedFunctionCount() {
        return module.functionSection().functionCount();
    }

    @Override
    public List<CoreImportDesc> imports() {
        ImportSection section = module.importSection();
        List<CoreImportDesc> out = new ArrayList<>(section.importCount());
        for (int i = 0; i < section.importCount(); i++) {
            Import imp = section.getImport(i);
            out.add(new CoreImportDesc(imp.module(), imp.name(), ChicoryTypes.kindOf(imp.importType())));
        }
        return out;
    }

    @Override
    public List<CoreExportDesc> exports() {
        ExportSection section = module.exportSection();
        List<CoreExportDesc> out = new ArrayList<>(section.exportCount());
        for (int i = 0; i < section.exportCount(); i++) {
            Export e = section.getExport(i);
            out.add(new CoreExportDesc(e.name(), ChicoryTypes.kindOf(e.exportType())));
        }
        return out;
    }
}
