package dev.wasiotel.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Help, version, usage errors and unexpected failures. */
class WasiOtelCliTest {

    @Test
    void help_exitsZero() {
        CliRun run = CliRun.of("--help");
        assertEquals(0, run.exitCode, run::toString);
        assertTrue(run.out.startsWith("Usage: wasi-otel"), run::toString);
        assertTrue(run.out.contains("wit"), run::toString);

        CliRun check = CliRun.of("wit", "check", "--help");
        assertEquals(0, check.exitCode, check::toString);
        assertTrue(check.out.contains("--all-features"), check::toString);
        assertTrue(check.out.contains("--deps"), check::toString);
    }

    @Test
    void version_exitsZero() {
        CliRun run = CliRun.of("--version");
        assertEquals(0, run.exitCode, run::toString);
        assertTrue(run.out.startsWith("wasi-otel "), run::toString);
    }

    @Test
    void usageErrors_exitTwo() {
        assertEquals(2, CliRun.of().exitCode, "no subcommand");
        assertEquals(2, CliRun.of("wit").exitCode, "no wit subcommand");
        assertEquals(2, CliRun.of("wit", "check").exitCode, "no PATH");
        assertEquals(2, CliRun.of("wit", "check", "--no-such-option", "x.wit").exitCode);
        assertEquals(2, CliRun.of("wit", "print").exitCode, "no PATH");
        assertEquals(2, CliRun.of("wit", "print", "a.wit", "b.wit").exitCode, "two PATHs");
        assertEquals(2, CliRun.of("wit", "check", "--features", "a", "--all-features", "x.wit").exitCode);
        CliRun deps = CliRun.of("wit", "check", "--deps", "/no/such/dir/anywhere", "x.wit");
        assertEquals(2, deps.exitCode, deps::toString);
        assertTrue(deps.err.startsWith("--deps /no/such/dir/anywhere: not a directory"), deps::toString);
        assertEquals("", deps.out);
    }

    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("boom\nsecond line", new ArithmeticException("root cause"));
        }
    }

    @Test
    void unexpectedException_oneLineNoStackTrace_exitThree() {
        CliRun run = CliRun.on(WasiOtelCli.configure(new CommandLine(new Boom())));
        assertEquals(3, run.exitCode, run::toString);
        assertEquals("boom: internal error: IllegalStateException: boom second line"
                + " (caused by ArithmeticException: root cause)\n", run.err);
        assertFalse(run.err.contains("\tat "), run::toString);
        assertEquals("", run.out);
    }
}
