package dev.wasiotel.wit.runtime.chicory;

import com.dylibso.chicory.runtime.CompiledModule;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Machines compiled to JVM bytecode ahead of time (Chicory's build-time compiler, as {@code
 * wasi-otel compile} and the Maven goal {@code compile-guest} run it), found by the SHA-256 of a
 * core module's bytes: a module whose machine is here neither runs on the interpreter nor is
 * compiled at run time.
 *
 * <p>Each machine is announced by a resource {@value ChicoryModule#PRECOMPILED_INDEX}{@code
 * <sha256>} whose text is the name of a class implementing Chicory's {@code Machine}, with either
 * a public constructor taking the {@code Instance} (the machine class the compiler generates) or a
 * {@code public static Machine create(Instance)} (the module class of {@code
 * chicory-compiler-maven-plugin}).
 *
 * <p>A precompiled machine is Java code that runs in this JVM with all its rights: load only jars
 * you built or trust. The module's bytes stay untrusted as ever; the machine only replaces how
 * their code runs.
 */
public final class PrecompiledMachines {
    /** An announcement is a class name: a few hundred bytes at most. */
    private static final int MAX_ANNOUNCEMENT_BYTES = 1024;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern BINARY_NAME = Pattern.compile(
            "\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*(\\.\\p{javaJavaIdentifierStart}"
                    + "\\p{javaJavaIdentifierPart}*)*");
    private static final PrecompiledMachines NONE = new PrecompiledMachines(null, "nowhere", Map.of(), Set.of());

    private final ClassLoader loader;
    private final String origin;
    /** The announcements read when the jar was opened; null to look them up in the loader. */
    private final Map<String, String> announced;
    /** The entries of the stripped modules of the jar; empty for the class path. */
    private final Set<String> strippedEntries;
    private final Map<String, Optional<Function<Instance, Machine>>> found = new ConcurrentHashMap<>();

    private PrecompiledMachines(ClassLoader loader, String origin, Map<String, String> announced,
            Set<String> strippedEntries) {
        this.loader = loader;
        this.origin = origin;
        this.announced = announced;
        this.strippedEntries = Set.copyOf(strippedEntries);
    }

    /** No precompiled machines. */
    public static PrecompiledMachines none() {
        return NONE;
    }

    /** The machines announced on the class path of {@code loader}. */
    public static PrecompiledMachines classPath(ClassLoader loader) {
        return new PrecompiledMachines(Objects.requireNonNull(loader, "loader"), "the class path", null, Set.of());
    }

    /**
     * Opens a jar of precompiled machines (made by {@code wasi-otel compile}). The whole jar is read
     * once here, so that a truncated or corrupt jar is refused now rather than when a class is
     * first needed in the middle of a call. Its classes are loaded by a class loader of its own
     * (whose parent is this library's), which stays open as long as this object is used.
     *
     * @throws IOException if the file cannot be read ({@link java.nio.file.NoSuchFileException} if
     *     it does not exist)
     * @throws PrecompiledMachineException if it is not a jar, is corrupt, or announces no machine
     *     whose class it holds
     */
    public static PrecompiledMachines openJar(Path jar) throws IOException {
        Objects.requireNonNull(jar, "jar");
        if (Files.isDirectory(jar)) {
            throw new PrecompiledMachineException(jar + " is a directory, not a jar of precompiled machines");
        }
        Map<String, String> announced = new TreeMap<>();
        Set<String> entries = new HashSet<>();
        Set<String> stripped = new HashSet<>();
        boolean any = false;
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(jar))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                any = true;
                String name = entry.getName();
                entries.add(name);
                if (name.startsWith(ChicoryModule.STRIPPED_INDEX) && name.endsWith(".wasm")) {
                    stripped.add(name);
                }
                if (name.startsWith(ChicoryModule.PRECOMPILED_INDEX) && !entry.isDirectory()) {
                    announced.put(sha256Of(jar, name), className(jar, name, zip));
                } else {
                    zip.transferTo(OutputDiscard.INSTANCE); // reading to the end checks the entry's CRC
                }
            }
        } catch (ZipException | IllegalArgumentException e) {
            // ZipInputStream meets some corrupt headers with an IllegalArgumentException (bad names)
            throw new PrecompiledMachineException(jar + " is not a valid jar: " + e.getMessage(), e);
        } catch (java.io.EOFException e) {
            throw new PrecompiledMachineException(jar + " is truncated: " + e.getMessage(), e);
        }
        if (!any) {
            throw new PrecompiledMachineException(jar + " is not a jar (no entries)");
        }
        if (announced.isEmpty()) {
            throw new PrecompiledMachineException(jar + " announces no precompiled machine (no "
                    + ChicoryModule.PRECOMPILED_INDEX + " entries): make it with `wasi-otel compile`");
        }
        for (Map.Entry<String, String> e : announced.entrySet()) {
            String classFile = e.getValue().replace('.', '/') + ".class";
            if (!entries.contains(classFile)) {
                throw new PrecompiledMachineException(jar + " announces class " + e.getValue() + " for module "
                        + e.getKey() + " but does not contain " + classFile);
            }
        }
        URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                PrecompiledMachines.class.getClassLoader());
        return new PrecompiledMachines(loader, jar.toString(), Collections.unmodifiableMap(announced), stripped);
    }

    private static String sha256Of(Path jar, String entryName) {
        String sha = entryName.substring(ChicoryModule.PRECOMPILED_INDEX.length());
        if (!SHA256.matcher(sha).matches()) {
            throw new PrecompiledMachineException(jar + ": " + entryName + " is not named by a SHA-256 (64 lower-case"
                    + " hex digits)");
        }
        return sha;
    }

    private static String className(Path jar, String entryName, InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_ANNOUNCEMENT_BYTES + 1);
        in.transferTo(OutputDiscard.INSTANCE);
        String name = new String(bytes, StandardCharsets.UTF_8).strip();
        if (bytes.length > MAX_ANNOUNCEMENT_BYTES || !BINARY_NAME.matcher(name).matches()) {
            throw new PrecompiledMachineException(jar + ": " + entryName + " does not name a class");
        }
        return name;
    }

    /**
     * The SHA-256s of the modules whose machines this holds, or empty for the class path (which
     * cannot be listed; its machines are looked up by name).
     */
    public Set<String> modules() {
        return announced == null ? Set.of() : announced.keySet();
    }

    /** Where the machines come from: the jar's path, or "the class path". */
    public String origin() {
        return origin;
    }

    /**
     * The module with this SHA-256 stripped of the code its machine here runs (see {@link
     * ChicoryModule#STRIPPED_INDEX}), if this jar (or class path) has both.
     *
     * @throws PrecompiledMachineException if it cannot be read
     */
    Optional<byte[]> stripped(String sha256) {
        String entry = ChicoryModule.STRIPPED_INDEX + sha256 + ".wasm";
        if (loader == null) {
            return Optional.empty();
        }
        if (announced != null && (!announced.containsKey(sha256) || !strippedEntries.contains(entry))) {
            return Optional.empty();
        }
        if (announced == null && find(sha256).isEmpty()) {
            return Optional.empty(); // on the class path: a stripped copy is no use without its machine
        }
        try (InputStream in = announced != null ? ((URLClassLoader) loader).findResource(entry).openStream()
                : loader.getResourceAsStream(entry)) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(in.readAllBytes());
        } catch (IOException | RuntimeException e) {
            throw new PrecompiledMachineException("the stripped module " + entry + " in " + origin + " cannot be read: "
                    + e, e);
        }
    }

    /**
     * The factory of the machine of the module with this SHA-256, if announced here; looked up once.
     *
     * @throws PrecompiledMachineException if it is announced but its class cannot be loaded or is
     *     not a machine
     */
    Optional<Function<Instance, Machine>> find(String sha256) {
        if (loader == null) {
            return Optional.empty();
        }
        Optional<Function<Instance, Machine>> known = found.get(sha256);
        if (known != null) {
            return known;
        }
        Optional<Function<Instance, Machine>> factory = lookUp(sha256);
        found.putIfAbsent(sha256, factory);
        return factory;
    }

    private Optional<Function<Instance, Machine>> lookUp(String sha256) {
        String className = announcedClass(sha256);
        if (className == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(factory(Class.forName(className, true, loader)));
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            // LinkageError: a class file the JVM refuses (ClassFormatError, VerifyError) or a missing one
            throw new PrecompiledMachineException("the precompiled machine " + className + " of module " + sha256
                    + " in " + origin + " cannot be loaded: " + e, e);
        }
    }

    /**
     * The module that Chicory's build-time compiler left in its module class (a {@link
     * CompiledModule}) announced for this SHA-256: the module as compiled, its compiled function
     * bodies gone, so it is parsed already and much smaller than the bytes. Empty if none is
     * announced, or the announced class is a bare machine, or it cannot be loaded (the caller then
     * parses the bytes, and {@link #find} reports a broken class when the machine is asked for).
     */
    Optional<WasmModule> buildTimeModule(String sha256) {
        if (loader == null) {
            return Optional.empty();
        }
        try {
            String className = announcedClass(sha256);
            if (className == null) {
                return Optional.empty();
            }
            Class<?> type = Class.forName(className, true, loader);
            if (!CompiledModule.class.isAssignableFrom(type)) {
                return Optional.empty();
            }
            return Optional.of(((CompiledModule) type.getConstructor().newInstance()).wasmModule());
        } catch (RuntimeException | ReflectiveOperationException | LinkageError e) {
            return Optional.empty();
        }
    }

    /** The class announced for this SHA-256, or null. */
    private String announcedClass(String sha256) {
        String className;
        if (announced != null) {
            className = announced.get(sha256);
        } else {
            try (InputStream in = loader.getResourceAsStream(ChicoryModule.PRECOMPILED_INDEX + sha256)) {
                if (in == null) {
                    return null;
                }
                className = new String(in.readNBytes(MAX_ANNOUNCEMENT_BYTES), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new PrecompiledMachineException(origin + " announces a precompiled machine for module " + sha256
                        + " that cannot be read: " + e.getMessage(), e);
            }
        }
        return className;
    }

    /** A machine factory from a machine class (constructor), a compiled module class (create) or a {@link CompiledModule}. */
    private static Function<Instance, Machine> factory(Class<?> type) throws ReflectiveOperationException {
        if (CompiledModule.class.isAssignableFrom(type)) {
            return ((CompiledModule) type.getConstructor().newInstance()).machineFactory();
        }
        if (Machine.class.isAssignableFrom(type)) {
            Constructor<?> constructor = type.getConstructor(Instance.class);
            return instance -> (Machine) invoke(type, () -> constructor.newInstance(instance));
        }
        Method create = type.getMethod("create", Instance.class);
        if (!Modifier.isStatic(create.getModifiers()) || !Machine.class.isAssignableFrom(create.getReturnType())) {
            throw new NoSuchMethodException(type.getName() + " is neither a Machine nor has a static Machine"
                    + " create(Instance)");
        }
        return instance -> (Machine) invoke(type, () -> create.invoke(null, instance));
    }

    private interface Reflective {
        Object call() throws ReflectiveOperationException;
    }

    private static Object invoke(Class<?> type, Reflective call) {
        try {
            return call.call();
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r; // e.g. a trap while the machine sets itself up: the guest's, not the jar's
            }
            throw new PrecompiledMachineException("the precompiled machine " + type.getName() + " failed: "
                    + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new PrecompiledMachineException("the precompiled machine " + type.getName() + " failed: " + e, e);
        }
    }

    /** Reads and forgets: a shared sink for checking entries. */
    private static final class OutputDiscard extends java.io.OutputStream {
        static final OutputDiscard INSTANCE = new OutputDiscard();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
