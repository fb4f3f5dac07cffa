package dev.wasiotel.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * {@link OtelOnEndBenchmark}'s guest span against its SDK span in thread CPU time, for a machine too
 * loaded for wall-clock JMH (time spent waiting for a core is not counted), with the parts of the
 * guest path beside it: the adapter alone (host functions on the guest's memory, no Wasm), the
 * engine alone (the same Wasm calling imports that do nothing), the plain-JDK floor of lifting
 * the span and the floor of any adapter ({@link FloorSpanAdapter}: unchecked JDK code from the
 * guest's bytes straight to the SDK's span data) and the floor of a guest span (the engine-only
 * Wasm calling the floor adapter). All run in alternating blocks on one thread, so all see the same machine; each block's
 * CPU nanoseconds per operation are kept and the medians and the median of the per-round ratios to
 * the SDK span printed. JMH remains
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
        Runnable[] work = {b::guestSpan, b::adapterOnly, b::engineOnly, b::generatedLift, b::plainLift,
            b::floorAdapter, b::floorGuestSpan, b::sdkSpan};
        String[] names = {"guest span", "adapter only", "engine only", "generated lift", "plain-JDK lift",
            "floor adapter", "floor guest span", "SDK span"};
        int sdk = work.length - 1;
        double[][] ns = new double[work.length][rounds];
        double[][] ratio = new double[work.length][rounds];
        // warm-up: the guest path needs long to reach its compiled form
        for (int i = 0; i < warmUp; i++) {
            for (Runnable w : work) {
                block(threads, w, ops);
            }
        }
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < work.length; k++) {
                ns[k][r] = block(threads, work[k], ops);
            }
            for (int k = 0; k < work.length; k++) {
                ratio[k][r] = ns[k][r] / ns[sdk][r];
            }
        }
        b.tearDown();
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        System.out.printf("load average at the end %.2f%n", os.getSystemLoadAverage());
        System.out.printf("mode %s, %d rounds of %d ops, CPU ns/op (median of rounds) and ratio to the SDK span"
                + " (median of the rounds' ratios; min-max):%n", mode, rounds, ops);
        for (int k = 0; k < work.length; k++) {
            System.out.printf("  %-17s %6.0f ns  %5.2fx (%.2f-%.2f)%n", names[k], median(ns[k]), median(ratio[k]),
                    Arrays.stream(ratio[k]).min().orElse(0), Arrays.stream(ratio[k]).max().orElse(0));
        }
    }

    private static double block(ThreadMXBean threads, Runnable work, int ops) {
        long start = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < ops; i++) {
            work.run();
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
