package dev.wasiotel.wit.runtime.split;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.dylibso.chicory.wasm.Parser;

/**
 * Jazzer target for the function splitter ({@code wasi-otel compile} runs it on a guest's core modules): any
 * bytes are split with a tiny threshold, so that every function of a small module is cut into pieces.
 * Acceptable: {@link WasmFormatException} with a message, or a result. When Chicory accepts the input as a
 * valid module, it must accept the split module too: splitting never makes a valid module invalid. Anything
 * else escaping is a finding.
 */
class SplitFuzzTest {
    /** Pieces of at most 16 bytes of a body above 32: the corpus's small modules get split everywhere. */
    private static final SplitOptions TINY = new SplitOptions(32, 16, 100, 100);

    @FuzzTest
    void split(byte[] input) {
        SplitResult result;
        try {
            result = FunctionSplitter.split(input, TINY);
        } catch (WasmFormatException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                throw new AssertionError("a refusal without a message", e);
            }
            return;
        }
        if (result.module() == input || !validates(input)) {
            return; // nothing split, or the input was not valid to begin with: nothing to compare
        }
        try {
            Parser.parse(result.module());
        } catch (RuntimeException e) {
            throw new AssertionError("a valid module split into an invalid one: " + e.getMessage(), e);
        }
    }

    /**
     * Whether Chicory accepts {@code module}. Chicory 1.7.5's parser answers some malformed modules with an
     * {@code AssertionError} or a {@code StackOverflowError} of its own (the first finding of this target):
     * those count as refusals here, as {@code ChicoryHost.parse} counts them.
     */
    private static boolean validates(byte[] module) {
        try {
            Parser.parse(module);
            return true;
        } catch (RuntimeException | AssertionError | StackOverflowError e) {
            return false;
        }
    }
}
