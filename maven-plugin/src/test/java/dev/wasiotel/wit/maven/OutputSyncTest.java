package dev.wasiotel.wit.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.wit.codegen.GeneratedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputSyncTest {
    private static GeneratedFile source(String name, String text) {
        return new GeneratedFile(GeneratedFile.Kind.SOURCE, name, text);
    }

    @Test
    void writesChangesKeepsUnchangedFilesAndDeletesWhatIsGone(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        Path res = tmp.resolve("res");
        List<GeneratedFile> first = List.of(source("a.A", "class A {}"), source("a.b.Gone", "class Gone {}"),
                new GeneratedFile(GeneratedFile.Kind.RESOURCE, "META-INF/wit-bindings/x.properties", "package=a"));
        assertEquals(new OutputSync.Result(3, 0, 0), OutputSync.apply(first, List.of(), out, res));
        assertTrue(Files.isRegularFile(res.resolve("META-INF/wit-bindings/x.properties")));
        Files.setLastModifiedTime(out.resolve("a/A.java"), FileTime.fromMillis(1000));

        List<GeneratedFile> second = List.of(source("a.A", "class A {}"), source("a.C", "class C {}"));
        OutputSync.Result r = OutputSync.apply(second, OutputSync.names(first), out, res);
        assertEquals(new OutputSync.Result(1, 1, 2), r);
        assertEquals(1000, Files.getLastModifiedTime(out.resolve("a/A.java")).toMillis(), "unchanged file untouched");
        assertFalse(Files.exists(out.resolve("a/b")), "the folder left empty is removed");
        assertFalse(Files.exists(res.resolve("META-INF")), "resource folders too");
        assertTrue(Files.isRegularFile(out.resolve("a/C.java")));
    }

    @Test
    void filesNotListedInThePreviousStampAreLeftAlone(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("out");
        Files.createDirectories(out.resolve("mine"));
        Files.writeString(out.resolve("mine/Keep.java"), "class Keep {}");
        OutputSync.apply(List.of(source("a.A", "class A {}")), List.of(), out, tmp.resolve("res"));
        assertTrue(Files.isRegularFile(out.resolve("mine/Keep.java")));
    }

    @Test
    void aStampEntryOutsideItsFolderIsRefused(@TempDir Path tmp) {
        assertThrows(IllegalArgumentException.class,
                () -> OutputSync.apply(List.of(), List.of("source ../../victim.txt"), tmp.resolve("out"), tmp.resolve("res")));
    }
}
