package dev.wasiotel.wit.runtime.chicory;

import com.dylibso.chicory.runtime.CompiledModule;
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
 * Shareable between threads; the only state it gains is its compiled code (see {@link ExecutionMode#COMPILER})
 * and, for a module compiled at build time, its full parse when an interpreter first needs it.
 *
 * <p>A module whose machine was compiled at build time (announced on the class path by its
 * SHA-256, see {@link #PRECOMPILED_INDEX}) is not parsed from its bytes at all until something
 * needs its code: the build-time class carries the module without the code it compiled (Chicory's
 * {@code CompiledModule}), validated when it was compiled, which is all that linking and the
 * compiled machine need. For the 14 MB JavaScript guest that is one parse of 5.5 MB instead of
 * 14 MB, and a tenth of the heap. The bytes are the ones compiled (same SHA-256), so they are
 * as valid as they were then.
 */
public final class ChicoryModule {
    /** Where build-time compiled machines are announced: one entry per module, named by its SHA-256. */
    public static final String PRECOMPILED_INDEX = "META-INF/wasi-otel/precompiled/";

    private final String sha256;
    /** The module as the build-time compiler left it, or null if none is announced. */
    private final CompiledModule buildTime;
    /** The module's bytes while a build-time module stands in for its full parse, else null. */
    private final byte[] bytes;
    private volatile WasmModule module;
    private volatile Function<Instance, Machine> compiled;
    private volatile boolean precompiled;

    /** A module parsed from its bytes, whose SHA-256 is {@code sha256}. */
    ChicoryModule(WasmModule module, String sha256) {
        this.module = module;
        this.sha256 = sha256;
        this.buildTime = null;
        this.bytes = null;
    }

    private ChicoryModule(CompiledModule buildTime, String sha256, byte[] bytes) {
        this.buildTime = buildTime;
        this.sha256 = sha256;
        this.bytes = bytes.clone();
    }

    /**
     * The module compiled at build time for {@code bytes} (whose SHA-256 is {@code sha256}) if the
     * class path announces one as a {@code CompiledModule}, without parsing {@code bytes}; else null,
     * and the caller parses them (an announced class that cannot be loaded is reported when
     * {@link ExecutionMode#COMPILER} asks for it, as before).
     */
    static ChicoryModule ofBuildTime(byte[] bytes, String sha256) {
        try {
            Class<?> type = announced(sha256);
            if (type == null || !CompiledModule.class.isAssignableFrom(type)) {
                return null;
            }
            CompiledModule compiledModule = (CompiledModule) type.getConstructor().newInstance();
            compiledModule.wasmModule(); // loaded here, so that a broken one falls back to parsing
            return new ChicoryModule(compiledModule, sha256, bytes);
        } catch (RuntimeException | ReflectiveOperationException | LinkageError e) {
            return null;
        }
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
        if (buildTime != null) {
            return buildTime.machineFactory();
        }
        Class<?> type = announced(sha256);
        if (type == null) {
            return null;
        }
        try {
            java.lang.reflect.Method create = type.getMethod("create", Instance.class);
            return instance -> {
                try {
                    return (Machine) create.invoke(null, instance);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("the precompiled machine " + type.getName() + " failed", e);
                }
            };
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the class path announces a precompiled machine for module " + sha256
                    + " that cannot be loaded", e);
        }
    }

    /**
     * The build-time compiled class the class path announces for a module of this SHA-256, or null
     * if none is announced.
     *
     * @throws IllegalStateException if one is announced but cannot be loaded
     */
    private static Class<?> announced(String sha256) {
        ClassLoader loader = ChicoryModule.class.getClassLoader();
        try (java.io.InputStream in = loader.getResourceAsStream(PRECOMPILED_INDEX + sha256)) {
            if (in == null) {
                return null;
            }
            String className = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            return Class.forName(className, true, loader);
        } catch (java.io.IOException | ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("the class path announces a precompiled machine for module " + sha256
                    + " that cannot be loaded", e);
        }
    }

    /**
     * The module as linking sees it (imports, exports, types, memories, tables): the build-time
     * module where there is one (the same but for the code it compiled), else the full parse.
     */
    WasmModule wasmModule() {
        return buildTime != null ? buildTime.wasmModule() : fullModule();
    }

    /**
     * The module an instance is made from: on a build-time compiled machine the build-time module,
     * else (an interpreter, or a machine compiled at run time) the full parse, parsed from the
     * bytes the first time it is needed.
     */
    WasmModule wasmModule(ExecutionMode mode) {
        return mode == ExecutionMode.COMPILER && buildTime != null ? buildTime.wasmModule() : fullModule();
    }

    private WasmModule fullModule() {
        WasmModule m = module;
        if (m == null) {
            synchronized (this) {
                m = module;
                if (m == null) {
                    // the bytes have the SHA-256 of a module compiled (and so validated) at build time
                    m = com.dylibso.chicory.wasm.Parser.parse(bytes);
                    module = m;
                }
            }
        }
        return m;
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
                        factory = com.dylibso.chicory.compiler.MachineFactoryCompiler.compile(fullModule());
                    }
                    compiled = factory;
                }
            }
        }
        return factory;
    }

    /** The module's imports, in order. */
    public List<CoreImportDesc> imports() {
        ImportSection section = wasmModule().importSection();
        List<CoreImportDesc> out = new ArrayList<>(section.importCount());
        for (int i = 0; i < section.importCount(); i++) {
            Import imp = section.getImport(i);
            out.add(new CoreImportDesc(imp.module(), imp.name(), CoreExternKind.of(imp.importType())));
        }
        return out;
    }

    /** The module's exports, in order. */
    public List<CoreExportDesc> exports() {
        ExportSection section = wasmModule().exportSection();
        List<CoreExportDesc> out = new ArrayList<>(section.exportCount());
        for (int i = 0; i < section.exportCount(); i++) {
            Export e = section.getExport(i);
            out.add(new CoreExportDesc(e.name(), CoreExternKind.of(e.exportType())));
        }
        return out;
    }
}
