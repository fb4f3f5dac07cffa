package dev.wasiotel.wit.runtime.chicory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Huge memories in a JVM with a 64 MiB heap ({@link HeapProbe} in a process of its own): a
 * declaration larger than the host allows is refused without allocating, one larger than the heap
 * is refused when allocation fails, and {@code memory.grow} returns {@code -1} when the heap runs
 * out — never an {@code OutOfMemoryError} — after which a new instance runs.
 */
class SmallHeapTest {

    @Test
    void hugeMemoriesEndInRefusalsAndMinusOneNotOutOfMemory(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("huge.wasm"), Wat.wasm("(module (memory 65536))"));
        Files.write(dir.resolve("big.wasm"), Wat.wasm("(module (memory 32767))"));
        Files.write(dir.resolve("grow.wasm"), Wat.wasm(GuestLimitsEnforcementTest.GROW_ALL_MEMORY));
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), HeapProbe.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), out);
        assertEquals(0, process.exitValue(), out);

        // 64 MiB of heap: the default memory limit is a quarter of it, 256 pages
        assertTrue(out.contains("huge: refused: memory 0's minimum of 65536 pages (4 GiB): its limit is 256 pages"
                + " (16 MiB)"), out);
        assertTrue(out.contains("big: refused: a memory's minimum of 32767 pages (2097088 KiB): the JVM is out of heap"),
                out);
        Matcher grow = Pattern.compile("grow: unlimited (\\d+) pages, defaults (\\d+) pages \\(limit (\\d+)\\),"
                + " then answer 42").matcher(out);
        assertTrue(grow.find(), out);
        long unlimited = Long.parseLong(grow.group(1));
        // unlimited, only the heap stops it: far below Chicory's 32767 pages, far above nothing
        assertTrue(unlimited > 17 && unlimited < 1024, out);
        // 1 page, then 16 at a time up to the limit
        long limit = Long.parseLong(grow.group(3));
        assertEquals(1 + (limit - 1) / 16 * 16, Long.parseLong(grow.group(2)), out);
    }
}
