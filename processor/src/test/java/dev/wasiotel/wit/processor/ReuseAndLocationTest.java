package dev.wasiotel.wit.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Locale;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reuse of bindings a dependency generated, WIT shipped on the class path, and finding {@code
 * src/main/wit} from where javac writes classes.
 */
class ReuseAndLocationTest {

    /** A world of our own that imports one wasi:otel interface and a function of its own. */
    private static Path appWit(Path dir) {
        Projects.write(dir, "app.wit", """
                package my:app;

                world host {
                    import wasi:otel/tracing@0.2.0-rc.2;
                    import log: func(message: string);
                }
                """);
        Path deps = dir.resolve("deps");
        Projects.copyTree(Projects.wasiOtel(), deps.resolve("wasi-otel"));
        try (var s = Files.list(Projects.wasiOtel().resolve("deps"))) {
            for (Path p : s.toList()) {
                Projects.copyTree(p, deps.resolve(p.getFileName().toString()));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return dir;
    }

    @Test
    void bindingsOfADependencyAreReusedNotGeneratedAgain(@TempDir Path tmp) throws Exception {
        // the dependency: wasi:otel bindings in package com.dep, with their index
        Compilation dep = Compiler.javac().withProcessors(new WitWorldProcessor())
                .withOptions("-Awit.dir=" + Projects.wasiOtel())
                .compile(JavaFileObjects.forSourceString("com.dep.Marker", """
                        package com.dep;
                        @dev.wasiotel.wit.runtime.WitWorld("wasi:otel")
                        public final class Marker {
                        }
                        """));
        assertThat(dep).succeeded();
        Path depJar = Projects.writeOutput(dep.generatedFiles(), tmp.resolve("dep-classes"));
        assertTrue(Files.isRegularFile(depJar.resolve("META-INF/wit-bindings/wasi/otel/tracing@0.2.0-rc.2.properties")));

        // the host project: its world uses wasi:otel/tracing, whose bindings come from the dependency
        Compilation host = Compiler.javac().withProcessors(new WitWorldProcessor())
                .withOptions("-Awit.dir=" + appWit(tmp.resolve("app")))
                .withClasspath(Projects.classPathWith(depJar))
                .compile(JavaFileObjects.forSourceString("com.app.AppHost", """
                        package com.app;

                        import com.app.my.app.host.HostImports;
                        import com.app.my.app.host.HostLinker;
                        import com.dep.wasi.clocks.wall_clock.Datetime;
                        import com.dep.wasi.clocks.wall_clock.WallClock;
                        import com.dep.wasi.otel.tracing.SpanContext;
                        import com.dep.wasi.otel.tracing.SpanData;
                        import com.dep.wasi.otel.tracing.Tracing;
                        import dev.wasiotel.wit.runtime.HostFunctionDef;
                        import dev.wasiotel.wit.abi.StringEncoding;
                        import dev.wasiotel.wit.runtime.WitWorld;
                        import java.util.List;

                        @WitWorld("my:app/host")
                        public final class AppHost implements Tracing, HostImports, WallClock {
                            public Datetime now() {
                                return new Datetime(0, 0);
                            }

                            public Datetime resolution() {
                                return new Datetime(0, 1);
                            }

                            public void onStart(SpanContext context) {
                            }

                            public void onEnd(SpanData span) {
                            }

                            public SpanContext currentSpanContext() {
                                return null;
                            }

                            public void log(String message) {
                            }

                            public static List<HostFunctionDef> functions() {
                                AppHost h = new AppHost();
                                return HostLinker.functions(h, h, h, StringEncoding.UTF8);
                            }
                        }
                        """));
        assertThat(host).succeeded();
        List<String> generated = host.generatedSourceFiles().stream().map(f -> f.toUri().getPath()).toList();
        assertFalse(generated.stream().anyMatch(n -> n.contains("/wasi/otel/tracing/")), generated.toString());
        assertFalse(generated.stream().anyMatch(n -> n.contains("/wasi/otel/types/")), generated.toString());
        assertTrue(generated.stream().anyMatch(n -> n.endsWith("/com/app/my/app/host/HostLinker.java")),
                generated.toString());
        assertThat(host).generatedSourceFile("com.app.my.app.host.HostLinker").contentsAsUtf8String()
                .contains("com.dep.wasi.otel.tracing.TracingHost");
        // no index entry for what was reused; one for nothing else (the world has no named interface of its own)
        Path classes = Projects.writeOutput(host.generatedFiles(), tmp.resolve("app-classes"));
        assertFalse(Files.exists(classes.resolve("META-INF/wit-bindings")));
        try (URLClassLoader depLoader = Projects.loader(depJar);
                URLClassLoader loader = new URLClassLoader(new java.net.URL[] {classes.toUri().toURL()}, depLoader)) {
            @SuppressWarnings("unchecked")
            List<dev.wasiotel.wit.runtime.HostFunctionDef> defs = (List<dev.wasiotel.wit.runtime.HostFunctionDef>)
                    loader.loadClass("com.app.AppHost").getMethod("functions").invoke(null);
            assertEquals(List.of("now", "resolution", "on-start", "on-end", "current-span-context", "log"),
                    defs.stream().map(dev.wasiotel.wit.runtime.HostFunctionDef::name).toList());
        }
    }

    @Test
    void witShippedUnderMetaInfWitOnTheClassPath(@TempDir Path tmp) throws Exception {
        Path cp = tmp.resolve("cp");
        Projects.copyTree(Projects.wasiOtel(), cp.resolve("META-INF/wit/wasi-otel"));
        Projects.copyTree(Projects.wasiOtel().resolve("deps/wasi-clocks-0.2.0"), cp.resolve("META-INF/wit/wasi-clocks"));
        Projects.copyTree(Projects.wasiOtel().resolve("deps/wasi-io-0.2.0"), cp.resolve("META-INF/wit/wasi-io"));
        // strip the package's own deps/ so that the class path copies are what resolves
        deleteTree(cp.resolve("META-INF/wit/wasi-otel/deps"));
        try (URLClassLoader loader = Projects.loader(cp)) {
            Compilation c = Compiler.javac().withProcessors(new WitWorldProcessor(loader))
                    .compile(JavaFileObjects.forSourceString("x.Host", """
                            package x;
                            @dev.wasiotel.wit.runtime.WitWorld("wasi:otel/imports")
                            class Host {
                                x.wasi.otel.logs.Logs logs;
                                x.wasi.clocks.wall_clock.Datetime time;
                            }
                            """));
            assertThat(c).succeeded();
        }
    }

    @Test
    void witShippedInAJarUnderMetaInfWit(@TempDir Path tmp) throws Exception {
        Path jar = tmp.resolve("wit.jar");
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("META-INF/"));
            zip.putNextEntry(new java.util.zip.ZipEntry("META-INF/wit/"));
            zip.putNextEntry(new java.util.zip.ZipEntry("META-INF/wit/greet/"));
            zip.putNextEntry(new java.util.zip.ZipEntry("META-INF/wit/greet/greet.wit"));
            zip.write("""
                    package my:greet;

                    interface greeter {
                        hello: func(name: string) -> string;
                    }

                    world host {
                        import greeter;
                    }
                    """.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        try (URLClassLoader loader = new URLClassLoader(new java.net.URL[] {jar.toUri().toURL()}, null)) {
            Compilation c = Compiler.javac().withProcessors(new WitWorldProcessor(loader))
                    .compile(JavaFileObjects.forSourceString("x.Host", """
                            package x;
                            @dev.wasiotel.wit.runtime.WitWorld("my:greet/host")
                            class Host implements x.my.greet.greeter.Greeter {
                                public String hello(String name) {
                                    return "hello " + name;
                                }
                            }
                            """));
            assertThat(c).succeeded();
        }
    }

    @Test
    void noWitAnywhereSaysWhereItLooked() {
        Compilation c = Compiler.javac().withProcessors(new WitWorldProcessor(new URLClassLoader(new java.net.URL[0], null)))
                .compile(JavaFileObjects.forSourceString("x.Host", """
                        package x;
                        @dev.wasiotel.wit.runtime.WitWorld("my:greet/host")
                        class Host {
                        }
                        """));
        assertThat(c).failed();
        assertThat(c).hadErrorContaining("no WIT for world `my:greet/host`: looked in src/main/wit");
        assertThat(c).hadErrorContaining("META-INF/wit/ on the class path");
    }

    @Test
    void srcMainWitIsFoundFromTheClassOutputAndASecondBuildRegenerates(@TempDir Path project) throws Exception {
        Projects.write(project, "pom.xml", "<project/>\n", "src/main/wit/greet.wit", """
                package my:greet;

                interface greeter {
                    record greeting {
                        text: string,
                        times: u32,
                    }
                    hello: func(g: greeting) -> string;
                }

                world host {
                    import greeter;
                }
                """, "src/main/java/com/example/Host.java", """
                package com.example;

                import com.example.my.greet.greeter.Greeter;
                import com.example.my.greet.greeter.Greeting;

                @dev.wasiotel.wit.runtime.WitWorld("my:greet")
                public final class Host implements Greeter {
                    @Override
                    public String hello(Greeting g) {
                        return g.text().repeat((int) g.times());
                    }
                }
                """);
        Path classes = project.resolve("target/classes");
        Path sources = project.resolve("target/generated-sources/annotations");
        Path greeter = sources.resolve("com/example/my/greet/greeter/Greeter.java");
        assertEquals("", compile(project, classes, sources));
        assertTrue(Files.isRegularFile(greeter));
        assertTrue(Files.isRegularFile(classes.resolve("META-INF/wit-bindings/my/greet/greeter.properties")));
        assertTrue(Files.isRegularFile(classes.resolve("com/example/my/greet/greeter/GreeterHost.class")));

        // a rebuild: the build tool removes the classes, but the index resource stays in the class
        // output, which is on the class path; the processor must not take its own output for a
        // dependency's bindings (it would generate nothing, and Host would not compile)
        try (var s = Files.walk(classes)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".class")).toList()) {
                Files.delete(p);
            }
        }
        Files.setLastModifiedTime(greeter, FileTime.fromMillis(0));
        assertEquals("", compile(project, classes, sources));
        assertTrue(Files.getLastModifiedTime(greeter).toMillis() > 0, "regenerated");
    }

    private static String compile(Path project, Path classes, Path sources) throws IOException {
        Files.createDirectories(classes);
        Files.createDirectories(sources);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of("-d", classes.toString(), "-s", sources.toString(), "-classpath",
                    classes + java.io.File.pathSeparator + System.getProperty("java.class.path"));
            JavaCompiler.CompilationTask task = javac.getTask(null, fm, diagnostics, options, null,
                    fm.getJavaFileObjects(project.resolve("src/main/java/com/example/Host.java")));
            task.setProcessors(List.of(new WitWorldProcessor()));
            boolean ok = task.call();
            StringBuilder out = new StringBuilder();
            diagnostics.getDiagnostics().forEach(d -> out.append(d).append('\n'));
            return ok ? out.toString().replaceAll("(?m)^warning: .*\\n", "") : "FAILED\n" + out;
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
