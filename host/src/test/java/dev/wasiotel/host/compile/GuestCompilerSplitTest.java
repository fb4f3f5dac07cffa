package dev.wasiotel.host.compile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wabt.Wat2Wasm;
import dev.wasiotel.wit.runtime.GuestInstance;
import dev.wasiotel.wit.runtime.chicory.ChicoryHost;
import dev.wasiotel.wit.runtime.chicory.ChicoryModule;
import dev.wasiotel.wit.runtime.chicory.PrecompiledMachines;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A function too large for one JVM method: Chicory's build-time compiler alone leaves it to the
 * interpreter; {@link GuestCompiler} splits the module first, so it is compiled, and a run parses
 * the stripped split module (more functions than the bytes) and gets what the interpreter gets
 * from the original.
 */
class GuestCompilerSplitTest {
    /** Statements in the big function: about 110 KB of Wasm code, above Chicory's ~60 KB limit. */
    private static final int STATEMENTS = 14_000;

    @TempDir
    static Path dir;

    private static byte[] module;

    @BeforeAll
    static void bigFunction() {
        // x := x * k + j, with k and j varying, so that every statement counts towards the result
        StringBuilder wat = new StringBuilder("(module (memory (export \"memory\") 1)\n"
                + "  (func (export \"small\") (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))\n"
                + "  (func (export \"big\") (param i32) (result i32)\n");
        for (int i = 0; i < STATEMENTS; i++) {
            wat.append("    (local.set 0 (i32.add (i32.mul (local.get 0) (i32.const ").append(3 + i % 7)
                    .append(")) (i32.const ").append(i % 1000).append(")))\n");
        }
        wat.append("    (local.get 0)))\n");
        module = Wat2Wasm.parse(wat.toString());
    }

    @Test
    void unsplitTheCompilerLeavesTheBigFunctionToTheInterpreter() throws Exception {
        List<GuestCompiler.CompiledModule> compiled = GuestCompiler.compileToJar(module, dir.resolve("unsplit.jar"),
                GuestCompiler.Splitting.OFF, m -> { });
        assertEquals(1, compiled.size());
        GuestCompiler.CompiledModule m = compiled.get(0);
        assertEquals(java.util.Set.of(1), m.interpretedFunctions(), "the big function is too large: " + m);
        assertEquals(0, m.functionsSplit());
        assertEquals(0, m.functionsOutlined());
    }

    @Test
    void whileTheCompilerStillFallsBackTheModuleIsSplitAgainSmaller() throws Exception {
        // a first limit above the big function's size splits nothing: the compiler leaves it to the
        // interpreter, so the module is split again with half the limit, and again, until it compiles
        List<GuestCompiler.CompiledModule> compiled = GuestCompiler.compileToJar(module, dir.resolve("retried.jar"),
                new GuestCompiler.Splitting(true, 1_000_000, 6), m -> { });
        GuestCompiler.CompiledModule m = compiled.get(0);
        assertEquals(java.util.Set.of(), m.interpretedFunctions(), "nothing left after the retries: " + m);
        assertEquals(1, m.functionsSplit(), m.toString());
        assertTrue(m.notes().stream().anyMatch(n -> n.startsWith("split at 1000000 bytes: 1 function(s) left to the"
                + " interpreter; at ")), m.notes().toString());

        PrecompiledMachines machines = PrecompiledMachines.openJar(dir.resolve("retried.jar"));
        GuestInstance precompiled = ChicoryHost.builder().precompiled(machines).build()
                .instantiate(ChicoryHost.parse(module, machines));
        GuestInstance interpreted = ChicoryHost.builder().build().instantiate(ChicoryHost.parse(module));
        assertArrayEquals(interpreted.call("big", 3), precompiled.call("big", 3), "the kept attempt runs right");
    }

    @Test
    void splitEveryFunctionIsCompiledAndTheRunUsesTheSplitModule() throws Exception {
        Path jar = dir.resolve("split.jar");
        List<GuestCompiler.CompiledModule> compiled = GuestCompiler.compileToJar(module, jar, m -> { });
        GuestCompiler.CompiledModule m = compiled.get(0);
        assertEquals(java.util.Set.of(), m.interpretedFunctions(), "nothing left to the interpreter: " + m);
        assertEquals(1, m.functionsSplit(), m.toString());
        assertTrue(m.functionsOutlined() > 0, m.toString());
        assertEquals(2, m.functions(), "the original's functions");

        PrecompiledMachines machines = PrecompiledMachines.openJar(jar);
        ChicoryModule parsed = ChicoryHost.parse(module, machines);
        assertTrue(parsed.isStripped(), "parsed from the jar's stripped copy");
        assertEquals(ChicoryHost.parse(module).sha256(), parsed.sha256(), "named by the original bytes");
        assertEquals(2 + m.functionsOutlined(), parsed.definedFunctionCount(), "the split module, outlined functions"
                + " appended");

        GuestInstance precompiled = ChicoryHost.builder().precompiled(machines).build().instantiate(parsed);
        GuestInstance interpreted = ChicoryHost.builder().build().instantiate(ChicoryHost.parse(module));
        assertTrue(parsed.isPrecompiled());
        for (long x : new long[] {0, 1, 7, -5, 123_456_789}) {
            assertArrayEquals(interpreted.call("big", x), precompiled.call("big", x), "big(" + x + ")");
            assertArrayEquals(interpreted.call("small", x), precompiled.call("small", x), "small(" + x + ")");
        }
        assertFalse(m.notes().stream().anyMatch(n -> n.contains("refused")), m.notes().toString());
    }
}
