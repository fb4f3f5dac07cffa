package dev.wasiotel.wit.runtime.testing;

import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Runs a property over many generated cases, deterministically: every case comes from a {@link
 * Random} seeded with the property's fixed seed and the case's index, so each run checks the same
 * cases and a failure names the seed, the case index and the case. The system property {@value
 * #SEED_PROPERTY} replaces every seed (to explore other cases) and {@value #TRIES_PROPERTY} the
 * number of cases (e.g. {@code -Dwasiotel.test.tries=100000}).
 */
public final class SeededRuns {
    /** Replaces the fixed seed of every seeded property, for exploration. */
    public static final String SEED_PROPERTY = "wasiotel.test.seed";
    /** Replaces the number of cases of every seeded property. */
    public static final String TRIES_PROPERTY = "wasiotel.test.tries";

    private SeededRuns() {
    }

    /** A check of one generated case. */
    @FunctionalInterface
    public interface Check<T> {
        void check(T value) throws Exception;
    }

    /**
     * Generates {@code tries} cases with {@code generator} and checks each.
     *
     * @param name the property, for the failure message
     * @param seed the fixed seed (replaced by {@value #SEED_PROPERTY} when set)
     */
    public static <T> void run(String name, long seed, int tries, Function<Random, T> generator, Check<T> check) {
        long actualSeed = Long.decode(System.getProperty(SEED_PROPERTY, Long.toString(seed)).trim());
        int actualTries = Integer.parseInt(System.getProperty(TRIES_PROPERTY, Integer.toString(tries)).trim());
        for (int i = 0; i < actualTries; i++) {
            T value = generator.apply(random(actualSeed, i));
            try {
                check.check(value);
            } catch (Throwable t) {
                throw new AssertionError(name + " failed on case " + i + " of seed " + actualSeed + " (-D"
                        + SEED_PROPERTY + "=" + actualSeed + "): " + t + "\ncase: " + shorten(String.valueOf(value)), t);
            }
        }
    }

    /** The generator of case {@code index} under {@code seed}. */
    public static Random random(long seed, int index) {
        // SplittableRandom's mixing spreads neighbouring (seed, index) pairs over unrelated sequences
        return new Random(new SplittableRandom(seed + index * 0x9E3779B97F4A7C15L).nextLong());
    }

    private static String shorten(String s) {
        return s.length() <= 4_000 ? s : s.substring(0, 4_000) + "... (" + s.length() + " chars)";
    }
}
