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
        // the test classes directory is on the class path, so an announcement written there is found
        Path classes = Path.of(BuildTimeModuleTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        announcement = classes.resolve(ChicoryModule.PRECOMPILED_INDEX + ChicoryModule.sha256(Wat.wasm(BYTES)));
        Files.createDirectories(announcement.getParent());
        Files.writeString(announcement, StandIn.class.getName() + "\n", StandardCharsets.UTF_8);
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

    @Test
    void modulesWithoutAnAnnouncementAreParsedAsBefore() {
        ChicoryModule module = ChicoryHost.parse(Wat.wasm(BUILD_TIME));
        GuestInstance interpreted = ChicoryHost.builder().build().instantiate(module);
        assertArrayEquals(new long[] {42}, interpreted.call("answer"));
        assertFalse(module.isPrecompiled());
    }
}
