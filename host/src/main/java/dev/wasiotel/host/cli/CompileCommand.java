package dev.wasiotel.host.cli;

import dev.wasiotel.host.WasiOtelCli;
import dev.wasiotel.host.compile.GuestCompiler;
import dev.wasiotel.host.console.ConsoleText;
import dev.wasiotel.host.run.GuestLoadException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code wasi-otel compile GUEST.wasm -o GUEST.jar}: compiles a guest's core modules to JVM bytecode
 * ahead of time, for {@code wasi-otel run --precompiled GUEST.jar GUEST.wasm}.
 */
@Command(name = "compile", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "Compile a guest's code to JVM bytecode ahead of time, into a jar for `run --precompiled`.",
            "",
            "Every core module of the component (or the core module) is compiled with Chicory's build-time"
                    + " compiler and announced in the jar by the SHA-256 of its bytes; `wasi-otel run --precompiled"
                    + " JAR GUEST.wasm` then runs each module on its machine, neither interpreting nor compiling it"
                    + " at run time. Functions too large for the JVM's 64 KB method limit are split first (parts"
                    + " outlined into new functions), so that they compile too; what the compiler still leaves to"
                    + " the interpreter is printed. Large guests take a while and several GB of heap"
                    + " (a componentize-js guest: about a minute of CPU and 4.5 GB; JAVA_OPTS=-Xmx8g if the default heap is too"
                    + " small).",
            "",
            "Exit codes: 0 compiled; 2 bad command line; 65 not a valid module or component; 66 the guest"
                    + " cannot be read; 70 the compiler failed (e.g. out of memory); 73 the jar cannot be"
                    + " written."})
public final class CompileCommand implements Callable<Integer> {
    /** The compiler failed (EX_SOFTWARE). */
    public static final int EXIT_COMPILER = 70;
    /** The output cannot be written (EX_CANTCREAT). */
    public static final int EXIT_CANT_CREATE = 73;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "GUEST", description = "A .wasm core module or component.")
    private Path guest;

    @Option(names = {"-o", "--output"}, paramLabel = "JAR", description = "The jar to write (replaced whole; "
            + "default: GUEST with .jar for .wasm, beside it).")
    private Path output;

    @Option(names = {"-v", "--verbose"}, description = "Also list the functions left to the interpreter and "
            + "what splitting could not do, and print the Java stack trace of a failure.")
    private boolean verbose;

    @Option(names = "--split-threshold", paramLabel = "BYTES", description = "Split functions whose Wasm code is "
            + "larger than this (default: ${DEFAULT-VALUE}); if the compiler still leaves some to the interpreter, "
            + "the module is split again with half the limit, at most twice.")
    private int splitThreshold = GuestCompiler.Splitting.DEFAULT.threshold();

    @Option(names = "--no-split", description = "Do not split functions too large for a JVM method: Chicory's "
            + "interpreter runs them, called from the compiled code (slower; for comparison).")
    private boolean noSplit;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (splitThreshold < 1) {
            throw new ParameterException(spec.commandLine(), "--split-threshold must be at least 1 byte, got "
                    + splitThreshold);
        }
        byte[] wasm;
        try {
            wasm = Files.readAllBytes(guest);
        } catch (NoSuchFileException e) {
            return fail(err, RunCommand.EXIT_NO_INPUT, "cannot read " + guest + ": no such file", null);
        } catch (IOException e) {
            return fail(err, RunCommand.EXIT_NO_INPUT, "cannot read " + guest + ": " + e.getMessage(), null);
        }
        Path jar = output != null ? output : defaultOutput(guest);
        long start = System.nanoTime();
        long[] lap = {start};
        try {
            var modules = GuestCompiler.compileToJar(wasm, jar,
                    noSplit ? GuestCompiler.Splitting.OFF : new GuestCompiler.Splitting(true, splitThreshold,
                            GuestCompiler.Splitting.DEFAULT.retries()), m -> {
                long now = System.nanoTime();
                out.printf(Locale.ROOT, "core module #%d (%s, %d functions, sha256 %s): compiled in %.1f s; %s%s%n",
                        m.index(), bytes(m.bytes()), m.functions(), m.sha256().substring(0, 12),
                        (now - lap[0]) / 1e9, m.functionsSplit() == 0 ? ""
                                : m.functionsSplit() + " function(s) split into " + m.functionsOutlined()
                                        + " outlined ones; ",
                        m.interpretedFunctions().isEmpty() ? "no function left to the interpreter"
                                : m.interpretedFunctions().size() + " function(s) too large for a JVM method left to the"
                                        + " interpreter" + (verbose ? ": " + m.interpretedFunctions().stream()
                                                .map(String::valueOf).collect(Collectors.joining(", ")) : ""));
                if (verbose) {
                    m.notes().forEach(note -> out.println("  " + ConsoleText.escape(Text.oneLine(note))));
                }
                out.flush();
                lap[0] = now;
            });
            long size = Files.size(jar);
            out.printf(Locale.ROOT, "wrote %s (%s, %d core module(s)) in %.1f s; run it with: wasi-otel run"
                    + " --precompiled %s %s%n", jar, bytes(size), modules.size(), (System.nanoTime() - start) / 1e9,
                    jar, guest);
            out.flush();
            return WasiOtelCli.EXIT_OK;
        } catch (GuestLoadException e) {
            return fail(err, RunCommand.EXIT_MALFORMED, guest + ": " + e.getMessage(), e);
        } catch (IOException e) {
            return fail(err, EXIT_CANT_CREATE, "cannot write " + jar + ": " + e, e);
        } catch (OutOfMemoryError e) {
            return fail(err, EXIT_COMPILER, "out of memory compiling " + guest + " (" + e.getMessage()
                    + "); give the JVM more heap, e.g. JAVA_OPTS=-Xmx8g", e);
        } catch (RuntimeException e) {
            // Chicory's compiler refusing a module our parser accepted
            return fail(err, EXIT_COMPILER, "cannot compile " + guest + ": " + e, e);
        }
    }

    static Path defaultOutput(Path guest) {
        String name = guest.getFileName().toString();
        String base = name.endsWith(".wasm") ? name.substring(0, name.length() - ".wasm".length()) : name;
        return guest.resolveSibling(base + ".jar");
    }

    private static String bytes(long n) {
        return n >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MiB", n / 1048576.0)
                : n >= 1 << 10 ? String.format(Locale.ROOT, "%.1f KiB", n / 1024.0) : n + " bytes";
    }

    private int fail(PrintWriter err, int code, String message, Throwable e) {
        if (verbose && e != null) {
            e.printStackTrace(err);
        }
        err.println("wasi-otel: " + ConsoleText.escape(Text.oneLine(message)));
        err.flush();
        return code;
    }
}
