package dev.wasiotel.wit.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.wit.parser.diag.Diagnostic;
import dev.wasiotel.wit.parser.diag.WitParseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ten typical mistakes: each is rejected with the right message at the right line and column. */
class ErrorMessagesTest {
    private final WitLoader loader = new WitLoader(WitOptions.DEFAULTS);

    private Diagnostic reject(String source) {
        WitParseException e = assertThrows(WitParseException.class, () -> loader.loadSource("test.wit", source));
        return e.diagnostic();
    }

    private static void assertAt(Diagnostic d, int line, int column, String messagePart) {
        assertTrue(d.message().contains(messagePart), () -> "message was: " + d.message());
        assertEquals(line + ":" + column, d.line() + ":" + d.column(), () -> "at " + d.headline());
        assertEquals("test.wit", d.file());
    }

    @Test
    void unknownType() {
        Diagnostic d = reject("package a:b;\ninterface i {\n  f: func(x: strng);\n}\n");
        assertAt(d, 3, 14, "name `strng` does not exist");
    }

    @Test
    void missingSemicolon() {
        Diagnostic d = reject("package a:b;\ninterface i {\n  type t = u32\n  f: func();\n}\n");
        assertAt(d, 4, 3, "expected ';', found an identifier");
    }

    @Test
    void duplicateName() {
        Diagnostic d = reject("package a:b;\ninterface i {\n  type t = u32;\n  record t { x: u8 }\n}\n");
        assertAt(d, 4, 10, "name `t` is defined more than once");
    }

    @Test
    void badKebabCase() {
        Diagnostic d = reject("package a:b;\ninterface i {\n  my_func: func();\n}\n");
        assertAt(d, 3, 3, "invalid character '_' in identifier `my_func`");
        Diagnostic mixed = reject("package a:b;\ninterface i {\n  myFunc: func();\n}\n");
        assertAt(mixed, 3, 3, "mixes upper and lower case");
    }

    @Test
    void typeCycle() {
        Diagnostic d = reject("package a:b;\ninterface i {\n  type a = list<b>;\n  type b = option<a>;\n}\n");
        assertAt(d, 4, 19, "type `a` depends on itself");
    }

    @Test
    void borrowInResult() {
        Diagnostic d = reject("package a:b;\ninterface i {\n  resource r;\n  f: func() -> borrow<r>;\n}\n");
        assertAt(d, 4, 3, "function `f` returns a type which contains a `borrow<T>`");
    }

    @Test
    void unknownUseTarget() {
        Diagnostic d = reject("package a:b;\ninterface i {\n  use missing.{t};\n}\n");
        assertAt(d, 3, 7, "interface or world `missing` does not exist");
    }

    @Test
    void unknownPackageInDeps(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("main.wit"), "package a:b;\n\ninterface i {\n  use c:d/types.{t};\n}\n");
        WitParseException e = assertThrows(WitParseException.class, () -> loader.load(dir));
        Diagnostic d = e.diagnostic();
        assertTrue(d.message().contains("package 'c:d' not found"), d.message());
        assertEquals(dir.resolve("main.wit").toString() + ":4:7", d.location());
    }

    @Test
    void versionMismatchWithDependency(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("main.wit"),
                "package a:b;\n\ninterface i {\n  use c:d/types@0.2.1.{t};\n}\n");
        Path dep = Files.createDirectories(dir.resolve("deps/cd"));
        Files.writeString(dep.resolve("types.wit"), "package c:d@0.2.0;\ninterface types { type t = u8; }\n");
        Diagnostic d = assertThrows(WitParseException.class, () -> loader.load(dir)).diagnostic();
        assertTrue(d.message().contains("package 'c:d@0.2.1' not found. known packages:"), d.message());
        assertTrue(d.message().contains("c:d@0.2.0"), d.message());
        assertEquals(4, d.line());
        assertEquals(7, d.column());
    }

    @Test
    void unterminatedComment() {
        Diagnostic d = reject("package a:b;\n\ninterface i {\n  /* never /* closed */\n}\n");
        assertAt(d, 4, 3, "unterminated block comment");
    }

    @Test
    void deeplyNestedCommentsLexInLinearTime() throws WitParseException {
        // Found by the fuzz test: recursive lexer rules took seconds for a few hundred levels.
        int n = 50_000;
        loader.loadSource("nested.wit", "/*".repeat(n) + "x" + "*/".repeat(n) + "\npackage a:b;\n");
        Diagnostic d = reject("package a:b;\n" + "/*".repeat(n));
        assertAt(d, 2, 1, "unterminated block comment");
    }

    @Test
    void versionNumbersMustFitU64() {
        Diagnostic d = reject("package a:b@18446744073709551616.0.0;\n");
        assertAt(d, 1, 13, "invalid semantic version");
    }

    @Test
    void renderShowsSourceLineAndCaret() {
        Diagnostic d = reject("package a:b;\ninterface i {\n  f: func(x: strng);\n}\n");
        String[] lines = d.render().split("\\R");
        assertEquals("test.wit:3:14: name `strng` does not exist", lines[0]);
        assertEquals("      f: func(x: strng);", lines[1]);
        assertEquals("                 ^", lines[2]);
    }
}
