package dev.wasiotel.wit.runtime.chicory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.runtime.CompiledModule;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import dev.wasiotel.wit.runtime.GuestInstance;
import dev.wasiotel.wit.runtime.engine.CoreExportDesc;
import dev.wasiotel.wit.runtime.engine.CoreExternKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A module announced on the class path as compiled at build time is not parsed from its bytes:
 * linking and the machine use the module the build-time class carries — a stripped module, whose
 * compiled bodies only its machine has, so it runs there whatever the execution mode. To tell the
 * module from the bytes, the stand-in
 * build-time class here carries a module whose {@code answer} returns 42 where the bytes return 7
 * (a real build-time module differs from its bytes only in the bodies it compiled).
 */
class BuildTimeModuleTest {
    private static final String BYTES = "(module (memory (export \"memory\") 1)"
            + " (func (export \"answer\") (result i32) (i32.const 7)))";
    private static final String BUILD_TIME = "(module (memory (export \"memory\") 1)"
            + " (func (export \"answer\") (result i32) (i32.const 42)))";

    private Path announcement;

    /** The stand-in for a class Chicory's build-time compiler generated. */
    public static final class StandIn implements CompiledModule {
        private static final WasmModule MODULE = Parser.parse(Wat.wasm(BUILD_TIME));

        @Override
        public WasmModule wasmModule() {
            return MODULE;
        }

        @Override
        public Function<Instance, Machine> machineFactory() {
            return InterpreterMachine::new;
        }
    }

    @BeforeEach
    void announce() throws Exception {
        announcement = classes().resolve(ChicoryModule.PRECOMPILED_INDEX + ChicoryModule.sha256(Wat.wasm(BYTES)));
        Files.createDirectories(announcement.getParent());
        Files.writeString(announcement, StandIn.class.getName() + "\n", StandardCharsets.UTF_8);
    }

    /** The test classes directory: on the class path, so what is written there is found. */
    private static Path classes() throws Exception {
        return Path.of(BuildTimeModuleTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @AfterEach
    void withdraw() throws Exception {
        Files.deleteIfExists(announcement);
    }

    @Test
    void theBuildTimeModuleRunsOnItsMachineInEveryMode() {
        ChicoryModule module = ChicoryHost.parse(Wat.wasm(BYTES));
        assertEquals(List.of(new CoreExportDesc("memory", CoreExternKind.MEMORY),
                new CoreExportDesc("answer", CoreExternKind.FUNC)), module.exports(), "linking sees the module");

        GuestInstance compiled = ChicoryHost.builder().executionMode(ExecutionMode.COMPILER).build()
                .instantiate(module);
        assertArrayEquals(new long[] {42}, compiled.call("answer"), "the build-time module and machine");
        assertTrue(module.isPrecompiled());

        assertTrue(module.isStripped());
        GuestInstance interpreted = ChicoryHost.builder().build().instantiate(module);
        assertArrayEquals(new long[] {42}, interpreted.call("answer"), "a stripped module runs on its machine");
    }

    /** The stand-in for the machine class {@code compile-guest} generates (a constructor taking the instance). */
    public static final class StandInMachine extends InterpreterMachine {
        public StandInMachine(Instance instance) {
            super(instance);
        }
    }

    @Test
    void aStrippedCopyOnTheClassPathIsParsedInsteadOfTheBytes() throws Exception {
        // what compile-guest leaves in target/classes: a machine and the module it was compiled
        // from (which may differ from the bytes: split functions, outlined ones appended)
        String bytes = "(module (func (export \"answer\") (result i32) (i32.const 8)))";
        String stripped = "(module (func (export \"answer\") (result i32) (i32.const 43))"
                + " (func (export \"outlined\") (result i32) (i32.const 1)))";
        String sha = ChicoryModule.sha256(Wat.wasm(bytes));
        Path classes = classes();
        Path machine = classes.resolve(ChicoryModule.PRECOMPILED_INDEX + sha);
        Path copy = classes.resolve(ChicoryModule.STRIPPED_INDEX + sha + ".wasm");
        Files.writeString(machine, StandInMachine.class.getName() + "\n", StandardCharsets.UTF_8);
        Files.createDirectories(copy.getParent());
        Files.write(copy, Wat.wasm(stripped));
        try {
            ChicoryModule module = ChicoryHost.parse(Wat.wasm(bytes));
            assertTrue(module.isStripped(), "parsed from the class path's stripped copy");
            assertEquals(sha, module.sha256(), "still named by the bytes");
            assertEquals(2, module.definedFunctionCount(), "the stripped copy's functions");
            GuestInstance interpreted = ChicoryHost.builder().build().instantiate(module);
            assertArrayEquals(new long[] {43}, interpreted.call("answer"), "runs the copy on its machine");
            assertTrue(module.isPrecompiled());
        } finally {
            Files.deleteIfExists(machine);
            Files.deleteIfExists(copy);
        }
    }

    @Test
    void modulesWithoutAnAnnouncementAreParsedAsBefore() {
        ChicoryModule module = ChicoryHost.parse(Wat.wasm(BUILD_TIME));
        GuestInstance interpreted = ChicoryHost.builder().build().instantiate(module);
        assertArrayEquals(new long[] {42}, interpreted.call("answer"));
        assertFalse(module.isPrecompiled());
    }
}
