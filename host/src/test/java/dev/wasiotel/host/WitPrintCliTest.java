package dev.wasiotel.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wasi-otel wit print}, run in-process. */
class WitPrintCliTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void printsTheOnlyWorldWithSignatures() throws IOException {
        Path file = write("hello.wit", Fixtures.HELLO);
        CliRun run = CliRun.of("wit", "print", file.toString());
        assertEquals(0, run.exitCode, run::toString);
        assertEquals("", run.err, run::toString);
        assertTrue(run.out.startsWith("world test:hello/hello {\n"), run::toString);
        assertTrue(run.out.contains("import test:hello/greet {"), run::toString);
        assertTrue(run.out.contains("greet: func(name: string, opts: options) -> result<string, list<u8>>;"),
                run::toString);
        assertTrue(run.out.contains("record options {"), run::toString);
        assertTrue(run.out.contains("times: option<u32>,"), run::toString);
        assertTrue(run.out.contains("export run: func(args: list<string>) -> u32;"), run::toString);
        assertTrue(run.out.endsWith("}\n"), run::toString);
    }

    @Test
    void output_isDeterministic() throws IOException {
        Path file = write("hello.wit", Fixtures.HELLO);
        CliRun first = CliRun.of("wit", "print", file.toString());
        CliRun second = CliRun.of("wit", "print", file.toString());
        assertEquals(0, first.exitCode, first::toString);
        assertEquals(first.out, second.out);
    }

    @Test
    void namedWorld_andWholePackageWhenSeveralWorlds() throws IOException {
        Path file = write("multi.wit", "package test:multi;\n\ninterface api {\n  ping: func() -> bool;\n}\n\n"
                + "world one {\n  import api;\n}\n\nworld two {\n  export api;\n}\n");
        CliRun whole = CliRun.of("wit", "print", file.toString());
        assertEquals(0, whole.exitCode, whole::toString);
        assertTrue(whole.out.startsWith("package test:multi;\n"), whole::toString);
        assertTrue(whole.out.contains("interface api {"), whole::toString);
        assertTrue(whole.out.contains("world one {"), whole::toString);
        assertTrue(whole.out.contains("world two {"), whole::toString);

        CliRun two = CliRun.of("wit", "print", "--world", "two", file.toString());
        assertEquals(0, two.exitCode, two::toString);
        assertTrue(two.out.startsWith("world test:multi/two {\n"), two::toString);
        assertTrue(two.out.contains("export test:multi/api {"), two::toString);
        assertTrue(two.out.contains("ping: func() -> bool;"), two::toString);

        CliRun none = CliRun.of("wit", "print", "--world", "three", file.toString());
        assertEquals(1, none.exitCode, none::toString);
        assertEquals("", none.out);
        assertTrue(none.err.startsWith("error " + file + ": "), none::toString);
        assertEquals(1, none.err.split("\n").length, none::toString);
    }

    @Test
    void error_isOneLineOnStderr() throws IOException {
        Path file = write("bad.wit", Fixtures.UNKNOWN_TYPE);
        CliRun run = CliRun.of("wit", "print", file.toString());
        assertEquals(1, run.exitCode, run::toString);
        assertEquals("", run.out, run::toString);
        assertTrue(run.err.matches("error \\Q" + file + "\\E: .*bad\\.wit:4:\\d+: .+\n"), run::toString);
    }

    @Test
    void missingPath_exitsOne() {
        String missing = dir.resolve("missing.wit").toString();
        CliRun run = CliRun.of("wit", "print", missing);
        assertEquals(1, run.exitCode, run::toString);
        assertEquals("error " + missing + ": " + missing + ":1:1: no such file or directory\n", run.err);
    }
}
