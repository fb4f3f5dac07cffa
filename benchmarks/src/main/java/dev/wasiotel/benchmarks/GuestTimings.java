package dev.wasiotel.benchmarks;

import dev.wasiotel.host.component.Component;
import dev.wasiotel.host.component.ComponentHost;
import dev.wasiotel.host.component.ComponentInstance;
import dev.wasiotel.wit.runtime.chicory.ChicoryEngine;
import dev.wasiotel.wit.runtime.chicory.ExecutionMode;
import dev.wasiotel.wit.runtime.chicory.PrecompiledMachines;
import dev.wasiotel.wit.runtime.engine.WasmEngine;
import dev.wasiotel.wit.runtime.engine.WasmEngines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * One guest component timed as a user meets it, in one JVM: decode (parse and validate), instantiate,
 * the first call of its {@code run} export, then calls after warm-up (min and median), and the
 * process's peak resident set size. Prints one line of {@code key=value} pairs, which
 * {@code benchmarks/side-by-side.sh} reads; JMH does not fit a measurement that happens once per
 * process (instantiation, first call, peak RSS). Beside wall time per call it prints the calling
 * thread's CPU time per call ({@code cpu_median_ms}), which a loaded machine disturbs less (the JIT's
 * own threads are not in it).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.wasiotel.benchmarks.GuestTimings GUEST.wasm
 *     [--mode INTERPRETER|COMPILER] [--engine NAME] [--warmup N] [--calls N] [--arg TEXT]
 *     [--jfr-load FILE] [--jfr-call FILE [--jfr-calls N]]
 * </pre>
 *
 * <p>{@code --jfr-load} records decode and instantiation with JDK Flight Recorder (the {@code
 * profile} settings), {@code --jfr-call} the first measured call after warm-up (the first N with
 * {@code --jfr-calls N}); {@code benchmarks/JfrSummary.java} sums such a recording up by layer.
 * The guest runs in a {@link BenchmarkHost}, on Chicory in the mode given or on the engine named by
 * {@code --engine} (e.g. {@code graalwasm}, with module engine-graalwasm and its dependencies on the class
 * path; the component is then decoded for that engine).
 */
public final class GuestTimings {
    private GuestTimings() {
    }

    /**
     * Runs the measurement described in the class comment.
     *
     * @param args the guest file, then options
     */
    public static void main(String[] args) throws Exception {
        Path wasm = null;
        ExecutionMode mode = ExecutionMode.INTERPRETER;
        int warmup = 3;
        int calls = 5;
        String arg = "world";
        Path jfrLoad = null;
        Path jfrCall = null;
        int profiled = 1;
        String engine = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--mode" -> mode = ExecutionMode.valueOf(args[++i]);
                case "--engine" -> engine = args[++i];
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--calls" -> calls = Integer.parseInt(args[++i]);
                case "--arg" -> arg = args[++i];
                case "--jfr-load" -> jfrLoad = Path.of(args[++i]);
                case "--jfr-call" -> jfrCall = Path.of(args[++i]);
                case "--jfr-calls" -> profiled = Integer.parseInt(args[++i]);
                default -> {
                    if (args[i].startsWith("--") || wasm != null) {
                        throw new IllegalArgumentException("unknown argument " + args[i]);
                    }
                    wasm = Path.of(args[i]);
                }
            }
        }
        if (wasm == null || calls < 1) {
            System.err.println("usage: GuestTimings GUEST.wasm [--mode INTERPRETER|COMPILER] [--engine NAME] [--warmup N]"
                    + " [--calls N>=1] [--arg TEXT] [--jfr-load FILE] [--jfr-call FILE [--jfr-calls N]]");
            System.exit(2);
        }
        measure(wasm, mode, engine, warmup, calls, arg, jfrLoad, jfrCall, Math.min(profiled, calls));
    }

    private static void measure(Path wasm, ExecutionMode mode, String engineName, int warmup, int calls, String arg,
            Path jfrLoad, Path jfrCall, int profiled) throws IOException {
        WasmEngine engine = engineName == null || engineName.equals("chicory") ? new ChicoryEngine(mode,
                PrecompiledMachines.none()) : WasmEngines.named(engineName);
        BenchmarkHost bench = new BenchmarkHost(mode, engine);
        ComponentHost host = bench.host();
        byte[] bytes = Files.readAllBytes(wasm);
        Recording load = start(jfrLoad);
        long t0 = System.nanoTime();
        Component component = Component.load(bytes, engine);
        long t1 = System.nanoTime();
        ComponentInstance instance = host.instantiate(component);
        long t2 = System.nanoTime();
        stop(load, jfrLoad);
        long rssAfterLoad = procStatusKb("VmHWM");

        long first = bench.run(instance, arg);
        for (int i = 0; i < warmup; i++) {
            bench.run(instance, arg);
        }
        long[] nanos = new long[calls];
        long[] cpu = new long[calls];
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        Recording one = start(jfrCall);
        for (int i = 0; i < calls; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            nanos[i] = bench.run(instance, arg);
            cpu[i] = threads.getCurrentThreadCpuTime() - c0;
            if (i == profiled - 1) {
                stop(one, jfrCall); // the profile is of exactly the first `profiled` calls
            }
        }
        bench.flush();
        Arrays.sort(nanos);
        Arrays.sort(cpu);
        System.out.println(String.format(Locale.ROOT,
                "guest=%s engine=%s mode=%s precompiled=%d decode_ms=%.1f instantiate_ms=%.1f first_call_ms=%.2f"
                        + " median_ms=%.3f min_ms=%.3f calls=%d warmup=%d peak_rss_after_load_kb=%d peak_rss_kb=%d"
                        + " spans=%d cpu_median_ms=%.3f cpu_min_ms=%.3f runtime=%s",
                wasm.getFileName(), engine.name(), mode, component.precompiledCoreModules(), ms(t1 - t0), ms(t2 - t1), ms(first),
                ms(nanos[calls / 2]), ms(nanos[0]), calls, warmup, rssAfterLoad, procStatusKb("VmHWM"),
                bench.spans(), ms(cpu[calls / 2]), ms(cpu[0]), engine.toString().replace(' ', '_')));
        System.exit(0); // the SDK's threads would keep the JVM alive a little
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static Recording start(Path file) throws IOException {
        if (file == null) {
            return null;
        }
        try {
            Recording r = new Recording(Configuration.getConfiguration("profile"));
            r.start();
            return r;
        } catch (java.text.ParseException e) {
            throw new IOException("the JDK's JFR `profile` settings do not parse", e);
        }
    }

    private static void stop(Recording r, Path file) throws IOException {
        if (r != null) {
            r.stop();
            r.dump(file);
            r.close();
        }
    }

    /** A field of /proc/self/status in kB (VmHWM: peak resident set size), -1 where there is none. */
    static long procStatusKb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").strip());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
