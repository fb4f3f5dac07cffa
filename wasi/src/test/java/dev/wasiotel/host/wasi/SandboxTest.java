package dev.wasiotel.host.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.host.wasi.bindings.wasi.filesystem.types.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Sandbox}: paths stay inside their directory, links are expanded and checked here. */
class SandboxTest {
    @TempDir
    Path tmp;
    Path root;

    @BeforeEach
    void tree() throws Exception {
        root = Files.createDirectory(tmp.resolve("root")).toRealPath();
        Files.createDirectories(root.resolve("a/b"));
        Files.writeString(root.resolve("a/b/f.txt"), "f");
        Files.writeString(tmp.resolve("outside.txt"), "o");
    }

    private ErrorCode refusal(String path, boolean follow) {
        IOException e = assertThrows(IOException.class, () -> Sandbox.resolve(root, path, follow));
        return FsErrors.code(e);
    }

    @Test
    void plainPathsResolveBelowTheRoot() throws Exception {
        assertEquals(root.resolve("a/b/f.txt"), Sandbox.resolve(root, "a/b/f.txt", false).path());
        assertEquals(root.resolve("a/b/f.txt"), Sandbox.resolve(root, "./a//b/./f.txt", false).path());
        assertEquals(root.resolve("a/f.txt"), Sandbox.resolve(root, "a/b/../f.txt", false).path());
        assertEquals(root.resolve("new"), Sandbox.resolve(root, "new", false).path(), "the last component need not exist");
        assertTrue(Sandbox.resolve(root, ".", false).isRoot());
        assertTrue(Sandbox.resolve(root, "a/..", false).isRoot());
        assertFalse(Sandbox.resolve(root, "a", false).isRoot());
    }

    @Test
    void climbingOutIsNotPermitted() {
        assertEquals(ErrorCode.NOT_PERMITTED, refusal("..", false));
        assertEquals(ErrorCode.NOT_PERMITTED, refusal("../outside.txt", false));
        assertEquals(ErrorCode.NOT_PERMITTED, refusal("a/../../outside.txt", false));
        assertEquals(ErrorCode.NOT_PERMITTED, refusal("a/b/../../..", false));
        assertEquals(ErrorCode.NOT_PERMITTED, refusal("/", false));
        assertEquals(ErrorCode.NOT_PERMITTED, refusal("/etc/passwd", false));
    }

    @Test
    void linksAreFollowedOnlyInside() throws Exception {
        Files.createSymbolicLink(root.resolve("in"), Path.of("a/b"));
        Files.createSymbolicLink(root.resolve("a/up"), Path.of(".."));
        Files.createSymbolicLink(root.resolve("a/out"), Path.of("../../outside.txt"));
        Files.createSymbolicLink(root.resolve("abs"), tmp.resolve("outside.txt"));
        assertEquals(root.resolve("a/b/f.txt"), Sandbox.resolve(root, "in/f.txt", false).path());
        assertEquals(root.resolve("a/b"), Sandbox.resolve(root, "in", true).path());
        assertEquals(root.resolve("in"), Sandbox.resolve(root, "in", false).path(), "a last link is kept unless followed");
        assertEquals(root.resolve("a"), Sandbox.resolve(root, "a/up/a", true).path());
        assertEquals(ErrorCode.NOT_PERMITTED, refusal("a/out", true));
        assertEquals(ErrorCode.NOT_PERMITTED, refusal("abs", true));
        assertEquals(ErrorCode.NOT_PERMITTED, refusal("abs/x", false), "links in the middle are always followed");
        assertEquals(ErrorCode.NOT_PERMITTED, refusal("a/up/..", true));
    }

    @Test
    void linkLoopsEnd() throws Exception {
        Files.createSymbolicLink(root.resolve("x"), Path.of("y"));
        Files.createSymbolicLink(root.resolve("y"), Path.of("x"));
        assertEquals(ErrorCode.LOOP, refusal("x", true));
        assertEquals(ErrorCode.LOOP, refusal("x/z", false));
    }

    @Test
    void noPathHoweverBuiltLeadsOut() throws Exception {
        Files.createSymbolicLink(root.resolve("a/up"), Path.of(".."));
        Files.createSymbolicLink(root.resolve("a/b/upup"), Path.of("../.."));
        Files.createSymbolicLink(root.resolve("a/b/out"), Path.of("../../../outside.txt"));
        Files.createSymbolicLink(root.resolve("abs"), tmp);
        Files.createSymbolicLink(root.resolve("self"), Path.of("."));
        String[] parts = {"..", ".", "a", "b", "up", "upup", "out", "abs", "self", "f.txt", "", "missing"};
        java.util.Random random = new java.util.Random(20261122);
        int resolved = 0;
        for (int i = 0; i < 5000; i++) {
            StringBuilder path = new StringBuilder();
            int n = 1 + random.nextInt(7);
            for (int k = 0; k < n; k++) {
                path.append(k == 0 ? "" : "/").append(parts[random.nextInt(parts.length)]);
            }
            boolean follow = random.nextBoolean();
            try {
                Path p = Sandbox.resolve(root, path.toString(), follow).path();
                resolved++;
                assertTrue(p.startsWith(root), path + " -> " + p);
                // what the OS would open: no link may lead out either
                if (Files.exists(p)) {
                    assertTrue(p.toRealPath().startsWith(root) || !follow && Files.isSymbolicLink(p), path + " -> " + p.toRealPath());
                }
            } catch (IOException e) {
                ErrorCode code = FsErrors.code(e);
                assertTrue(code == ErrorCode.NOT_PERMITTED || code == ErrorCode.NO_ENTRY
                        || code == ErrorCode.NOT_DIRECTORY || code == ErrorCode.LOOP, path + ": " + code);
            }
        }
        assertTrue(resolved > 500, "the walk should also find paths that resolve: " + resolved);
    }

    @Test
    void badPathsAreRefused() {
        assertEquals(ErrorCode.NO_ENTRY, refusal("", false));
        assertEquals(ErrorCode.INVALID, refusal("a\0b", false));
        assertEquals(ErrorCode.NAME_TOO_LONG, refusal("a/".repeat(3000), false));
        assertEquals(ErrorCode.NOT_DIRECTORY, refusal("a/b/f.txt/x", false));
        assertEquals(ErrorCode.NOT_DIRECTORY, refusal("a/b/f.txt/", false));
        assertEquals(ErrorCode.NO_ENTRY, refusal("missing/x", false));
    }
}
