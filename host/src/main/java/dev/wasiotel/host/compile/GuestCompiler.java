package dev.wasiotel.host.compile;

import com.dylibso.chicory.build.time.compiler.Config;
import com.dylibso.chicory.build.time.compiler.Generator;
import com.dylibso.chicory.compiler.InterpreterFallback;
import dev.wasiotel.host.component.CoreModuleExtractor;
import dev.wasiotel.host.component.binary.ComponentFormatException;
import dev.wasiotel.host.run.GuestKind;
import dev.wasiotel.host.run.GuestLoadException;
import dev.wasiotel.wit.runtime.chicory.ChicoryHost;
import dev.wasiotel.wit.runtime.chicory.ChicoryModule;
import dev.wasiotel.wit.runtime.split.FunctionSplitter;
import dev.wasiotel.wit.runtime.split.SplitOptions;
import dev.wasiotel.wit.runtime.split.SplitResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Compiles a guest's core modules to JVM bytecode ahead of time with Chicory's build-time compiler
 * (the library behind {@code chicory-compiler-maven-plugin}), and announces each machine under
 * {@value ChicoryModule#PRECOMPILED_INDEX}{@code <sha256 of the module>}, where {@link
 * dev.wasiotel.wit.runtime.chicory.PrecompiledMachines} finds it: what {@code wasi-otel compile}
 * and the Maven goal {@code compile-guest} of guest-maven-plugin do. Beside each machine goes the module stripped of the
 * code the machine runs ({@value ChicoryModule#STRIPPED_INDEX}{@code <sha256>.wasm}), which a run
 * parses instead of the whole module.
 *
 * <p>A function too large for the JVM's 64 KB method limit cannot become bytecode, and Chicory
 * would leave it to its interpreter (a componentize-js guest has seven, its JavaScript interpreter
 * loop among them). So each module is first split ({@link FunctionSplitter}: parts of oversized
 * functions outlined into new functions appended to the module, no existing index changed), and
 * the split module is what is compiled and stripped; its machine is still announced under the
 * SHA-256 of the original bytes, which is what a run computes. If the compiler still falls back
 * for a function, the module is split again with a smaller limit, a bounded number of times; what
 * is left to the interpreter after that is reported ({@link CompiledModule#interpretedFunctions}).
 */
public final class GuestCompiler {
    /** The package of the generated machines; each class is named by its module's SHA-256. */
    public static final String PACKAGE = "dev.wasiotel.precompiled";
    /** Entry times in the jar: fixed, so that the same guest gives the same jar. */
    private static final long ENTRY_TIME = 315532800000L + 86_400_000L; // 1980-01-02, inside the zip epoch

    private GuestCompiler() {
    }

    /**
     * How modules are split before they are compiled.
     *
     * @param enabled whether they are split at all
     * @param threshold the first limit: functions with larger bodies (bytes of Wasm code) are split
     * @param retries how many times a module is split again, each time with half the limit, while
     *     the compiler still leaves functions to the interpreter (each split that changes the
     *     module is a whole compile; one that does not is skipped)
     */
    public record Splitting(boolean enabled, int threshold, int retries) {
        /**
         * Split functions above 8 KiB of Wasm code; retry twice. Below what the compiler needs
         * (about 60 KB): smaller pieces also let the JVM's JIT compile the hot ones (it leaves
         * methods above 8,000 bytes of bytecode to its interpreter). JS guest, one run: limit 32 KiB
         * 4.6 s of CPU, 16 KiB 4.7 s, 8 KiB 3.7 s, 5,000 bytes 3.7 s (C1 only, see bin/wasi-otel).
         */
        public static final Splitting DEFAULT = new Splitting(true, 8192, 2);
        /** Compile every module as it is. */
        public static final Splitting OFF = new Splitting(false, SplitOptions.DEFAULT_THRESHOLD, 0);

        /** Checks the limits. */
        public Splitting {
            if (threshold < 1 || retries < 0 || retries > 8) {
                throw new IllegalArgumentException("need threshold >= 1 and retries in 0..8, got " + threshold + ", "
                        + retries);
            }
        }
    }

    /**
     * One compiled core module.
     *
     * @param index its position among the guest's core modules (binary order, nested components'
     *     included)
     * @param sha256 the SHA-256 of its bytes, lower-case hex
     * @param bytes its size
     * @param machineClass the generated machine class, announced for it
     * @param functions how many functions it defines
     * @param functionsSplit how many of them were split before compiling
     * @param functionsOutlined how many functions the splitting appended (the compiled module has
     *     {@code functions + functionsOutlined})
     * @param interpretedFunctions the indexes (in the compiled module) of the functions the compiler
     *     left to the interpreter (too large for a JVM method even after splitting)
     * @param notes what the splitting could not do (functions left oversized and why; a split
     *     module the compiler refused), empty if nothing
     */
    public record CompiledModule(int index, String sha256, int bytes, String machineClass, int functions,
            int functionsSplit, int functionsOutlined, Set<Integer> interpretedFunctions, List<String> notes) {
        /** Copies the collections. */
        public CompiledModule {
            interpretedFunctions = java.util.Collections.unmodifiableSet(new TreeSet<>(interpretedFunctions));
            notes = List.copyOf(notes);
        }
    }

    /**
     * The core modules of a guest: every core module of a component (nested components' too), in
     * binary order, each once; a core module alone.
     *
     * @throws GuestLoadException if the bytes are neither a component nor a core module, or one of
     *     the modules is invalid
     */
    public static List<byte[]> coreModules(byte[] wasm) {
        List<byte[]> modules;
        if (GuestKind.of(wasm) == GuestKind.COMPONENT) {
            try {
                modules = CoreModuleExtractor.allCoreModules(wasm);
            } catch (ComponentFormatException e) {
                throw new GuestLoadException("malformed component: " + e.getMessage(), e);
            }
        } else {
            modules = List.of(wasm);
        }
        return modules;
    }

    /**
     * The SHA-256 of each core module of the guest (see {@link #coreModules}), lower-case hex: the
     * names its machines are announced under.
     *
     * @throws GuestLoadException if the bytes are neither a component nor a core module
     */
    public static List<String> coreModuleSha256s(byte[] wasm) {
        List<String> out = new ArrayList<>();
        for (byte[] module : coreModules(wasm)) {
            try {
                out.add(java.util.HexFormat.of().formatHex(
                        java.security.MessageDigest.getInstance("SHA-256").digest(module)));
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK has no SHA-256", e);
            }
        }
        return out;
    }

    /**
     * Whether {@code classes} already holds a machine for every core module of the guest: an
     * announcement naming a class whose file is there.
     *
     * @throws GuestLoadException if the bytes are neither a component nor a core module
     */
    public static boolean upToDate(byte[] wasm, Path classes) throws IOException {
        for (String sha : coreModuleSha256s(wasm)) {
            Path announcement = classes.resolve(ChicoryModule.PRECOMPILED_INDEX).resolve(sha);
            if (!Files.isRegularFile(announcement)) {
                return false;
            }
            String machine = Files.readString(announcement, StandardCharsets.UTF_8).strip();
            if (!Files.isRegularFile(classes.resolve(machine.replace('.', '/') + ".class"))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Compiles every core module of {@code wasm}, split as {@link Splitting#DEFAULT} says, into
     * {@code classes}: class files and announcements, as a class path directory (e.g. a build's
     * {@code target/classes}).
     *
     * @param done told about each module once it is compiled
     * @return the modules compiled, in order (a module that occurs twice, once)
     * @throws GuestLoadException if the guest or one of its modules is invalid
     * @throws IOException if {@code classes} cannot be written
     */
    public static List<CompiledModule> compile(byte[] wasm, Path classes, Consumer<CompiledModule> done)
            throws IOException {
        return compile(wasm, classes, Splitting.DEFAULT, done);
    }

    /**
     * Compiles every core module of {@code wasm}, split as {@code splitting} says, into {@code
     * classes} (see {@link #compile(byte[], Path, Consumer)}).
     *
     * @param done told about each module once it is compiled
     * @return the modules compiled, in order (a module that occurs twice, once)
     * @throws GuestLoadException if the guest or one of its modules is invalid
     * @throws IOException if {@code classes} cannot be written
     */
    public static List<CompiledModule> compile(byte[] wasm, Path classes, Splitting splitting,
            Consumer<CompiledModule> done) throws IOException {
        Objects.requireNonNull(splitting, "splitting");
        Objects.requireNonNull(classes, "classes");
        List<byte[]> modules = coreModules(wasm);
        Set<String> seen = new LinkedHashSet<>();
        List<CompiledModule> out = new ArrayList<>();
        Path scratch = Files.createTempDirectory("wasi-otel-compile");
        try {
            for (int i = 0; i < modules.size(); i++) {
                byte[] module = modules.get(i);
                ChicoryModule parsed;
                try {
                    parsed = ChicoryHost.parse(module); // our checks first: bounded sizes, a clear message
                } catch (IllegalArgumentException e) {
                    throw new GuestLoadException("core module #" + i + ": " + e.getMessage(), e);
                }
                int functions = parsed.definedFunctionCount();
                String sha = parsed.sha256();
                parsed = null; // the compiler parses again; let this one go
                if (!seen.add(sha)) {
                    continue;
                }
                CompiledModule compiled = compileSplit(i, module, sha, functions, splitting, classes, scratch);
                out.add(compiled);
                done.accept(compiled);
            }
        } finally {
            deleteTree(scratch);
        }
        return out;
    }

    /**
     * Compiles every core module of {@code wasm}, split as {@link Splitting#DEFAULT} says, into the
     * jar {@code jar} (replaced whole, or left as it was on failure), with a manifest naming the
     * modules.
     *
     * @param done told about each module once it is compiled
     * @return the modules compiled, in order
     * @throws GuestLoadException if the guest or one of its modules is invalid
     * @throws IOException if the jar cannot be written
     */
    public static List<CompiledModule> compileToJar(byte[] wasm, Path jar, Consumer<CompiledModule> done)
            throws IOException {
        return compileToJar(wasm, jar, Splitting.DEFAULT, done);
    }

    /**
     * Compiles every core module of {@code wasm}, split as {@code splitting} says, into the jar
     * {@code jar} (see {@link #compileToJar(byte[], Path, Consumer)}).
     *
     * @param done told about each module once it is compiled
     * @return the modules compiled, in order
     * @throws GuestLoadException if the guest or one of its modules is invalid
     * @throws IOException if the jar cannot be written
     */
    public static List<CompiledModule> compileToJar(byte[] wasm, Path jar, Splitting splitting,
            Consumer<CompiledModule> done) throws IOException {
        Objects.requireNonNull(splitting, "splitting");
        coreModules(wasm); // a bad guest is refused before anything is written
        Path parent = jar.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        // made first: an output that cannot be written is found before minutes of compiling
        Path partial = Files.createTempFile(parent, ".wasi-otel-compile", ".jar.part");
        Path classes = null;
        try {
            classes = Files.createTempDirectory("wasi-otel-classes");
            List<CompiledModule> modules = compile(wasm, classes, splitting, done);
            writeJar(classes, modules, partial);
            Files.move(partial, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return modules;
        } finally {
            Files.deleteIfExists(partial);
            if (classes != null) {
                deleteTree(classes);
            }
        }
    }

    /**
     * Splits and compiles one module, splitting again with half the limit while the compiler leaves
     * functions to the interpreter and the last halving left fewer (at most {@code
     * splitting.retries()} times); the best attempt's classes and stripped module are moved into
     * {@code classes}.
     */
    private static CompiledModule compileSplit(int index, byte[] module, String sha, int functions,
            Splitting splitting, Path classes, Path scratch) throws IOException {
        List<String> notes = new ArrayList<>();
        int threshold = splitting.threshold();
        Attempt kept = null;
        for (int attempt = 0; attempt <= (splitting.enabled() ? splitting.retries() : 0); attempt++) {
            SplitResult split = splitting.enabled() ? split(module, threshold, notes) : null;
            if (split == null && kept != null) {
                break; // the splitter failed on a retry: keep what the last attempt made
            }
            byte[] compiled = split != null ? split.module() : module;
            if (kept != null && Arrays.equals(compiled, kept.module())) {
                threshold = Math.max(1, threshold / 2); // nothing was above this limit: the same module again
                continue;
            }
            Path out = scratch.resolve("classes-" + attempt);
            Set<Integer> interpreted;
            try {
                interpreted = generate(compiled, sha, out, scratch);
            } catch (RuntimeException e) {
                if (split == null || compiled == module) {
                    throw e;
                }
                // a split module Chicory refuses is the splitter's fault, not the guest's: keep the
                // last attempt, or compile the module unsplit
                deleteTree(out);
                notes.add("the module split at " + threshold + " bytes was refused by the compiler (" + e + ")"
                        + (kept != null ? "" : "; compiled unsplit"));
                if (kept != null) {
                    break;
                }
                out = scratch.resolve("classes-unsplit");
                interpreted = generate(module, sha, out, scratch);
                split = null;
            }
            Attempt made = new Attempt(out, split == null ? module : compiled, split, interpreted, threshold);
            boolean better = kept == null || interpreted.size() < kept.interpreted().size();
            if (kept != null) {
                notes.add("split at " + kept.threshold() + " bytes: " + kept.interpreted().size() + " function(s) left"
                        + " to the interpreter; at " + threshold + ": " + interpreted.size());
                deleteTree(better ? kept.classes() : out);
            }
            if (!better) {
                break; // the smaller limit did not help: keep the larger pieces (fewer calls between them)
            }
            kept = made;
            if (interpreted.isEmpty() || split == null) {
                break; // nothing left to the interpreter, or not splitting
            }
            threshold = Math.max(1, threshold / 2);
        }
        if (kept.split() != null) {
            for (SplitResult.OversizedFunction f : kept.split().leftOversized()) {
                notes.add("function " + f.functionIndex() + " still " + f.size() + " bytes: " + f.reason());
            }
        }
        moveTree(kept.classes(), classes);
        String machine = PACKAGE + ".M" + sha + "Machine";
        Path announcement = classes.resolve(ChicoryModule.PRECOMPILED_INDEX).resolve(sha);
        Files.createDirectories(announcement.getParent());
        Files.writeString(announcement, machine + "\n", StandardCharsets.UTF_8);
        SplitResult split = kept.split();
        return new CompiledModule(index, sha, module.length, machine, functions,
                split == null ? 0 : split.split().size(), split == null ? 0 : split.functionsAdded(),
                kept.interpreted(), notes);
    }

    /**
     * One compile of a module: where its classes went, the bytes compiled, how they were split
     * (null: not) at what limit, what was left to the interpreter.
     */
    private record Attempt(Path classes, byte[] module, SplitResult split, Set<Integer> interpreted, int threshold) {
    }

    /** The module split at {@code threshold}, or null (noted) if the splitter cannot read it. */
    private static SplitResult split(byte[] module, int threshold, List<String> notes) {
        try {
            return FunctionSplitter.split(module, SplitOptions.withThreshold(threshold));
        } catch (RuntimeException e) {
            // the module is valid (Chicory parsed it): the splitter not knowing something is no reason to fail
            notes.add("not split (" + e.getMessage() + ")");
            return null;
        }
    }

    /**
     * Compiles {@code module} with Chicory's build-time compiler into the class folder {@code out},
     * its machine named after {@code sha}, with the stripped module beside it; the functions left
     * to the interpreter.
     */
    private static Set<Integer> generate(byte[] module, String sha, Path out, Path scratch) throws IOException {
        Path wasmFile = scratch.resolve(sha + ".wasm");
        Files.write(wasmFile, module);
        String name = PACKAGE + ".M" + sha;
        Path metaFolder = scratch.resolve("meta-" + sha);
        Config config = Config.builder().withWasmFile(wasmFile).withName(name).withTargetClassFolder(out)
                .withTargetWasmFolder(metaFolder)
                // we report the functions left to the interpreter ourselves, on the command's terms
                .withInterpreterFallback(InterpreterFallback.SILENT).build();
        try {
            Generator generator = new Generator(config);
            Set<Integer> interpreted = generator.generateResources();
            // the module without the code the machine runs: what a run parses instead of the whole
            generator.generateMetaWasm(interpreted);
            Path stripped = out.resolve(ChicoryModule.STRIPPED_INDEX).resolve(sha + ".wasm");
            Files.createDirectories(stripped.getParent());
            Files.move(metaFolder.resolve(config.getPackageName().replace('.', '/')).resolve(config.getBaseName()
                    + ".meta"), stripped, StandardCopyOption.REPLACE_EXISTING);
            return interpreted;
        } finally {
            Files.deleteIfExists(wasmFile);
            deleteTree(metaFolder);
        }
    }

    /** Moves every file under {@code from} to the same place under {@code to}, replacing what is there. */
    private static void moveTree(Path from, Path to) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(from)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            Path target = to.resolve(from.relativize(file).toString());
            Files.createDirectories(target.getParent());
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
        deleteTree(from);
    }

    /** Writes the files under {@code classes} as a jar, in name order with fixed times. */
    private static void writeJar(Path classes, List<CompiledModule> modules, Path jar) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Created-By", "wasi-otel compile");
        main.putValue("Wasi-Otel-Precompiled-Modules", String.join(" ",
                modules.stream().map(CompiledModule::sha256).toList()));
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(Files::isRegularFile).sorted(Comparator.comparing(p -> entryName(classes, p)))
                    .toList();
        }
        try (OutputStream raw = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(raw)) {
            JarEntry manifestEntry = new JarEntry("META-INF/MANIFEST.MF");
            manifestEntry.setTime(ENTRY_TIME);
            out.putNextEntry(manifestEntry);
            manifest.write(out);
            out.closeEntry();
            for (Path file : files) {
                JarEntry entry = new JarEntry(entryName(classes, file));
                entry.setTime(ENTRY_TIME);
                out.putNextEntry(entry);
                Files.copy(file, out);
                out.closeEntry();
            }
        }
    }

    private static String entryName(Path root, Path file) {
        return root.relativize(file).toString().replace(java.io.File.separatorChar, '/');
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
