package dev.wasiotel.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Bad values of {@code run}'s limit options are usage errors: exit 2 and a message naming the value. */
class RunOptionsCliTest {

    @Test
    void aBadTimeoutIsExitTwoNamingIt() {
        CliRun run = CliRun.of("run", "--timeout", "2x", "guest.wasm");
        assertEquals(2, run.exitCode, run::toString);
        assertTrue(run.err.contains("--timeout") && run.err.contains("`2x`: unknown unit `x`"), run::toString);
        assertFalse(run.err.contains("\tat "), run::toString);

        CliRun noUnit = CliRun.of("run", "--timeout", "5", "guest.wasm");
        assertEquals(2, noUnit.exitCode, noUnit::toString);
        assertTrue(noUnit.err.contains("`5` has no unit"), noUnit::toString);
    }

    @Test
    void aBadMaxMemoryIsExitTwoNamingIt() {
        CliRun run = CliRun.of("run", "--max-memory", "lots", "guest.wasm");
        assertEquals(2, run.exitCode, run::toString);
        assertTrue(run.err.contains("--max-memory") && run.err.contains("`lots` is not a size"), run::toString);

        CliRun tooMuch = CliRun.of("run", "--max-memory", "8GiB", "guest.wasm");
        assertEquals(2, tooMuch.exitCode, tooMuch::toString);
        assertTrue(tooMuch.err.contains("more than 4GiB"), tooMuch::toString);
    }

    @Test
    void traceCallsTakesAFilterOnlyAfterAnEqualsSign(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path wasm = dir.resolve("guest.wasm");
        java.nio.file.Files.write(wasm, com.dylibso.chicory.wabt.Wat2Wasm.parse(
                "(module (func (export \"_start\")))"));

        CliRun bad = CliRun.of("run", "--trace-calls=-wasi:io/*,,x", wasm.toString());
        assertEquals(2, bad.exitCode, bad::toString);
        assertTrue(bad.err.contains("empty pattern") && bad.err.contains("[+|-]PATTERN"), bad::toString);

        // the guest's file is not read as the filter
        CliRun plain = CliRun.of("run", "--trace-calls", wasm.toString());
        assertEquals(0, plain.exitCode, plain::toString);
        CliRun filtered = CliRun.of("run", "--trace-calls=-env/*", wasm.toString());
        assertEquals(0, filtered.exitCode, filtered::toString);
    }

    @Test
    void serveTakesTraceCallsAsRunDoes() {
        java.nio.file.Path guest = java.nio.file.Path.of("../component/src/test/resources/components/http.wasm");
        CliRun bad = CliRun.of("serve", "--trace-calls=-wasi:io/*,,x", guest.toString());
        assertEquals(2, bad.exitCode, bad::toString);
        assertTrue(bad.err.contains("empty pattern") && bad.err.contains("[+|-]PATTERN"), bad::toString);

        // the guest's file is not read as the filter: this one is missing, and serve says so
        CliRun plain = CliRun.of("serve", "--trace-calls", "no-such-guest.wasm");
        assertEquals(66, plain.exitCode, plain::toString);
        assertTrue(plain.err.contains("cannot read no-such-guest.wasm"), plain::toString);

        CliRun help = CliRun.of("serve", "--help");
        assertEquals(0, help.exitCode, help::toString);
        assertTrue(help.out.contains("--trace-calls[=FILTER]") && help.out.contains("Trace the guest's calls"), help::toString);
    }

    @Test
    void helpDocumentsTheLimitsAndTheSignals() {
        CliRun run = CliRun.of("run", "--help");
        assertEquals(0, run.exitCode, run::toString);
        for (String expected : new String[] {"--timeout", "--max-memory", "--verbose", "MiB", "130", "143",
                "http/protobuf", "--trace-calls[=FILTER]"}) {
            assertTrue(run.out.contains(expected), expected + "\n" + run);
        }
    }
}
