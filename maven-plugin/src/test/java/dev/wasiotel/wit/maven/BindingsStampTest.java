package dev.wasiotel.wit.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BindingsStampTest {

    private static Path project(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("wit/deps/io"));
        Files.writeString(dir.resolve("wit/world.wit"), "package a:b;\nworld w {}\n");
        Files.writeString(dir.resolve("wit/deps/io/io.wit"), "package wasi:io;\ninterface x {}\n");
        return dir;
    }

    private static BindingsStamp.Inputs inputs(Path dir, List<String> options, Map<String, String> index) {
        return new BindingsStamp.Inputs(dir.resolve("wit"), List.of(), options, List.of(), index);
    }

    @Test
    void theHashFollowsEveryInputAndNothingElse(@TempDir Path tmp) throws IOException {
        Path dir = project(tmp.resolve("p"));
        List<String> options = List.of("world=w", "package=x");
        String base = BindingsStamp.hash(inputs(dir, options, Map.of()));
        assertEquals(base, BindingsStamp.hash(inputs(dir, options, Map.of())), "stable");

        Path moved = project(tmp.resolve("elsewhere"));
        assertEquals(base, BindingsStamp.hash(inputs(moved, options, Map.of())), "independent of where the project is");

        Files.writeString(dir.resolve("wit/deps/io/io.wit"), "package wasi:io;\ninterface y {}\n");
        String depChanged = BindingsStamp.hash(inputs(dir, options, Map.of()));
        assertNotEquals(base, depChanged, "a file under deps/");

        Files.writeString(dir.resolve("wit/extra.wit"), "");
        String added = BindingsStamp.hash(inputs(dir, options, Map.of()));
        assertNotEquals(depChanged, added, "a new (even empty) file");

        assertNotEquals(added, BindingsStamp.hash(inputs(dir, List.of("world=w", "package=y"), Map.of())), "options");
        assertNotEquals(added, BindingsStamp.hash(inputs(dir, options, Map.of("META-INF/wit-bindings/a.properties",
                "package=p"))), "the class path's index");
    }

    @Test
    void writtenStampsReadBackAndBrokenOnesAreIgnored(@TempDir Path out) throws IOException {
        BindingsStamp stamp = new BindingsStamp("abc", List.of("source a/B.java", "resource META-INF/x"));
        Path f = BindingsStamp.file(out, "gen/../x y");
        assertEquals(out.resolve(".wit-bindings-gen_.._x_y.stamp"), f, "one flat file per execution");
        stamp.write(f);
        assertEquals(stamp, BindingsStamp.read(f).orElseThrow());
        assertTrue(BindingsStamp.read(BindingsStamp.file(out, "other")).isEmpty());
        Files.writeString(f, "garbage\n");
        assertTrue(BindingsStamp.read(f).isEmpty());
        Files.delete(f);
        assertTrue(BindingsStamp.read(f).isEmpty());
    }

    @Test
    void outputsExistChecksEveryListedFile(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        Path res = tmp.resolve("res");
        Files.createDirectories(out.resolve("a"));
        Files.writeString(out.resolve("a/B.java"), "x");
        BindingsStamp stamp = new BindingsStamp("h", List.of("source a/B.java", "resource META-INF/x"));
        assertFalse(stamp.outputsExist(out, res));
        Files.createDirectories(res.resolve("META-INF"));
        Files.writeString(res.resolve("META-INF/x"), "y");
        assertTrue(stamp.outputsExist(out, res));
    }
}
