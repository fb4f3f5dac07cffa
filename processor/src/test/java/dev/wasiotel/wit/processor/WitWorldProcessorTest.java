package dev.wasiotel.wit.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The processor inside real javac runs (compile-testing). */
class WitWorldProcessorTest {

    private static final String OTEL_HOST = """
            package com.example.host;

            import com.example.host.wasi.otel.imports.ImportsBindings;
            import com.example.host.wasi.otel.tracing.SpanContext;
            import com.example.host.wasi.otel.tracing.SpanData;
            import com.example.host.wasi.otel.tracing.TraceFlags;
            import com.example.host.wasi.otel.tracing.Tracing;
            import com.example.host.wasi.otel.tracing.TracingHost;
            import dev.wasiotel.wit.runtime.HostFunctionDef;
            import dev.wasiotel.wit.runtime.WitWorld;
            import java.util.ArrayList;
            import java.util.EnumSet;
            import java.util.List;

            @WitWorld("wasi:otel")
            public final class OtelHost implements Tracing {
                final List<String> started = new ArrayList<>();

                @Override
                public void onStart(SpanContext context) {
                    started.add(context.spanId());
                }

                @Override
                public void onEnd(SpanData span) {
                }

                @Override
                public SpanContext currentSpanContext() {
                    return new SpanContext("0".repeat(32), "0".repeat(16), EnumSet.noneOf(TraceFlags.class), false,
                            List.of());
                }

                public static List<HostFunctionDef> functions() {
                    return TracingHost.functions(new OtelHost(), ImportsBindings.ENCODING);
                }
            }
            """;

    private static Compiler javac(String witDir) {
        return Compiler.javac().withProcessors(new WitWorldProcessor()).withOptions("-Awit.dir=" + witDir);
    }

    @Test
    void wasiOtelBindingsAreUsableInTheSameCompilation() throws Exception {
        Compilation c = javac(Projects.wasiOtel().toString())
                .compile(JavaFileObjects.forSourceString("com.example.host.OtelHost", OTEL_HOST));
        assertThat(c).succeededWithoutWarnings();
        assertThat(c).generatedSourceFile("com.example.host.wasi.otel.tracing.Tracing")
                .contentsAsUtf8String().contains("void onStart(SpanContext context);");
        assertThat(c).generatedSourceFile("com.example.host.wasi.otel.imports.ImportsLinker");
        assertThat(c).generatedFile(StandardLocation.CLASS_OUTPUT,
                "META-INF/wit-bindings/wasi/otel/tracing@0.2.0-rc.2.properties")
                .contentsAsUtf8String().contains("package=com.example.host.wasi.otel.tracing");
        // the compiled classes work: the host functions link the hand-written implementation
        try (URLClassLoader loader = Projects.loader(Projects.writeOutput(c.generatedFiles(),
                java.nio.file.Files.createTempDirectory("proc-out")))) {
            Method functions = loader.loadClass("com.example.host.OtelHost").getMethod("functions");
            @SuppressWarnings("unchecked")
            List<HostFunctionDef> defs = (List<HostFunctionDef>) functions.invoke(null);
            assertEquals(List.of("on-start", "on-end", "current-span-context"),
                    defs.stream().map(HostFunctionDef::name).collect(Collectors.toList()));
            assertEquals("wasi:otel/tracing@0.2.0-rc.2", defs.get(0).module());
        }
    }

    @Test
    void javaPackageAndEncodingFromTheAnnotation() {
        Compilation c = javac(Projects.wasiOtel().toString()).compile(JavaFileObjects.forSourceString("a.Host", """
                package a;
                @dev.wasiotel.wit.runtime.WitWorld(value = "wasi:otel/imports", javaPackage = "b.gen",
                        encoding = dev.wasiotel.wit.abi.StringEncoding.UTF16)
                class Host {
                    b.gen.wasi.otel.logs.Logs logs;
                }
                """));
        assertThat(c).succeeded();
        assertThat(c).generatedSourceFile("b.gen.wasi.otel.imports.ImportsBindings").contentsAsUtf8String()
                .contains("ENCODING = StringEncoding.UTF16");
    }

    @Test
    void featuresFromTheAnnotationEnableUnstableItems(@TempDir Path dir) {
        Projects.write(dir, "host.wit", """
                package my:app@1.0.0;

                interface api {
                    stable: func();
                    @unstable(feature = fancy)
                    fancy: func();
                }

                world host {
                    import api;
                }
                """);
        String src = """
                package a;
                @dev.wasiotel.wit.runtime.WitWorld(value = "my:app/host"%s)
                class Host {
                }
                """;
        Compilation plain = javac(dir.toString()).compile(JavaFileObjects.forSourceString("a.Host", src.formatted("")));
        assertThat(plain).succeeded();
        assertThat(plain).generatedSourceFile("a.my.app.api.Api").contentsAsUtf8String().doesNotContain("fancy");
        Compilation fancy = javac(dir.toString()).compile(JavaFileObjects.forSourceString("a.Host",
                src.formatted(", features = \"fancy\"")));
        assertThat(fancy).succeeded();
        assertThat(fancy).generatedSourceFile("a.my.app.api.Api").contentsAsUtf8String().contains("void fancy();");
    }

    @Test
    void legacyFloatNamesOnlyWhenAsked(@TempDir Path dir) {
        Projects.write(dir, "host.wit", """
                package my:app@1.0.0;

                interface api {
                    ratio: func() -> float64;
                }

                world host {
                    import api;
                }
                """);
        String src = """
                package a;
                @dev.wasiotel.wit.runtime.WitWorld(value = "my:app/host"%s)
                class Host {
                }
                """;
        Compilation strict = javac(dir.toString()).compile(JavaFileObjects.forSourceString("a.Host", src.formatted("")));
        assertThat(strict).failed();
        assertThat(strict).hadErrorContaining("host.wit:4:");
        Compilation legacy = javac(dir.toString()).compile(JavaFileObjects.forSourceString("a.Host",
                src.formatted(", legacyFloatNames = true")));
        assertThat(legacy).succeeded();
        assertThat(legacy).generatedSourceFile("a.my.app.api.Api").contentsAsUtf8String().contains("double ratio();");
    }

    @Test
    void witSyntaxErrorIsADiagnosticWithFileLineColumn(@TempDir Path dir) {
        Projects.write(dir, "host.wit", "package my:app;\n\nworld host {\n  import log: func(msg: strin g);\n}\n");
        JavaFileObject source = JavaFileObjects.forSourceString("a.Host", """
                package a;
                @dev.wasiotel.wit.runtime.WitWorld("my:app/host")
                class Host {
                }
                """);
        Compilation c = javac(dir.toString()).compile(source);
        assertThat(c).failed();
        assertThat(c).hadErrorCount(1);
        assertThat(c).hadErrorContaining("host.wit:4:").inFile(source).onLineContaining("@dev.wasiotel.wit.runtime.WitWorld");
        Diagnostic<? extends JavaFileObject> d = c.errors().get(0);
        String msg = d.getMessage(Locale.ROOT);
        assertTrue(msg.contains("host.wit:4:31"), msg);
        assertTrue(msg.contains("import log: func(msg: strin g);") && msg.contains("^"), "source line and caret: " + msg);
    }

    @Test
    void unknownWorldListsTheWorldsFound() {
        JavaFileObject source = JavaFileObjects.forSourceString("a.Host", """
                package a;
                @dev.wasiotel.wit.runtime.WitWorld("wasi:otel/exports")
                class Host {
                }
                """);
        Compilation c = javac(Projects.wasiOtel().toString()).compile(source);
        assertThat(c).failed();
        assertThat(c).hadErrorContaining("has no world `exports`; its worlds: imports").inFile(source)
                .onLineContaining("WitWorld");
    }

    @Test
    void unknownPackageListsThePackagesFound() {
        Compilation c = javac(Projects.wasiOtel().toString()).compile(JavaFileObjects.forSourceString("a.Host", """
                package a;
                @dev.wasiotel.wit.runtime.WitWorld("wasi:nope")
                class Host {
                }
                """));
        assertThat(c).failed();
        assertThat(c).hadErrorContaining("no WIT package `wasi:nope` was loaded; packages found: ");
        assertThat(c).hadErrorContaining("wasi:otel@0.2.0-rc.2");
    }

    @Test
    void missingWitFolderIsReported(@TempDir Path dir) {
        Compilation c = javac(dir.resolve("nothing-here").toString()).compile(JavaFileObjects.forSourceString("a.Host", """
                package a;
                @dev.wasiotel.wit.runtime.WitWorld("wasi:otel")
                class Host {
                }
                """));
        assertThat(c).failed();
        assertThat(c).hadErrorContaining("no WIT at " + dir.resolve("nothing-here"));
    }

    @Test
    void invalidJavaPackageIsReportedOnThatElement() {
        JavaFileObject source = JavaFileObjects.forSourceString("a.Host", """
                package a;
                @dev.wasiotel.wit.runtime.WitWorld(value = "wasi:otel",
                        javaPackage = "1bad")
                class Host {
                }
                """);
        Compilation c = javac(Projects.wasiOtel().toString()).compile(source);
        assertThat(c).failed();
        assertThat(c).hadErrorContaining("not a valid Java package name: `1bad`").inFile(source)
                .onLineContaining("javaPackage = \"1bad\"");
    }

    @Test
    void malformedWorldNameIsReported() {
        Compilation c = javac(Projects.wasiOtel().toString()).compile(JavaFileObjects.forSourceString("a.Host", """
                package a;
                @dev.wasiotel.wit.runtime.WitWorld("wasi:otel/a/b")
                class Host {
                }
                """));
        assertThat(c).failed();
        assertThat(c).hadErrorContaining("does not name a world");
    }

    @Test
    void unsupportedWitIsReportedWithItsLocation(@TempDir Path dir) {
        Projects.write(dir, "host.wit", "package my:app;\n\nworld host {\n  import read: func() -> stream<u8>;\n}\n");
        Compilation c = javac(dir.toString()).compile(JavaFileObjects.forSourceString("a.Host", """
                package a;
                @dev.wasiotel.wit.runtime.WitWorld("my:app")
                class Host {
                }
                """));
        assertThat(c).failed();
        assertThat(c).hadErrorContaining("host.wit:4:");
        assertThat(c).hadErrorContaining("not supported yet");
    }

    @Test
    void aSecondAnnotatedClassReusesTheFirstsBindingsUnlessReuseIsOff() {
        Compilation c = javac(Projects.wasiOtel().toString()).compile(
                JavaFileObjects.forSourceString("a.Host", """
                        package a;
                        @dev.wasiotel.wit.runtime.WitWorld("wasi:otel")
                        class Host {
                            a.wasi.otel.logs.Logs logs;
                        }
                        """),
                JavaFileObjects.forSourceString("b.Host", """
                        package b;
                        @dev.wasiotel.wit.runtime.WitWorld("wasi:otel")
                        class Host {
                            a.wasi.otel.logs.Logs logs;
                            static Object link(a.wasi.otel.logs.Logs l, a.wasi.otel.tracing.Tracing t,
                                    a.wasi.otel.metrics.Metrics m, a.wasi.clocks.wall_clock.WallClock w,
                                    a.wasi.clocks.monotonic_clock.MonotonicClock mc, a.wasi.io.poll.Poll p) {
                                return b.wasi.otel.imports.ImportsLinker.functions(w, t, p, mc, m, l,
                                        b.wasi.otel.imports.ImportsBindings.ENCODING);
                            }
                        }
                        """),
                JavaFileObjects.forSourceString("c.Host", """
                        package c;
                        @dev.wasiotel.wit.runtime.WitWorld(value = "wasi:otel", reuse = false)
                        class Host {
                            c.wasi.otel.logs.Logs logs;
                        }
                        """));
        assertThat(c).succeeded();
        List<String> names = c.generatedSourceFiles().stream().map(f -> f.toUri().getPath()).toList();
        assertTrue(names.stream().anyMatch(n -> n.endsWith("/b/wasi/otel/imports/ImportsLinker.java")), names.toString());
        assertFalse(names.stream().anyMatch(n -> n.contains("/b/wasi/otel/logs/")), names.toString());
        assertTrue(names.stream().anyMatch(n -> n.endsWith("/c/wasi/otel/logs/Logs.java")), names.toString());
    }
}
