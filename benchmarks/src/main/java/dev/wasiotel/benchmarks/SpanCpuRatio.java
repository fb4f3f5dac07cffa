package dev.wasiotel.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * {@link OtelOnEndBenchmark}'s guest span against its SDK span in thread CPU time, for a machine too
 * loaded for wall-clock JMH (time spent waiting for a core is not counted). The two run in
 * alternating blocks on one thread, so both see the same machine; each block's CPU nanoseconds per
 * operation are kept and the medians and the median of the per-round ratios printed. JMH remains
 * the measure on a quiet machine; this is a cross-check, not a replacement.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.wasiotel.benchmarks.SpanCpuRatio [INTERPRETER|COMPILER] [rounds] [ops] [warm-up rounds]
 * </pre>
 */
public final class SpanCpuRatio {
    private SpanCpuRatio() {
    }

    /**
     * Runs the comparison.
     *
     * @param args execution mode (default INTERPRETER), rounds (default 40), operations per block
     *     (default 20000), warm-up rounds (default 150: the guest path needs some 20 s of it)
     * @throws Exception if the benchmark state cannot be set up
     */
    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "INTERPRETER";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        int ops = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        int warmUp = args.length > 3 ? Integer.parseInt(args[3]) : 150;
        OtelOnEndBenchmark b = new OtelOnEndBenchmark();
        b.mode = mode;
        b.setup();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] guest = new double[rounds];
        double[] sdk = new double[rounds];
        double[] ratio = new double[rounds];
        // warm-up: the guest path needs long to reach its compiled form
        for (int i = 0; i < warmUp; i++) {
            block(threads, b, true, ops);
            block(threads, b, false, ops);
        }
        for (int r = 0; r < rounds; r++) {
            guest[r] = block(threads, b, true, ops);
            sdk[r] = block(threads, b, false, ops);
            ratio[r] = guest[r] / sdk[r];
        }
        b.tearDown();
        System.out.printf("mode %s, %d rounds of %d ops: guest span %.0f CPU ns/op (median), SDK span %.0f,"
                + " ratio %.2f (median of rounds; min %.2f, max %.2f)%n", mode, rounds, ops, median(guest),
                median(sdk), median(ratio), Arrays.stream(ratio).min().orElse(0), Arrays.stream(ratio).max().orElse(0));
    }

    private static double block(ThreadMXBean threads, OtelOnEndBenchmark b, boolean guestSpan, int ops) {
        long start = threads.getCurrentThreadCpuTime();
        if (guestSpan) {
            for (int i = 0; i < ops; i++) {
                b.guestSpan();
            }
        } else {
            for (int i = 0; i < ops; i++) {
                b.sdkSpan();
            }
        }
        return (double) (threads.getCurrentThreadCpuTime() - start) / ops;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
