package dev.wasiotel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hostile guest ({@code integration-tests/guests/hostile}) through {@code wasi-otel run} as a
 * separate process: one test per item of issue 11, each with the input that first showed it,
 * asserting the outcome the issue defines — a trap with its reason (exit 70), a repair that is
 * counted (exit 0, the repair's warning on stderr), or a clean refusal (exit 65); never the
 * internal-error exit 3, an {@code OutOfMemoryError} or a hang (every process has a hard timeout).
 *
 * <p>Item 7 (two threads on one instance) and the second call of item 10 need one instance for two
 * calls, so they are in-JVM tests ({@link HostileGuestInstanceTest}); the low-heap checks are in
 * {@link HostileLowHeapTest}.
 */
class HostileGuestCliTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    /** No exporter configured: console output, the embedded default. */
    private static final Map<String, String> CONSOLE = Map.of();
    /** A heap far below what the attacks of items 1-3 make the host allocate when nothing bounds it. */
    private static final List<String> SMALL_HEAP = List.of("-Xmx1g");
    /** The warning the adapter logs the first time it makes a repair: {@code wasi-otel: KIND (COUNT): detail}. */
    private static final Pattern REPAIR = Pattern.compile("wasi-otel: ([A-Z][A-Z0-9_]+) \\((\\d+)\\)");
    private static final long YEAR_2200_NANOS = Instant.parse("2200-01-01T00:00:00Z").getEpochSecond() * 1_000_000_000L;

    // ---- 1. heap exhaustion through aliased attribute values ----

    @Test
    void item01AliasedAttributeValuesTrapOnTheLiftBudget() throws Exception {
        HostProcess.Result r = attack(SMALL_HEAP, CONSOLE, List.of(), "alias-attrs", 1000, 8);
        assertNoCrash(r);
        assertEquals(70, r.exitCode(), r.toString());
        assertTrapReason(r, "resource-limit");
    }

    // ---- 2. a 43-byte module declaring a 4 GiB (or 2 GiB) memory ----

    @Test
    void item02HugeDeclaredMemoryIsRefused() throws Exception {
        for (String fixture : List.of("memory-65536.wasm", "memory-32768.wasm")) {
            HostProcess.Result r = HostProcess.run(SMALL_HEAP, CONSOLE, TIMEOUT, "run",
                    HostProcess.guestFile("hostile", fixture).toString());
            assertNoCrash(r);
            assertEquals(65, r.exitCode(), fixture + "\n" + r);
            assertTrue(r.stderr().lines().anyMatch(l -> l.startsWith("wasi-otel: ")
                    && l.toLowerCase(Locale.ROOT).contains("memory")), "the refusal names the memory\n" + r);
        }
    }

    // ---- 3. memory.grow in a loop ----

    @Test
    void item03MemoryGrowReturnsMinusOneAtTheLimit() throws Exception {
        HostProcess.Result r = attack(SMALL_HEAP, CONSOLE, List.of(), "grow", 1024, 0);
        assertNoCrash(r);
        assertEquals(0, r.exitCode(), r.toString());
        Matcher m = Pattern.compile("grow: got (\\d+) pages \\(from (\\d+) to (\\d+)\\), then memory.grow returned -1")
                .matcher(r.stdout());
        assertTrue(m.find(), "the guest saw memory.grow return -1\n" + r);
        long finalBytes = Long.parseLong(m.group(3)) * 65536;
        assertTrue(finalBytes < (1L << 30), "the limit is below the 1 GiB heap: memory ended at " + finalBytes + " bytes");
    }

    // ---- 4. resource attribute keys the SDK refuses ----

    @Test
    void item04NonAsciiAndLongResourceKeysAreRepaired() throws Exception {
        HostProcess.Result r = attack(List.of(), CONSOLE, List.of(), "resource-keys", 0, 0);
        assertNoCrash(r);
        assertNotEquals(2, r.exitCode(), "not a command-line error\n" + r);
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stdout().contains("resource-keys: log emitted, metrics export ok"), r.toString());
        assertTrue(r.stderr().contains("log    INFO resource-keys log"), "the log record is exported\n" + r);
        assertTrue(r.stderr().contains("metric hostile.resource_keys "), "the metric is exported\n" + r);
        assertFalse(repairs(r).isEmpty(), "the repair is counted\n" + r);
    }

    // ---- 5. a guest that never returns ----

    @Test
    void item05SpinningGuestEndsAtTheTimeoutWithItsSpansExported() throws Exception {
        long start = System.nanoTime();
        HostProcess.Result r = attack(List.of(), CONSOLE, List.of("--timeout", "2s"), "spin", 0, 0);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertNoCrash(r);
        assertEquals(70, r.exitCode(), r.toString());
        assertTrapReason(r, "deadline");
        // the issue asks for 3 s; the bound here leaves room for JVM start-up on a loaded 2-core machine
        assertTrue(seconds < 10, "ended " + seconds + " s after start\n" + r);
        assertTrue(r.stderr().contains("span   spin-before "), "the span ended before the loop is exported\n" + r);
        assertTrue(r.stderr().contains("span   run hostile.wasm "), "the host span is exported\n" + r);
    }

    @Test
    void item05SigtermExportsTheEndedSpansAndTheInterruptedHostSpan() throws Exception {
        assertSignalExportsAndExits("TERM", 143);
    }

    @Test
    void item05SigintExportsTheEndedSpansAndTheInterruptedHostSpan() throws Exception {
        assertSignalExportsAndExits("INT", 130);
    }

    private void assertSignalExportsAndExits(String signal, int expectedExit) throws Exception {
        try (HostProcess.Running running = HostProcess.start(List.of(), CONSOLE, "run",
                HostProcess.guest("hostile").toString(), "spin", "0", "0")) {
            // the guest logs `spinning` after ending its span, right before the loop; a host that prints
            // telemetry only at exit shows nothing, and then 20 s are long enough to reach the loop
            OtlpReceiver.await(() -> {
                try {
                    return running.stderrSoFar().contains("log    INFO spinning");
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, Duration.ofSeconds(20));
            assertTrue(running.process().isAlive(), "the guest is still spinning\n" + running.stderrSoFar());
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(running.process().pid())).start();
            assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + signal);
            HostProcess.Result r = running.await(Duration.ofSeconds(60));
            assertEquals(expectedExit, r.exitCode(), r.toString());
            assertTrue(r.stderr().contains("span   spin-before "), "the ended guest span is exported\n" + r);
            Optional<String> host = r.stderr().lines().filter(l -> l.startsWith("span   run hostile.wasm ")).findFirst();
            assertTrue(host.isPresent(), "the host span is exported\n" + r);
            assertTrue(host.get().toLowerCase(Locale.ROOT).contains("interrupt"), "the host span is marked as interrupted: "
                    + host.get());
        }
    }

    // ---- 6. the SDK's limits for guest telemetry ----

    @Test
    void item06HugeSpanNameIsCappedOrRefused() throws Exception {
        // 255 MiB: 256 MiB is over the canonical ABI's 2^28-1 string length and traps for that reason alone
        HostProcess.Result r = attack(List.of(), CONSOLE, List.of(), "huge-name", 255, 0);
        assertCappedOrOverBudget(r, "huge-name: on-end returned after a name of 255 MiB");
    }

    @Test
    void item06HistogramWithMillionsOfBucketsIsCappedOrRefused() throws Exception {
        HostProcess.Result r = attack(List.of(), CONSOLE, List.of(), "huge-histogram", 4 << 20, 0);
        assertCappedOrOverBudget(r, "huge-histogram: 4194304 buckets, metrics export ok");
    }

    /** Either exported within bounds with a counted repair (exit 0), or a trap over the lift budget (70). */
    private static void assertCappedOrOverBudget(HostProcess.Result r, String guestResult) {
        assertNoCrash(r);
        if (r.exitCode() == 70) {
            assertTrapReason(r, "resource-limit");
            return;
        }
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stdout().contains(guestResult), r.toString());
        assertTrue(r.stderr().length() < (1 << 20), "the console shows the telemetry capped, not "
                + r.stderr().length() + " characters of it");
        assertFalse(repairs(r).isEmpty(), "the cap is counted\n" + r);
    }

    @Test
    void item06SdkAttributeLimitsApplyToGuestSpansAndLogs() throws Exception {
        try (OtlpReceiver otlp = OtlpReceiver.start()) {
            Map<String, String> env = new HashMap<>(otlp(otlp));
            env.put("OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT", "10");
            env.put("OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT", "5");
            env.put("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", "16");
            HostProcess.Result r = attack(List.of(), env, List.of(), "many-attrs", 200, 40);
            assertNoCrash(r);
            assertEquals(0, r.exitCode(), r.toString());

            Span span = span(otlp, "many-attrs");
            assertEquals(10, span.getAttributesCount(), "OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT");
            assertEquals(190, span.getDroppedAttributesCount(), "the dropped count adjusted as the SDK does");
            assertValuesAtMost(16, span.getAttributesList());

            LogRecord log = otlp.logRecords().stream().filter(l -> l.getBody().getStringValue().equals("many-attrs log"))
                    .findFirst().orElseThrow(() -> new AssertionError("no log record `many-attrs log`"));
            assertEquals(5, log.getAttributesCount(), "OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT");
            assertEquals(195, log.getDroppedAttributesCount(), "the dropped count adjusted as the SDK does");
            assertValuesAtMost(16, log.getAttributesList());
        }
    }

    private static void assertValuesAtMost(int length, List<KeyValue> attributes) {
        for (KeyValue kv : attributes) {
            AnyValue v = kv.getValue();
            assertTrue(v.getStringValue().length() <= length, kv.getKey() + " = " + v.getStringValue()
                    + ": OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT " + length);
        }
    }

    // ---- 8. the largest datetime ----

    @Test
    void item08LargestDatetimeIsClampedNotWrappedTo1970() throws Exception {
        try (OtlpReceiver otlp = OtlpReceiver.start()) {
            HostProcess.Result r = attack(List.of(), otlp(otlp), List.of(), "datetime-max", 0, 0);
            assertNoCrash(r);
            assertEquals(0, r.exitCode(), r.toString());
            Span both = span(otlp, "datetime-max-both");
            Span end = span(otlp, "datetime-max-end");
            for (long nanos : new long[] {both.getStartTimeUnixNano(), both.getEndTimeUnixNano(), end.getEndTimeUnixNano()}) {
                assertTrue(nanos >= YEAR_2200_NANOS, "{2^64-1 s, 4294967295 ns} is after 2200, not "
                        + Instant.ofEpochSecond(0, nanos));
            }
            assertTrue(repairs(r).contains("DATETIME_CLAMPED"), "the clamping is counted\n" + r);
        }
    }

    // ---- 9. malformed histograms and u64 numbers ----

    @Test
    void item09MalformedHistogramsAreRepairedOrDroppedAndCounted() throws Exception {
        try (OtlpReceiver otlp = OtlpReceiver.start()) {
            HostProcess.Result r = attack(List.of(), otlp(otlp), List.of(), "bad-histograms", 0, 0);
            assertNoCrash(r);
            assertEquals(0, r.exitCode(), r.toString());
            assertTrue(r.stdout().contains("bad-histograms: metrics export ok"), r.toString());
            List<String> problems = new ArrayList<>();
            for (Metric metric : otlp.metrics()) {
                if (!metric.getName().startsWith("bad.")) {
                    continue;
                }
                for (HistogramDataPoint p : metric.getHistogram().getDataPointsList()) {
                    histogramProblem(p).ifPresent(problem -> problems.add(metric.getName() + ": " + problem));
                }
                for (ExponentialHistogramDataPoint p : metric.getExponentialHistogram().getDataPointsList()) {
                    if (p.getScale() < -10 || p.getScale() > 20) {
                        problems.add(metric.getName() + ": scale " + p.getScale() + " outside -10..20");
                    }
                }
                for (NumberDataPoint p : metric.getSum().getDataPointsList()) {
                    if (metric.getName().equals("bad.u64_minus_one") && p.hasAsInt() && p.getAsInt() < 0) {
                        problems.add(metric.getName() + ": a u64 exported as " + p.getAsInt());
                    }
                }
            }
            assertTrue(problems.isEmpty(), "exported unchanged: " + problems + "\n" + r);
            // descending/NaN bounds, counts that do not sum, scale 127 and a negative u64 are different problems
            assertTrue(repairs(r).size() >= 3, "each kind of repair is counted: " + repairs(r) + "\n" + r);
        }
    }

    private static Optional<String> histogramProblem(HistogramDataPoint p) {
        List<Double> bounds = p.getExplicitBoundsList();
        for (int i = 0; i < bounds.size(); i++) {
            if (bounds.get(i).isNaN() || i > 0 && !(bounds.get(i) > bounds.get(i - 1))) {
                return Optional.of("bounds " + bounds + " not strictly ascending numbers");
            }
        }
        if (p.getBucketCountsCount() != bounds.size() + 1) {
            return Optional.of(p.getBucketCountsCount() + " bucket counts for " + bounds.size() + " bounds");
        }
        long sum = p.getBucketCountsList().stream().mapToLong(Long::longValue).sum();
        if (sum != p.getCount()) {
            return Optional.of("bucket counts sum to " + sum + ", count is " + p.getCount());
        }
        return Optional.empty();
    }

    // ---- 10. a span left open ----

    @Test
    void item10SpanLeftOpenIsClosedOutAndCounted() throws Exception {
        HostProcess.Result r = attack(List.of(), CONSOLE, List.of(), "leave-open", 0, 0);
        assertNoCrash(r);
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stdout().startsWith("leave-open: current="), r.toString());
        assertFalse(repairs(r).isEmpty(), "the span left open is counted when the call ends\n" + r);
    }

    // ---- 11. the collector is down ----

    @Test
    void item11ClosedCollectorPortNeitherBlocksNorFailsTheGuest() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        assertTelemetryLostButGuestFine("http://127.0.0.1:" + port);
    }

    @Test
    void item11CollectorThatNeverAnswersNeitherBlocksNorFailsTheGuest() throws Exception {
        // connections complete in the listen backlog; nothing ever reads a request or answers it
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertTelemetryLostButGuestFine("http://127.0.0.1:" + s.getLocalPort());
        }
    }

    private static void assertTelemetryLostButGuestFine(String endpoint) throws Exception {
        Map<String, String> env = Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint,
                "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        long start = System.nanoTime();
        HostProcess.Result r = attack(List.of(), env, List.of(), "metrics-export", 0, 0);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertNoCrash(r);
        Matcher m = Pattern.compile("metrics-export: ok after (\\d+) ms").matcher(r.stdout());
        assertTrue(m.find(), "the guest gets ok: a backend outage is not a guest failure\n" + r);
        assertTrue(Long.parseLong(m.group(1)) < 1000, "metrics.export returned at once, not after "
                + m.group(1) + " ms\n" + r);
        assertEquals(75, r.exitCode(), "the exit status for lost telemetry\n" + r);
        assertTrue(r.stderr().lines().anyMatch(l -> l.startsWith("wasi-otel: ")
                && l.toLowerCase(Locale.ROOT).matches(".*(lost|not exported|could not be exported).*")),
                "a one-line summary of what was lost\n" + r);
        assertFalse(r.stderr().lines().anyMatch(l -> l.startsWith("\tat ")), "no stack traces\n" + r);
        assertTrue(seconds < 60, "the flush at exit is bounded; the run took " + seconds + " s\n" + r);
    }

    // ---- 12. guest text on the console; traps on the console and in telemetry ----

    @Test
    void item12GuestTextCannotForgeConsoleLines() throws Exception {
        HostProcess.Result r = attack(List.of(), CONSOLE, List.of(), "forge-console", 0, 0);
        assertNoCrash(r);
        assertEquals(0, r.exitCode(), r.toString());
        assertTrue(r.stderr().contains("span   innocent"), "the span is exported\n" + r);
        assertFalse(r.stderr().contains("\u001b"), "no raw ANSI escape\n" + r);
        assertFalse(r.stderr().contains("\r"), "no raw carriage return\n" + r);
        for (String forged : List.of("span   forged-by-guest", "span   forged-attribute", "log    FORGED")) {
            assertFalse(r.stderr().lines().anyMatch(l -> l.startsWith(forged)), "a forged line `" + forged + "`\n" + r);
        }
    }

    @Test
    void item12TrapIsOneLineAndExportsAShortStack() throws Exception {
        HostProcess.Result r = attack(List.of(), CONSOLE, List.of(), "trap-deep", 0, 0);
        assertNoCrash(r);
        assertEquals(70, r.exitCode(), r.toString());
        assertEquals(1, r.stderr().lines().filter(l -> l.startsWith("wasi-otel: ") && l.contains("trapped")).count(),
                r.toString());
        assertFalse(r.stderr().lines().anyMatch(l -> l.startsWith("\tat ")), "no Java stack without --verbose\n" + r);
        assertTrue(r.stderr().contains("span   trap-deep-before "), "the ended span is exported\n" + r);

        HostProcess.Result verbose = HostProcess.run(CONSOLE, TIMEOUT, "run", "--verbose",
                HostProcess.guest("hostile").toString(), "trap-deep", "0", "0");
        assertEquals(70, verbose.exitCode(), verbose.toString());
        assertTrue(verbose.stderr().lines().anyMatch(l -> l.startsWith("\tat ")), "--verbose shows the Java stack\n"
                + verbose);

        try (OtlpReceiver otlp = OtlpReceiver.start()) {
            HostProcess.Result exported = attack(List.of(), otlp(otlp), List.of(), "trap-deep", 0, 0);
            assertEquals(70, exported.exitCode(), exported.toString());
            Span host = span(otlp, "run hostile.wasm");
            String stack = host.getEventsList().stream().filter(e -> e.getName().equals("exception"))
                    .flatMap(e -> e.getAttributesList().stream())
                    .filter(kv -> kv.getKey().equals("exception.stacktrace")).map(kv -> kv.getValue().getStringValue())
                    .findFirst().orElse("");
            assertTrue(stack.length() < 4096, "the exported exception.stacktrace is the trap, not the host's Java stack ("
                    + stack.length() + " characters)");
            assertFalse(stack.contains("com.dylibso.chicory"), "no engine frames in the exported stack");
        }
    }

    // ---- 13. a host import called from cabi_realloc ----

    @Test
    void item13ImportCalledFromReallocTraps() throws Exception {
        HostProcess.Result r = attack(List.of(), CONSOLE, List.of(), "realloc-reenter", 0, 0);
        assertNoCrash(r);
        assertEquals(70, r.exitCode(), r.toString());
        assertTrapReason(r, "reentrance");
    }

    // ---- helpers ----

    /** Runs {@code wasi-otel run [options] hostile.wasm MODE N M}. */
    private static HostProcess.Result attack(List<String> jvmOptions, Map<String, String> env, List<String> options,
            String mode, int n, int m) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("run"));
        args.addAll(options);
        args.addAll(List.of(HostProcess.guest("hostile").toString(), mode, Integer.toString(n), Integer.toString(m)));
        return HostProcess.run(jvmOptions, env, TIMEOUT, args.toArray(String[]::new));
    }

    /** Environment that sends all three signals to {@code otlp} over OTLP/HTTP. */
    private static Map<String, String> otlp(OtlpReceiver otlp) {
        return Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", otlp.endpoint(), "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                "OTEL_SERVICE_NAME", "hostile");
    }

    private static Span span(OtlpReceiver otlp, String name) {
        return otlp.spans().stream().filter(s -> s.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span `" + name + "` exported; got "
                        + otlp.spans().stream().map(Span::getName).toList()));
    }

    /** Not the internal-error exit, nor a JVM error on the console. */
    private static void assertNoCrash(HostProcess.Result r) {
        assertNotEquals(3, r.exitCode(), "exit 3 is the host's internal error\n" + r);
        for (String crash : List.of("OutOfMemoryError", "StackOverflowError", "internal error")) {
            assertFalse(r.stderr().contains(crash), crash + "\n" + r);
        }
    }

    /** The trap line ({@code wasi-otel: guest trapped: REASON: ...}) names {@code reason}. */
    private static void assertTrapReason(HostProcess.Result r, String reason) {
        Optional<String> line = r.stderr().lines().filter(l -> l.startsWith("wasi-otel: guest trapped: ")).findFirst();
        assertTrue(line.isPresent(), "a trap line\n" + r);
        assertTrue(line.get().startsWith("wasi-otel: guest trapped: " + reason + ": "),
                "the trap's reason is " + reason + ": " + line.get());
    }

    /** The kinds of repair the adapter reported (each kind's first occurrence is a warning). */
    private static Set<String> repairs(HostProcess.Result r) {
        Set<String> kinds = new TreeSet<>();
        Matcher m = REPAIR.matcher(r.stderr());
        while (m.find()) {
            kinds.add(m.group(1));
        }
        return kinds;
    }
}
