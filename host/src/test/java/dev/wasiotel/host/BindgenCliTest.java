package dev.wasiotel.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wasi-otel bindgen}: the generator from the command line. */
class BindgenCliTest {
    @TempDir
    Path dir;

    @Test
    void generatesTheWasiOtelBindingsAndTheirIndex() throws Exception {
        Path out = dir.resolve("src");
        Path res = dir.resolve("res");
        CliRun run = CliRun.of("bindgen", "--package", "com.example.otel", "--out", out.toString(),
                "--resources", res.toString(), Fixtures.sharedDir().resolve("wit/wasi-otel").toString());
        assertEquals(0, run.exitCode, run.toString());
        Path tracing = out.resolve("com/example/otel/wasi/otel/tracing/Tracing.java");
        assertTrue(Files.readString(tracing).contains("void onEnd(SpanData span);"), "the host interface");
        assertTrue(Files.exists(out.resolve("com/example/otel/wasi/otel/tracing/TracingHost.java")));
        try (Stream<Path> sources = Files.walk(out)) {
            long count = sources.filter(p -> p.toString().endsWith(".java")).count();
            assertEquals("generated " + count + " Java files into " + out + " and the bindings index into " + res,
                    run.out.strip());
        }
        assertTrue(Files.exists(res.resolve("META-INF/wit-bindings/wasi/otel/tracing@0.2.0-rc.2.properties")));
    }

    @Test
    void badWitIsReportedWithItsLocation() throws Exception {
        Path wit = Files.writeString(dir.resolve("bad.wit"), "package a:b;\ninterface i {\n  f: func(x: u33);\n}\n");
        CliRun run = CliRun.of("bindgen", "--package", "p", "--out", dir.resolve("o").toString(), wit.toString());
        assertEquals(1, run.exitCode, run.toString());
        assertTrue(run.err.contains("bad.wit:3:"), run.toString());
    }

    @Test
    void unknownWorldNamesTheWorldsThere() throws Exception {
        CliRun run = CliRun.of("bindgen", "--package", "p", "--out", dir.resolve("o").toString(), "--world", "nope",
                Fixtures.sharedDir().resolve("wit/wasi-otel").toString());
        assertEquals(1, run.exitCode, run.toString());
        assertTrue(run.err.contains("imports"), "lists the world that exists: " + run);
    }
}
