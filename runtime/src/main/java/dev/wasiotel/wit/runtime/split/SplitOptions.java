package dev.wasiotel.wit.runtime.split;

/**
 * What {@link FunctionSplitter} splits and how small it makes the pieces.
 *
 * @param threshold     a function whose body (code section entry, without its size) is larger than this many
 *                      bytes is split; Chicory 1.7's compiler took a 47,224-byte body and fell back to its
 *                      interpreter for a 68,622-byte one
 * @param pieceTarget   the most bytes of the original body one outlined function takes (a few bytes of
 *                      wrapper come on top); normally well below {@code threshold} (a piece larger than
 *                      the threshold is split again)
 * @param maxParamSlots the most JVM argument slots an outlined function's parameters may take (i64 and f64
 *                      take two): Chicory's compiler passes Wasm parameters as JVM method arguments and a JVM
 *                      method has at most 255 argument slots
 * @param maxResults    the most results an outlined function may have
 */
public record SplitOptions(int threshold, int pieceTarget, int maxParamSlots, int maxResults) {
    /** The default threshold: well under the size Chicory's compiler still takes. */
    public static final int DEFAULT_THRESHOLD = 32 * 1024;

    public SplitOptions {
        if (threshold < 1 || pieceTarget < 1) {
            throw new IllegalArgumentException("threshold and pieceTarget must be positive, got " + threshold + ", " + pieceTarget);
        }
        if (maxParamSlots < 0 || maxParamSlots > 250 || maxResults < 1) {
            throw new IllegalArgumentException("maxParamSlots in 0..250 and maxResults >= 1, got "
                    + maxParamSlots + ", " + maxResults);
        }
    }

    /** Splits bodies above {@value #DEFAULT_THRESHOLD} bytes into pieces of at most a quarter of that. */
    public static SplitOptions defaults() {
        return withThreshold(DEFAULT_THRESHOLD);
    }

    /** Splits bodies above {@code threshold} bytes into pieces of at most a quarter of that. */
    public static SplitOptions withThreshold(int threshold) {
        return new SplitOptions(threshold, Math.max(1, threshold / 4), 100, 100);
    }
}
