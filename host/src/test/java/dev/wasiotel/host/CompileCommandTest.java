package dev.wasiotel.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wabt.Wat2Wasm;
import dev.wasiotel.host.cli.CompileCommand;
import dev.wasiotel.host.cli.RunCommand;
import dev.wasiotel.host.compile.GuestCompiler;
import dev.wasiotel.host.run.GuestRunner;
import dev.wasiotel.host.wasi.Wasi;
import dev.wasiotel.host.wasi.WasiConfig;
import dev.wasiotel.wit.runtime.chicory.ChicoryModule;
import dev.wasiotel.wit.runtime.chicory.ExecutionMode;
import dev.wasiotel.wit.runtime.chicory.PrecompiledMachineException;
import dev.wasiotel.wit.runtime.chicory.PrecompiledMachines;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wasi-otel compile} and {@code run --precompiled}: a real component (the preview1 command
 * fixture, four core modules) compiled by Chicory's build-time compiler into a jar, whose machines
 * the run then uses; and every bad input a clean exit code.
 */
class CompileCommandTest {
    private static final Path COMMAND = Path.of("../component/src/test/resources/components/command.wasm");
    private static final Path OTEL = Path.of("../component/src/test/resources/components/otel.wasm");

    @TempDir
    static Path shared;
    @TempDir
    Path dir;

    /** The command fixture compiled once for the whole class (compiling takes seconds). */
    private static Path commandJar;
    private static CliRun compiled;

    @BeforeAll
    static void compileTheCommandFixture() {
        commandJar = shared.resolve("command.jar");
        compiled = CliRun.of("compile", COMMAND.toString(), "-o", commandJar.toString());
    }

    @Test
    void compileWritesAJarAnnouncingEveryCoreModuleBySha256() throws IOException {
        assertEquals(0, compiled.exitCode, compiled.toString());
        assertEquals(5, compiled.outLines().length, compiled.toString()); // 4 modules and the summary
        assertTrue(compiled.out.contains("4 core module(s)"), compiled.toString());
        PrecompiledMachines machines = PrecompiledMachines.openJar(commandJar);
        assertEquals(GuestRunner.load(Files.readAllBytes(COMMAND)).coreModuleSha256s().stream().sorted().toList(),
                List.copyOf(machines.modules()), "one machine per core module, named by its SHA-256");
    }

    @Test
    void runPrecompiledRunsEveryCoreModuleOnTheJarsMachines() {
        CliRun run = CliRun.of("run", "--verbose", "--precompiled", commandJar.toString(), COMMAND.toString());
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.err.contains("wasi-otel: 4 of 4 core modules ran on machines from " + commandJar), run.toString());

        CliRun plain = CliRun.of("run", "--verbose", COMMAND.toString());
        assertEquals(0, plain.exitCode, plain.toString());
        assertFalse(plain.err.contains("core modules ran on machines"), plain.toString());
    }

    @Test
    void theLibraryCountsTheModulesThatRanOnTheJarsMachinesAndTheGuestBehavesTheSame() throws IOException {
        byte[] wasm = Files.readAllBytes(COMMAND);
        PrecompiledMachines machines = PrecompiledMachines.openJar(commandJar);
        for (boolean precompiled : new boolean[] {false, true}) {
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            try (Wasi wasi = Wasi.of(WasiConfig.builder().stdout(stdout).build())) {
                GuestRunner runner = new GuestRunner(wasi::functions, ExecutionMode.INTERPRETER,
                        dev.wasiotel.wit.runtime.GuestLimits.defaults(),
                        precompiled ? machines : PrecompiledMachines.none());
                GuestRunner.Loaded guest = GuestRunner.load(wasm);
                GuestRunner.Outcome outcome = runner.run(guest, Optional.empty(), List.of());
                assertFalse(outcome.failed());
                assertEquals(precompiled ? 4 : 0, guest.precompiledCoreModules(), "precompiled: " + precompiled);
                assertEquals("hello from a preview1 command\n", stdout.toString(StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void aModuleParsedFromItsStrippedCopyRunsOnItsMachineWhateverTheHostIsGiven() throws IOException {
        byte[] wasm = Files.readAllBytes(COMMAND);
        PrecompiledMachines machines = PrecompiledMachines.openJar(commandJar);
        List<String> entries = new java.util.ArrayList<>();
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(commandJar.toFile())) {
            jar.stream().forEach(e -> entries.add(e.getName()));
        }
        for (String sha : machines.modules()) {
            assertTrue(entries.contains(ChicoryModule.STRIPPED_INDEX + sha + ".wasm"), "stripped copy of " + sha);
        }
        ChicoryModule core = dev.wasiotel.wit.runtime.chicory.ChicoryHost.parse(
                GuestCompiler.coreModules(wasm).get(1), machines);
        assertTrue(core.isStripped(), "parsed from the jar's stripped copy");
        // loaded with the machines, run by a runner without them: the stripped functions would be
        // `unreachable` on any other machine, so the module still runs on its own
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        try (Wasi wasi = Wasi.of(WasiConfig.builder().stdout(stdout).build())) {
            GuestRunner runner = new GuestRunner(wasi::functions, ExecutionMode.INTERPRETER);
            GuestRunner.Loaded guest = GuestRunner.load(wasm, machines);
            assertFalse(runner.run(guest, Optional.empty(), List.of()).failed());
            assertEquals(4, guest.precompiledCoreModules());
            assertEquals("hello from a preview1 command\n", stdout.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aCoreModuleCompilesAndRunsOnItsMachine() throws IOException {
        Path wasm = dir.resolve("add.wasm");
        Files.write(wasm, Wat2Wasm.parse("(module (func (export \"add\") (param i64 i64) (result i64)"
                + " local.get 0 local.get 1 i64.add))"));
        Path jar = dir.resolve("add.jar");
        CliRun compile = CliRun.of("compile", wasm.toString(), "-o", jar.toString());
        assertEquals(0, compile.exitCode, compile.toString());
        CliRun run = CliRun.of("run", "-v", "--precompiled", jar.toString(), "--invoke", "add", wasm.toString(), "40",
                "2");
        assertEquals(0, run.exitCode, run.toString());
        assertEquals("42", run.out.strip(), run.toString());
        assertTrue(run.err.contains("1 of 1 core modules ran on machines from"), run.toString());
    }

    @Test
    void theSameGuestGivesTheSameJar() throws IOException {
        byte[] wasm = Files.readAllBytes(COMMAND);
        Path again = dir.resolve("again.jar");
        GuestCompiler.compileToJar(wasm, again, m -> { });
        assertArrayEquals(Files.readAllBytes(commandJar), Files.readAllBytes(again));
    }

    @Test
    void aJarOfAnotherGuestIsIgnoredWithAWarning() {
        CliRun run = CliRun.of("run", "-v", "--precompiled", commandJar.toString(), "--invoke",
                "test:otel-guest/api#run", OTEL.toString(), "x");
        assertTrue(run.err.contains("wasi-otel: warning: " + commandJar + " holds no machine for any of the 3 core"
                + " module(s) of " + OTEL), run.toString());
        assertTrue(run.err.contains("0 of 3 core modules ran on machines"), run.toString());
        assertEquals(0, run.exitCode, run.toString());
    }

    @Test
    void badGuestsForCompileGiveCleanExitCodes() throws IOException {
        Path text = dir.resolve("notes.wasm");
        Files.writeString(text, "not wasm at all");
        CliRun notWasm = CliRun.of("compile", text.toString(), "-o", dir.resolve("x.jar").toString());
        assertEquals(RunCommand.EXIT_MALFORMED, notWasm.exitCode, notWasm.toString());
        assertTrue(notWasm.err.contains("not a WebAssembly binary"), notWasm.toString());
        assertFalse(Files.exists(dir.resolve("x.jar")), "nothing written");

        byte[] component = Files.readAllBytes(COMMAND);
        Path truncated = dir.resolve("truncated.wasm");
        Files.write(truncated, Arrays.copyOf(component, component.length / 2));
        CliRun cut = CliRun.of("compile", truncated.toString(), "-o", dir.resolve("y.jar").toString());
        assertEquals(RunCommand.EXIT_MALFORMED, cut.exitCode, cut.toString());

        CliRun missing = CliRun.of("compile", dir.resolve("missing.wasm").toString());
        assertEquals(RunCommand.EXIT_NO_INPUT, missing.exitCode, missing.toString());

        Path blocker = dir.resolve("file");
        Files.writeString(blocker, "a file where a directory should be");
        CliRun unwritable = CliRun.of("compile", COMMAND.toString(), "-o", blocker.resolve("out.jar").toString());
        assertEquals(CompileCommand.EXIT_CANT_CREATE, unwritable.exitCode, unwritable.toString());
        assertEquals("", unwritable.out, "refused before compiling");
    }

    @Test
    void badJarsForRunGiveCleanExitCodes() throws IOException {
        byte[] jar = Files.readAllBytes(commandJar);
        Path truncated = dir.resolve("truncated.jar");
        Files.write(truncated, Arrays.copyOf(jar, jar.length / 2));
        assertRefused(truncated, RunCommand.EXIT_MALFORMED, "truncated");

        Path text = dir.resolve("text.jar");
        Files.writeString(text, "not a jar");
        assertRefused(text, RunCommand.EXIT_MALFORMED, "not a jar");

        assertRefused(dir.resolve("missing.jar"), RunCommand.EXIT_NO_INPUT, "no such file");

        Path empty = dir.resolve("empty.jar");
        rewrite(commandJar, empty, (name, bytes) -> name.startsWith(ChicoryModule.PRECOMPILED_INDEX) ? null : bytes);
        assertRefused(empty, RunCommand.EXIT_MALFORMED, "announces no precompiled machine");

        // a well-formed jar whose machine class the JVM refuses: found when the module is instantiated
        Path badClass = dir.resolve("bad-class.jar");
        rewrite(commandJar, badClass, (name, bytes) -> name.endsWith("Machine.class")
                ? "not a class file".getBytes(StandardCharsets.UTF_8) : bytes);
        CliRun run = assertRefused(badClass, RunCommand.EXIT_MALFORMED, "cannot be loaded");
        assertTrue(run.err.contains("ClassFormatError"), run.toString());
    }

    @Test
    void openJarRefusesWhatIsNotAJarOfMachines() throws IOException {
        Path text = dir.resolve("text.jar");
        Files.writeString(text, "PK not really");
        assertThrows(PrecompiledMachineException.class, () -> PrecompiledMachines.openJar(text));
        assertThrows(PrecompiledMachineException.class, () -> PrecompiledMachines.openJar(dir));
        Path lying = dir.resolve("lying.jar");
        rewrite(commandJar, lying, (name, bytes) -> name.endsWith("Machine.class") ? null : bytes);
        PrecompiledMachineException e = assertThrows(PrecompiledMachineException.class,
                () -> PrecompiledMachines.openJar(lying));
        assertTrue(e.getMessage().contains("does not contain"), e.getMessage());
    }

    private CliRun assertRefused(Path jar, int exitCode, String why) {
        CliRun run = CliRun.of("run", "--precompiled", jar.toString(), COMMAND.toString());
        assertEquals(exitCode, run.exitCode, run.toString());
        String last = run.err.strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("wasi-otel: ") && last.contains(why), run.toString());
        return run;
    }

    /** Each entry's new bytes, or null to leave it out. */
    private interface Edit {
        byte[] apply(String name, byte[] bytes);
    }

    private static void rewrite(Path from, Path to, Edit edit) throws IOException {
        try (InputStream in = Files.newInputStream(from); ZipInputStream zin = new ZipInputStream(in);
                OutputStream out = Files.newOutputStream(to); ZipOutputStream zout = new ZipOutputStream(out)) {
            for (ZipEntry e = zin.getNextEntry(); e != null; e = zin.getNextEntry()) {
                byte[] bytes = edit.apply(e.getName(), zin.readAllBytes());
                if (bytes != null) {
                    zout.putNextEntry(new ZipEntry(e.getName()));
                    zout.write(bytes);
                    zout.closeEntry();
                }
            }
        }
    }
}
