package dev.wasiotel.wit.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.wit.abi.StringEncoding;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line of {@link GenerateBindings}: the old arguments and the new ones. */
class GenerateBindingsCliTest {
    private static final String WIT = Path.of(System.getProperty("wasiotel.shared.dir", "../../shared"), "wit",
            "wasi-otel").toString();

    @Test
    void theOriginalArgumentsWriteOnlyJavaSources(@TempDir Path out) throws Exception {
        GenerateBindings.main(new String[] {"--wit", WIT, "--package", "p", "--out", out.toString()});
        assertTrue(Files.isRegularFile(out.resolve("p/wasi/otel/tracing/Tracing.java")));
        assertFalse(Files.exists(out.resolve("p/wasi/otel/imports/ImportsBindings.java")), "only with --encoding");
        assertFalse(Files.exists(out.resolve("META-INF")), "resources only with --resources");
    }

    @Test
    void worldSpecEncodingFeaturesAndResources(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("src");
        Path res = tmp.resolve("res");
        GenerateBindings.main(new String[] {"--wit", WIT, "--package", "p", "--out", out.toString(), "--world",
                "wasi:otel/imports@0.2.0-rc.2", "--encoding", "utf-16", "--features", "a,b", "--resources",
                res.toString()});
        assertTrue(Files.readString(out.resolve("p/wasi/otel/imports/ImportsBindings.java"))
                .contains("ENCODING = StringEncoding.UTF16;"));
        assertTrue(Files.readString(res.resolve("META-INF/wit-bindings/wasi/otel/logs@0.2.0-rc.2.properties"))
                .contains("package=p.wasi.otel.logs"));
    }

    @Test
    void unknownArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> GenerateBindings.main(new String[] {"--nope"}));
    }

    @Test
    void encodingsByTheirUsualNames() {
        assertEquals(StringEncoding.UTF8, GenerateBindings.parseEncoding("utf8"));
        assertEquals(StringEncoding.UTF8, GenerateBindings.parseEncoding("UTF-8"));
        assertEquals(StringEncoding.UTF16, GenerateBindings.parseEncoding("utf16"));
        assertEquals(StringEncoding.LATIN1_UTF16, GenerateBindings.parseEncoding("latin1+utf16"));
        assertEquals(StringEncoding.LATIN1_UTF16, GenerateBindings.parseEncoding("LATIN1_UTF16"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GenerateBindings.parseEncoding("ascii"));
        assertTrue(e.getMessage().contains("use utf8, utf16 or latin1+utf16"), e.getMessage());
    }
}
