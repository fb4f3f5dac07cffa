package dev.wasiotel.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wasi-otel wit check}, run in-process. */
class WitCheckCliTest {
    private static final Pattern ERROR_LINE = Pattern.compile("error (.+?): (.+):(\\d+):(\\d+): (.+)");

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    private Path okFile() throws IOException {
        return write("ok.wit", Fixtures.HELLO);
    }

    private Path badFile() throws IOException {
        return write("bad.wit", Fixtures.UNKNOWN_TYPE);
    }

    @Test
    void okFile_printsOkAndExitsZero() throws IOException {
        Path file = okFile();
        CliRun run = CliRun.of("wit", "check", file.toString());
        assertEquals(0, run.exitCode, run::toString);
        assertEquals("ok " + file + "\n", run.out, run::toString);
        assertEquals("", run.err, run::toString);
    }

    @Test
    void okDirectory_printsOk() throws IOException {
        write("pkg/types.wit", "package test:dir;\n\ninterface types {\n  record point { x: s32, y: s32 }\n}\n");
        write("pkg/api.wit", "package test:dir;\n\ninterface api {\n  use types.{point};\n"
                + "  origin: func() -> point;\n}\n\nworld app {\n  import api;\n}\n");
        Path pkg = dir.resolve("pkg");
        CliRun run = CliRun.of("wit", "check", pkg.toString());
        assertEquals(0, run.exitCode, run::toString);
        assertEquals("ok " + pkg + "\n", run.out, run::toString);
    }

    @Test
    void error_isOneLineWithFileLineColumn() throws IOException {
        Path file = badFile();
        CliRun run = CliRun.of("wit", "check", file.toString());
        assertEquals(1, run.exitCode, run::toString);
        String[] lines = run.outLines();
        assertEquals(1, lines.length, run::toString);
        Matcher m = ERROR_LINE.matcher(lines[0]);
        assertTrue(m.matches(), () -> "not `error PATH: FILE:LINE:COL: message`: " + lines[0]);
        assertEquals(file.toString(), m.group(1));
        assertTrue(m.group(2).endsWith("bad.wit"), () -> "file: " + m.group(2));
        assertEquals("4", m.group(3), () -> "line of `nosuchtype`: " + lines[0]);
        assertTrue(Integer.parseInt(m.group(4)) >= 1);
        assertFalse(m.group(5).isBlank());
        assertEquals("", run.err, "no rendering without --verbose");
    }

    @Test
    void verbose_rendersSourceLineAndCaretOnStderr() throws IOException {
        Path file = badFile();
        CliRun run = CliRun.of("wit", "check", "--verbose", file.toString());
        assertEquals(1, run.exitCode, run::toString);
        assertEquals(1, run.outLines().length, run::toString);
        assertTrue(run.err.contains("f: func() -> nosuchtype;"), run::toString);
        assertTrue(run.err.contains("^"), run::toString);
    }

    @Test
    void mixedPaths_oneLineEachInOrder_exitOne() throws IOException {
        Path ok = okFile();
        Path bad = badFile();
        String missing = dir.resolve("missing.wit").toString();
        CliRun run = CliRun.of("wit", "check", ok.toString(), bad.toString(), missing);
        assertEquals(1, run.exitCode, run::toString);
        String[] lines = run.outLines();
        assertEquals(3, lines.length, run::toString);
        assertEquals("ok " + ok, lines[0]);
        assertTrue(lines[1].startsWith("error " + bad + ": "), lines[1]);
        assertTrue(ERROR_LINE.matcher(lines[1]).matches(), lines[1]);
        assertEquals("error " + missing + ": " + missing + ":1:1: no such file or directory", lines[2]);
    }

    @Test
    void missingPath_isReportedInTheSameFormat() {
        String missing = dir.resolve("nope.wit").toString();
        CliRun run = CliRun.of("wit", "check", missing);
        assertEquals(1, run.exitCode, run::toString);
        assertArrayEquals(new String[] {"error " + missing + ": " + missing + ":1:1: no such file or directory"},
                run.outLines(), run::toString);
    }

    @Test
    void deps_makesSharedWasiPackagesAvailable() {
        Path wasi = Fixtures.sharedDir().resolve("wit").resolve("wasi-0.2");
        assertTrue(Files.isDirectory(wasi), "shared WIT not found at " + wasi + " (set wasiotel.shared.dir)");
        Path cli = wasi.resolve("cli");

        CliRun run = CliRun.of("wit", "check", "--deps", wasi.toString(), cli.toString());
        assertEquals(0, run.exitCode, run::toString);
        assertEquals("ok " + cli + "\n", run.out, run::toString);

        CliRun without = CliRun.of("wit", "check", cli.toString());
        assertEquals(1, without.exitCode, without::toString);
        assertTrue(without.out.startsWith("error " + cli + ": "), without::toString);
    }

    @Test
    void features_changeTheOutcome() throws IOException {
        Path file = write("feat.wit", Fixtures.GATED);
        String path = file.toString();

        CliRun none = CliRun.of("wit", "check", path);
        assertEquals(1, none.exitCode, none::toString);
        assertTrue(ERROR_LINE.matcher(none.outLines()[0]).matches(), none::toString);

        CliRun other = CliRun.of("wit", "check", "--features", "other,unrelated", path);
        assertEquals(1, other.exitCode, other::toString);

        CliRun named = CliRun.of("wit", "check", "--features", "other,fancy", path);
        assertEquals(0, named.exitCode, named::toString);
        assertEquals("ok " + path + "\n", named.out);

        CliRun all = CliRun.of("wit", "check", "--all-features", path);
        assertEquals(0, all.exitCode, all::toString);
    }

    @Test
    void legacyFloatNames_acceptFloat64() throws IOException {
        Path file = write("legacy.wit", "package test:legacy;\n\ninterface i {\n  f: func(x: float64) -> float32;\n}\n");
        assertEquals(1, CliRun.of("wit", "check", file.toString()).exitCode);
        CliRun run = CliRun.of("wit", "check", "--legacy-float-names", file.toString());
        assertEquals(0, run.exitCode, run::toString);
    }
}
