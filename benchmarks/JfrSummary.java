import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Sums up a JDK Flight Recorder recording of a guest by layer: where the CPU samples
 * ({@code jdk.ExecutionSample}) and the sampled allocation ({@code jdk.ObjectAllocationSample},
 * by weight) went — Chicory's parser, interpreter and compiler, build-time compiled guest code,
 * our component layer, WASI, runtime and otel adapter, the OpenTelemetry SDK — and how long the
 * garbage collector paused the application. A sample belongs to the first frame from the top
 * that is not the JDK's own ({@code java.}, {@code jdk.}, {@code sun.}), so an array copy counts
 * for whoever asked for it. On GraalWasm the frames of Truffle and the polyglot API count for the
 * first frame below them that is GraalWasm's (guest code) or ours (a host function reading guest
 * memory through the polyglot API): such samples of ours are also counted apart, as time our
 * code spent inside polyglot calls.
 *
 * <pre>
 * java benchmarks/JfrSummary.java RECORDING.jfr [--top N]
 * </pre>
 *
 * A single-file program (Java 17), not part of the build: it needs nothing but the JDK.
 */
public final class JfrSummary {
    /** Class name prefixes and the layer they belong to, most specific first. */
    private static final String[][] LAYERS = {
        {"com.dylibso.chicory.runtime.InterpreterMachine", "chicory interpreter"},
        {"com.dylibso.chicory.runtime.MStack", "chicory interpreter"},
        {"com.dylibso.chicory.runtime.StackFrame", "chicory interpreter"},
        {"com.dylibso.chicory.runtime.OpcodeImpl", "chicory interpreter"},
        {"com.dylibso.chicory.runtime.ByteArrayMemory", "chicory memory"},
        {"com.dylibso.chicory.runtime.alloc", "chicory memory"},
        {"com.dylibso.chicory.wasm", "chicory parse/validate"},
        {"com.dylibso.chicory.compiler", "chicory compiler (run-time support)"},
        {"com.dylibso.chicory.runtime", "chicory runtime (other)"},
        {"com.dylibso.chicory.", "chicory (other)"},
        {"dev.wasiotel.it.precompiled.", "compiled guest code"},
        {"dev.wasiotel.precompiled.", "compiled guest code"}, // wasi-otel compile / compile-guest
        {"dev.wasiotel.host.component.binary", "ours: component decoder"},
        {"dev.wasiotel.host.component", "ours: component layer (linking, lifting)"},
        {"dev.wasiotel.host.wasi", "ours: WASI"},
        {"dev.wasiotel.wit.runtime.chicory.BoundedMemory", "ours: BoundedMemory"},
        {"dev.wasiotel.wit.runtime", "ours: runtime (lifting, memory access, call guard)"},
        {"dev.wasiotel.otel", "ours: otel adapter"},
        {"dev.wasiotel.benchmarks", "driver"},
        {"dev.wasiotel.", "ours: other"},
        {"io.opentelemetry", "OpenTelemetry SDK"},
        {"org.graalvm.wasm.", "graalwasm (guest code and its runtime)"},
        {"com.oracle.truffle.", "truffle/polyglot (not below our code)"},
        {"org.graalvm.", "truffle/polyglot (not below our code)"},
    };

    private JfrSummary() {
    }

    /** Prints the summary of the recording named by the first argument. */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: java JfrSummary.java RECORDING.jfr [--top N]");
            System.exit(2);
        }
        int top = args.length >= 3 && args[1].equals("--top") ? Integer.parseInt(args[2]) : 15;
        Map<String, Long> cpuByLayer = new HashMap<>();
        Map<String, Long> cpuBySite = new HashMap<>();
        Map<String, Long> cpuByTopFrame = new HashMap<>();
        Map<String, Long> allocByLayer = new HashMap<>();
        Map<String, Long> allocBySite = new HashMap<>();
        Map<String, Long> allocByClass = new HashMap<>();
        long samples = 0;
        long allocated = 0;
        long gcPauseNanos = 0;
        int gcs = 0;
        Duration span = null;
        java.time.Instant first = null;
        java.time.Instant last = null;
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
            switch (e.getEventType().getName()) {
                case "jdk.ExecutionSample" -> {
                    // the span of the samples: a dumped recording also holds older events (settings, chunk starts)
                    first = first == null || e.getStartTime().isBefore(first) ? e.getStartTime() : first;
                    last = last == null || e.getEndTime().isAfter(last) ? e.getEndTime() : last;
                    samples++;
                    RecordedFrame site = site(e.getStackTrace());
                    add(cpuByLayer, layer(site), 1);
                    add(cpuBySite, name(site), 1);
                    if (throughPolyglot(e.getStackTrace(), site)) {
                        add(cpuByLayer, "  of which inside polyglot API calls our code made", 1);
                    }
                    add(cpuByTopFrame, name(topFrame(e.getStackTrace())), 1);
                }
                case "jdk.ObjectAllocationSample" -> {
                    long weight = e.getLong("weight");
                    allocated += weight;
                    RecordedFrame site = site(e.getStackTrace());
                    add(allocByLayer, layer(site), weight);
                    add(allocBySite, name(site), weight);
                    add(allocByClass, e.getClass("objectClass").getName(), weight);
                }
                case "jdk.GarbageCollection" -> {
                    gcs++;
                    gcPauseNanos += e.getDuration("sumOfPauses").toNanos();
                }
                default -> {
                }
            }
        }
        span = first == null ? Duration.ZERO : Duration.between(first, last);
        System.out.printf(Locale.ROOT, "recording %s: CPU samples over %.2f s%n", args[0], span.toNanos() / 1e9);
        System.out.printf(Locale.ROOT, "GC: %d collections, %.0f ms paused%n", gcs, gcPauseNanos / 1e6);
        System.out.printf(Locale.ROOT, "%nCPU samples: %d (jdk.ExecutionSample, Java threads)%n", samples);
        print("by layer", cpuByLayer, samples, top, false);
        print("by site (first frame outside the JDK)", cpuBySite, samples, top, false);
        print("by top frame", cpuByTopFrame, samples, top, false);
        System.out.printf(Locale.ROOT, "%nallocation: %.1f MB sampled weight (jdk.ObjectAllocationSample)%n",
                allocated / 1e6);
        print("by layer", allocByLayer, allocated, top, true);
        print("by site (first frame outside the JDK)", allocBySite, allocated, top, true);
        print("by class", allocByClass, allocated, top, true);
    }

    private static void add(Map<String, Long> map, String key, long n) {
        map.merge(key, n, Long::sum);
    }

    private static RecordedFrame topFrame(RecordedStackTrace stack) {
        return stack == null || stack.getFrames().isEmpty() ? null : stack.getFrames().get(0);
    }

    /**
     * The first frame from the top that is neither the JDK's own nor Truffle's or the polyglot
     * API's, else the first Truffle frame, else the top frame.
     */
    private static RecordedFrame site(RecordedStackTrace stack) {
        if (stack == null) {
            return null;
        }
        RecordedFrame truffle = null;
        for (RecordedFrame f : stack.getFrames()) {
            String type = f.getMethod().getType().getName();
            if (type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.")) {
                continue;
            }
            if (isTruffle(type)) {
                truffle = truffle == null ? f : truffle;
                continue;
            }
            return f;
        }
        return truffle != null ? truffle : topFrame(stack);
    }

    private static boolean isTruffle(String type) {
        return type.startsWith("com.oracle.truffle.") || type.startsWith("org.graalvm.polyglot.")
                || type.startsWith("org.graalvm.truffle.");
    }

    /** Whether Truffle or polyglot frames are above {@code site}, itself ours: a polyglot call of ours. */
    private static boolean throughPolyglot(RecordedStackTrace stack, RecordedFrame site) {
        if (stack == null || site == null || !site.getMethod().getType().getName().startsWith("dev.wasiotel.")) {
            return false;
        }
        for (RecordedFrame f : stack.getFrames()) {
            if (f == site) {
                return false;
            }
            if (isTruffle(f.getMethod().getType().getName())) {
                return true;
            }
        }
        return false;
    }

    private static String layer(RecordedFrame frame) {
        if (frame == null) {
            return "(no stack)";
        }
        String type = frame.getMethod().getType().getName();
        for (String[] l : LAYERS) {
            if (type.startsWith(l[0])) {
                return l[1];
            }
        }
        return type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.") ? "JDK" : "other";
    }

    private static String name(RecordedFrame frame) {
        if (frame == null) {
            return "(no stack)";
        }
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName() + ":" + frame.getLineNumber();
    }

    private static void print(String title, Map<String, Long> counts, long total, int top, boolean bytes) {
        System.out.println("  " + title + ":");
        List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        Map<String, Long> shown = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : entries.subList(0, Math.min(top, entries.size()))) {
            shown.put(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, Long> e : shown.entrySet()) {
            double share = total == 0 ? 0 : 100.0 * e.getValue() / total;
            String amount = bytes ? String.format(Locale.ROOT, "%9.1f MB", e.getValue() / 1e6)
                    : String.format(Locale.ROOT, "%7d", e.getValue());
            System.out.printf(Locale.ROOT, "    %5.1f%% %s  %s%n", share, amount, e.getKey());
        }
    }
}
