package dev.wasiotel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, "Must show": under {@code -Xmx512m} the aliasing guest (item 1) and the huge-memory
 * module (item 2) end in a trap or a refusal, and a well-behaved instance in the same JVM keeps
 * working. Once through the CLI as a process, once in a JVM of its own running {@link
 * HostileLowHeapProbe} (a forked JVM, so the small heap does not constrain this test JVM).
 */
class HostileLowHeapTest {
    private static final List<String> HALF_GIGABYTE = List.of("-Xmx512m");
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @Test
    void cliTrapsOrRefusesUnderHalfAGigabyteOfHeap() throws Exception {
        HostProcess.Result alias = HostProcess.run(HALF_GIGABYTE, Map.of(), TIMEOUT, "run",
                HostProcess.guest("hostile").toString(), "alias-attrs", "1000", "8");
        assertEquals(70, alias.exitCode(), alias.toString());
        assertTrue(alias.stderr().contains("wasi-otel: guest trapped: resource-limit: "), alias.toString());

        HostProcess.Result memory = HostProcess.run(HALF_GIGABYTE, Map.of(), TIMEOUT, "run",
                HostProcess.guestFile("hostile", "memory-65536.wasm").toString());
        assertEquals(65, memory.exitCode(), memory.toString());
        assertFalse(memory.stderr().contains("OutOfMemoryError"), memory.toString());
    }

    @Test
    void wellBehavedInstanceKeepsWorkingBesideTheAttacks() throws Exception {
        Map<String, String> steps = probe();
        assertTrue(steps.get("well-behaved before").startsWith("returned hello before from c-otel"), steps.toString());
        assertTrue(steps.get("alias-attrs").startsWith("threw dev.wasiotel.wit.runtime.WitTrap(RESOURCE_LIMIT)"),
                "alias-attrs: " + steps.get("alias-attrs"));
        for (String fixture : List.of("memory-65536", "memory-32768")) {
            String outcome = steps.get(fixture);
            assertTrue(outcome.startsWith("threw dev.wasiotel."), "refused by the host: " + fixture + ": " + outcome);
            assertFalse(outcome.contains("OutOfMemoryError"), fixture + ": " + outcome);
        }
        assertTrue(steps.get("grow").matches("returned grow: got \\d+ pages .*then memory.grow returned -1"),
                "grow: " + steps.get("grow"));
        assertTrue(steps.get("well-behaved after").startsWith("returned hello after from c-otel"), steps.toString());
        assertTrue(steps.get("well-behaved new").startsWith("returned ok: n=1000 m=3 sum="), steps.toString());
    }

    /** Runs the probe with -Xmx512m; its steps by name. */
    private static Map<String, String> probe() throws Exception {
        Path out = Files.createTempFile("probe", ".out");
        Path err = Files.createTempFile("probe", ".err");
        try {
            Process p = new ProcessBuilder(ZipkinServer.javaBinary(), "-Xmx512m", "-cp",
                    System.getProperty("java.class.path"), HostileLowHeapProbe.class.getName(),
                    HostProcess.root().resolve("integration-tests/guests").toString())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("the probe did not finish in " + TIMEOUT + "\n" + Files.readString(out));
            }
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            String report = "exit " + p.exitValue() + "\n" + stdout + "\n--- stderr (end)\n"
                    + tail(Files.readString(err, StandardCharsets.UTF_8));
            System.out.println("low-heap probe: " + report);
            assertEquals(0, p.exitValue(), report);
            Map<String, String> steps = new HashMap<>();
            stdout.lines().filter(l -> l.contains(": ")).forEach(l -> {
                int colon = l.indexOf(": ");
                steps.put(l.substring(0, colon), l.substring(colon + 2));
            });
            for (String step : List.of("well-behaved before", "alias-attrs", "memory-65536", "memory-32768", "grow",
                    "well-behaved after", "well-behaved new")) {
                assertTrue(steps.containsKey(step), "the probe ran step " + step + "\n" + report);
            }
            return steps;
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String tail(String s) {
        return s.substring(Math.max(0, s.length() - 4000));
    }
}
