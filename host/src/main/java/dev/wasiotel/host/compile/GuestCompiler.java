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
 * <p>A function too large for the JVM's 64 KB method limit cannot become bytecode; it is left to
 * Chicory's interpreter, called from the compiled code (each {@link CompiledModule} lists them).
 */
public final class GuestCompiler {
    /** The package of the generated machines; each class is named by its module's SHA-256. */
    public static final String PACKAGE = "dev.wasiotel.precompiled";
    /** Entry times in the jar: fixed, so that the same guest gives the same jar. */
    private static final long ENTRY_TIME = 315532800000L + 86_400_000L; // 1980-01-02, inside the zip epoch

    private GuestCompiler() {
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
     * @param interpretedFunctions the indexes of the functions left to the interpreter (too large
     *     for a JVM method)
     */
    public record CompiledModule(int index, String sha256, int bytes, String machineClass, int functions,
            Set<Integer> interpretedFunctions) {
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
     * Compiles every core module of {@code wasm} into {@code classes}: class files and
     * announcements, as a class path directory (e.g. a build's {@code target/classes}).
     *
     * @param done told about each module once it is compiled
     * @return the modules compiled, in order (a module that occurs twice, once)
     * @throws GuestLoadException if the guest or one of its modules is invalid
     * @throws IOException if {@code classes} cannot be written
     */
    public static List<CompiledModule> compile(byte[] wasm, Path classes, Consumer<CompiledModule> done)
            throws IOException {
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
                CompiledModule compiled = compileOne(i, module, sha, functions, classes, scratch);
                out.add(compiled);
                done.accept(compiled);
            }
        } finally {
            deleteTree(scratch);
        }
        return out;
    }

    /**
     * Compiles every core module of {@code wasm} into the jar {@code jar} (replaced whole, or left
     * as it was on failure), with a manifest naming the modules.
     *
     * @param done told about each module once it is compiled
     * @return the modules compiled, in order
     * @throws GuestLoadException if the guest or one of its modules is invalid
     * @throws IOException if the jar cannot be written
     */
    public static List<CompiledModule> compileToJar(byte[] wasm, Path jar, Consumer<CompiledModule> done)
            throws IOException {
        coreModules(wasm); // a bad guest is refused before anything is written
        Path parent = jar.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        // made first: an output that cannot be written is found before minutes of compiling
        Path partial = Files.createTempFile(parent, ".wasi-otel-compile", ".jar.part");
        Path classes = null;
        try {
            classes = Files.createTempDirectory("wasi-otel-classes");
            List<CompiledModule> modules = compile(wasm, classes, done);
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

    private static CompiledModule compileOne(int index, byte[] module, String sha, int functions, Path classes,
            Path scratch) throws IOException {
        Path wasmFile = scratch.resolve(sha + ".wasm");
        Files.write(wasmFile, module);
        String name = PACKAGE + ".M" + sha;
        Path metaFolder = scratch.resolve("meta-" + sha);
        Config config = Config.builder().withWasmFile(wasmFile).withName(name).withTargetClassFolder(classes)
                .withTargetWasmFolder(metaFolder)
                // we report the functions left to the interpreter ourselves, on the command's terms
                .withInterpreterFallback(InterpreterFallback.SILENT).build();
        Set<Integer> interpreted;
        try {
            Generator generator = new Generator(config);
            interpreted = generator.generateResources();
            // the module without the code the machine runs: what a run parses instead of the whole
            generator.generateMetaWasm(interpreted);
            Path stripped = classes.resolve(ChicoryModule.STRIPPED_INDEX).resolve(sha + ".wasm");
            Files.createDirectories(stripped.getParent());
            Files.move(metaFolder.resolve(config.getPackageName().replace('.', '/')).resolve(config.getBaseName()
                    + ".meta"), stripped, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(wasmFile);
        }
        String machine = name + "Machine";
        Path announcement = classes.resolve(ChicoryModule.PRECOMPILED_INDEX).resolve(sha);
        Files.createDirectories(announcement.getParent());
        Files.writeString(announcement, machine + "\n", StandardCharsets.UTF_8);
        return new CompiledModule(index, sha, module.length, machine, functions,
                java.util.Collections.unmodifiableSet(new TreeSet<>(interpreted)));
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
