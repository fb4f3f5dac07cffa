package dev.wasiotel.wit.runtime.split;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wabt.Wat2Wasm;
import com.dylibso.chicory.wasm.WasmModule;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random structured functions, original against split with tiny thresholds, on Chicory's interpreter: the same
 * results, the same traps, the same memory. Fixed seeds; a failure names its seed and prints the function.
 */
class SplitDifferentialTest {
    private static final long BASE_SEED = 0x5EED_0012L;
    private static final int MODULES = 300;
    private static final int INPUTS = 8;
    private static final int[] TARGETS = {12, 40, 150};

    @Test
    void splitFunctionsBehaveLikeTheOriginals() {
        int outlined = 0;
        for (int i = 0; i < MODULES; i++) {
            long seed = BASE_SEED + i;
            String wat = new RandomFunctions(seed).module();
            byte[] original;
            try {
                original = Wat2Wasm.parse(wat);
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + ": the generator made invalid WAT:\n" + wat, e);
            }
            WasmModule before = Runs.parse(original);
            Random inputs = new Random(seed);
            List<long[]> args = new ArrayList<>();
            List<String> expected = new ArrayList<>();
            for (int k = 0; k < INPUTS; k++) {
                long[] a = {inputs.nextInt(21) - 5, inputs.nextInt(300), inputs.nextInt(1000) - 100};
                args.add(a);
                expected.add(Runs.outcome(before, "f", a));
            }
            for (int target : TARGETS) {
                SplitResult r = FunctionSplitter.split(original, new SplitOptions(8, target, 100, 100));
                outlined += r.functionsAdded();
                WasmModule after;
                try {
                    after = Runs.parse(r.module());
                } catch (RuntimeException e) {
                    throw new AssertionError("seed " + seed + ", target " + target + ": split module invalid:\n" + wat, e);
                }
                for (int k = 0; k < INPUTS; k++) {
                    assertEquals(expected.get(k), Runs.outcome(after, "f", args.get(k)), "seed " + seed + ", target "
                            + target + ", input " + java.util.Arrays.toString(args.get(k)) + "\n" + wat);
                }
            }
        }
        assertTrue(outlined > MODULES, "the tiny targets outline a lot: " + outlined);
    }
}
