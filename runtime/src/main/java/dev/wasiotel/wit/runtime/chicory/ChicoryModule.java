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
    /** Where build-time compiled machines are announced: one entry per module, named by its SHA-256. */
    public static final String PRECOMPILED_INDEX = "META-INF/wasi-otel/precompiled/";

    private final WasmModule module;
    private final String sha256;
    private volatile Function<Instance, Machine> compiled;
    private volatile boolean precompiled;

    ChicoryModule(WasmModule module, byte[] bytes) {
        this.module = module;
        this.sha256 = sha256(bytes);
    }

    /** The SHA-256 of the module's bytes, lower-case hex: the name of its build-time compiled machine. */
    public String sha256() {
        return sha256;
    }

    /**
     * Whether {@link ExecutionMode#COMPILER} found this module compiled at build time on the class
     * path (so it neither interprets nor compiles at run time); false until it was first asked for.
     */
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

    /**
     * The build-time compiled machine of this module, if the class path announces one: a resource
     * {@code META-INF/wasi-otel/precompiled/<sha256>} whose text is the name of the class Chicory's
     * build-time compiler generated (with its {@code static Machine create(Instance)}).
     */
    private Function<Instance, Machine> precompiledMachine() {
        ClassLoader loader = ChicoryModule.class.getClassLoader();
        try (java.io.InputStream in = loader.getResourceAsStream(PRECOMPILED_INDEX + sha256)) {
            if (in == null) {
                return null;
            }
            String className = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            java.lang.reflect.Method create = Class.forName(className, true, loader).getMethod("create", Instance.class);
            return instance -> {
                try {
                    return (Machine) create.invoke(null, instance);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("the precompiled machine " + className + " failed", e);
                }
            };
        } catch (java.io.IOException | ReflectiveOperationException e) {
            throw new IllegalStateException("the class path announces a precompiled machine for module " + sha256
                    + " that cannot be loaded", e);
        }
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
                    factory = precompiledMachine();
                    precompiled = factory != null;
                    if (factory == null) {
                        factory = com.dylibso.chicory.compiler.MachineFactoryCompiler.compile(module);
                    }
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
