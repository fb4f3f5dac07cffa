package dev.wasiotel.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.host.serve.ChunkedEcho;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A 100 MiB request body echoed by the C guest ({@code guests/c-http}, POST streams the body back
 * through one 4 KiB buffer) with the server's heap bounded: once as a user runs it, {@code
 * bin/wasi-otel serve} in a JVM of 64 MiB whose GC log shows the live heap never grew with the body;
 * once in this JVM, where a full collection every 10 MiB measures the live heap while the body is
 * half way through the server. Neither side holds the body whole: the client sends it from a
 * seeded generator and digests the echo as it arrives.
 */
class ServeStreamingTest {
    private static final long SIZE = 100L * 1024 * 1024;
    private static final long SEED = 20261205L;
    private static final long MIB = 1024 * 1024;
    /** The server JVM's whole heap, under the body's size: buffering the body would fail. */
    private static final int SERVER_HEAP_MIB = 64;
    /** The most the heap may hold after a collection in the server process, at any time. */
    private static final long LIVE_HEAP_BOUND_MIB = 32;
    /** The most the live heap may grow, in this JVM, while the body streams through. */
    private static final long LIVE_GROWTH_BOUND = 8 * MIB;

    @Test
    void aServerProcessWith64MiBOfHeapEchoes100MiB() throws Exception {
        Path gcLog = Files.createTempFile("wasi-otel-serve-gc", ".log");
        try (HostProcess.Running serve = HostProcess.startLauncher(Map.of(
                "JAVA_OPTS", "-Xmx" + SERVER_HEAP_MIB + "m -Xlog:gc:file=" + gcLog,
                "OTEL_TRACES_EXPORTER", "none", "OTEL_METRICS_EXPORTER", "none", "OTEL_LOGS_EXPORTER", "none"),
                "serve", HostProcess.guest("c-http").toString(), "--listen", "127.0.0.1:0", "--workers", "2")) {
            URI uri = serve.awaitServing(Duration.ofMinutes(2));
            ChunkedEcho.Result echo = ChunkedEcho.post(uri.resolve("/echo"), SIZE, SEED, received -> { });
            assertEcho(echo);

            serve.signal("TERM");
            HostProcess.Result result = serve.await(Duration.ofMinutes(1));
            assertEquals(143, result.exitCode(), result.toString());
            assertTrue(!result.stderr().contains("OutOfMemoryError"), result.toString());

            List<long[]> collections = collections(Files.readString(gcLog));
            // the 100 MiB through the guest and both directions' buffers are garbage many times over
            assertTrue(collections.size() >= 3, "the heap was collected while the body streamed: " + collections.size());
            long maxAfter = collections.stream().mapToLong(c -> c[1]).max().orElseThrow();
            long maxBefore = collections.stream().mapToLong(c -> c[0]).max().orElseThrow();
            System.out.printf("serve process: %d collections, heap at most %d MiB before and %d MiB after one%n",
                    collections.size(), maxBefore / MIB, maxAfter / MIB);
            assertTrue(maxAfter <= LIVE_HEAP_BOUND_MIB * MIB, "the live heap reached " + maxAfter / MIB
                    + " MiB (bound " + LIVE_HEAP_BOUND_MIB + " MiB); seed " + SEED);
        } finally {
            Files.deleteIfExists(gcLog);
        }
    }

    @Test
    void theLiveHeapStaysFlatWhile100MiBStreamThroughAnInProcessServer() throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (InProcessServer server = InProcessServer.start("c-http", SpanProcessor.composite(), 2)) {
            long baseline = liveHeap(memory);
            List<Long> samples = new ArrayList<>();
            long[] next = {10 * MIB};
            ChunkedEcho.Result echo = ChunkedEcho.post(server.uri().resolve("/echo"), SIZE, SEED, received -> {
                if (received >= next[0]) {
                    next[0] += 10 * MIB;
                    samples.add(liveHeap(memory));
                }
            });
            assertEcho(echo);
            assertEquals(10, samples.size(), "a sample every 10 MiB: " + samples);
            long peak = samples.stream().mapToLong(Long::longValue).max().orElseThrow();
            System.out.printf("in process: live heap %d KiB before, at most %d KiB while streaming%n",
                    baseline / 1024, peak / 1024);
            assertTrue(peak - baseline <= LIVE_GROWTH_BOUND, "the live heap grew by " + (peak - baseline) / 1024
                    + " KiB while streaming (bound " + LIVE_GROWTH_BOUND / 1024 + " KiB); samples " + samples
                    + ", baseline " + baseline + "; seed " + SEED);
        }
    }

    private static void assertEcho(ChunkedEcho.Result echo) {
        assertEquals("HTTP/1.1 200 OK", echo.status(), "seed " + SEED);
        assertTrue(echo.chunked(), "the response streams with chunked encoding");
        assertEquals(SIZE, echo.received(), "bytes echoed; seed " + SEED);
        assertArrayEquals(echo.sentSha256(), echo.receivedSha256(), "SHA-256 of the echo; seed " + SEED);
    }

    /** The heap in use right after a full collection: what is live (the JVM collects at once on System.gc). */
    private static long liveHeap(MemoryMXBean memory) {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static final Pattern HEAP_CHANGE = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\(\\d+[KMG]\\)");

    /** Each collection of a {@code -Xlog:gc} log as {bytes before, bytes after}. */
    static List<long[]> collections(String log) {
        List<long[]> out = new ArrayList<>();
        for (String line : log.split("\n")) {
            Matcher m = HEAP_CHANGE.matcher(line);
            if (line.contains(" Pause ") && m.find()) {
                out.add(new long[] {bytes(m.group(1), m.group(2)), bytes(m.group(3), m.group(4))});
            }
        }
        return out;
    }

    private static long bytes(String number, String unit) {
        long n = Long.parseLong(number);
        return switch (unit) {
            case "K" -> n * 1024;
            case "M" -> n * MIB;
            default -> n * 1024 * MIB;
        };
    }
}
