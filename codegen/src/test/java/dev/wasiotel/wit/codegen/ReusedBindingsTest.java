package dev.wasiotel.wit.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.JavaFile;
import dev.wasiotel.wit.parser.WitOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generation that reuses bindings made before, found through their {@link BindingsIndex} entries. */
class ReusedBindingsTest {
    private static final Path WASI_OTEL = Path.of(System.getProperty("wasiotel.shared.dir", "../../shared"), "wit",
            "wasi-otel");

    private static Path appWit(Path dir) throws IOException {
        Files.writeString(dir.resolve("app.wit"), """
                package my:app;

                world host {
                    import wasi:otel/tracing@0.2.0-rc.2;
                    import log: func(message: string);
                }
                """);
        // deps/: the wasi:otel package and the packages it depends on, side by side
        Path otel = Files.createDirectories(dir.resolve("deps/wasi-otel"));
        try (var s = Files.list(WASI_OTEL)) {
            for (Path f : s.filter(f -> f.toString().endsWith(".wit")).toList()) {
                Files.copy(f, otel.resolve(f.getFileName().toString()));
            }
        }
        try (var s = Files.list(WASI_OTEL.resolve("deps"))) {
            for (Path d : s.toList()) {
                Path to = Files.createDirectories(dir.resolve("deps").resolve(d.getFileName().toString()));
                Files.copy(d.resolve("package.wit"), to.resolve("package.wit"));
            }
        }
        return dir;
    }

    @Test
    void indexEntriesLetALaterGenerationReuseTheClasses(@TempDir Path tmp) throws Exception {
        List<GeneratedFile> dep = GenerateBindings.generateFiles(new BindingsRequest(WASI_OTEL, List.of(),
                WorldSpec.parse("wasi:otel"), "dep", WitOptions.DEFAULTS, Optional.empty()), p -> Optional.empty());
        Map<String, String> index = new HashMap<>();
        for (GeneratedFile f : dep) {
            if (f.kind() == GeneratedFile.Kind.RESOURCE) {
                index.put(f.name(), f.content());
            }
        }
        assertEquals(Set.of("wasi/otel/tracing@0.2.0-rc.2", "wasi/otel/types@0.2.0-rc.2", "wasi/otel/logs@0.2.0-rc.2",
                "wasi/otel/metrics@0.2.0-rc.2", "wasi/clocks/wall-clock@0.2.0", "wasi/clocks/monotonic-clock@0.2.0",
                "wasi/io/poll@0.2.0"), strip(index.keySet()));
        ExistingInterface tracing = BindingsIndex.parse("x", index.get(
                BindingsIndex.resourcePath("wasi:otel/tracing@0.2.0-rc.2")));
        assertEquals("dep.wasi.otel.tracing", tracing.javaPackage());
        assertTrue(tracing.classes().containsAll(Set.of("Tracing", "TracingHost", "SpanData", "SpanContext")));

        List<GeneratedFile> app = GenerateBindings.generateFiles(new BindingsRequest(appWit(tmp), List.of(),
                WorldSpec.parse("my:app/host"), "app", WitOptions.DEFAULTS, Optional.empty()),
                p -> Optional.ofNullable(index.get(p)));
        List<String> names = app.stream().map(GeneratedFile::name).toList();
        assertFalse(names.stream().anyMatch(n -> n.startsWith("app.wasi.")), names.toString());
        assertFalse(names.stream().anyMatch(n -> n.startsWith("dep.")), names.toString());
        assertTrue(names.contains("app.my.app.host.HostLinker"), names.toString());
        String linker = app.stream().filter(f -> f.name().equals("app.my.app.host.HostLinker")).findFirst()
                .orElseThrow().content();
        assertTrue(linker.contains("import dep.wasi.otel.tracing.TracingHost;"), linker);

        // both generations compile together, as the dependency's jar and the host project would
        List<JavaFile> all = new ArrayList<>();
        all.addAll(javaFiles(WASI_OTEL, "wasi:otel", "dep", Map.of()));
        Map<String, ExistingInterface> reused = new HashMap<>();
        for (Map.Entry<String, String> e : index.entrySet()) {
            String iface = e.getKey().substring(BindingsIndex.ROOT.length(), e.getKey().length() - ".properties".length())
                    .replaceFirst("/", ":");
            reused.put(iface, BindingsIndex.parse(e.getKey(), e.getValue()));
        }
        all.addAll(javaFiles(tmp, "my:app/host", "app", reused));
        InMemoryJavac.Outcome outcome = InMemoryJavac.compile(all);
        assertTrue(outcome.success() && outcome.diagnostics().isEmpty(), outcome.diagnostics());
    }

    @Test
    void reuseMustBeClosedOverTheTypesUsed(@TempDir Path tmp) throws Exception {
        Map<String, ExistingInterface> onlyTracing = Map.of("wasi:otel/tracing@0.2.0-rc.2",
                new ExistingInterface("dep.wasi.otel.tracing", Set.of("Tracing", "TracingHost")));
        CodegenException e = assertThrows(CodegenException.class,
                () -> javaFiles(appWit(tmp), "my:app/host", "app", onlyTracing));
        assertTrue(e.getMessage().contains("the bindings of wasi:otel/tracing@0.2.0-rc.2 are reused from Java package"
                + " `dep.wasi.otel.tracing`, but it uses type"), e.getMessage());
        assertTrue(e.getMessage().contains("reuse that interface's bindings too"), e.getMessage());
    }

    @Test
    void aClassTheDependencyDoesNotHaveIsGeneratedIntoItsPackage(@TempDir Path tmp) throws Exception {
        Map<String, ExistingInterface> reused = new HashMap<>();
        for (String[] iface : new String[][] {{"wasi:otel/tracing@0.2.0-rc.2", "dep.wasi.otel.tracing"},
                {"wasi:otel/types@0.2.0-rc.2", "dep.wasi.otel.types"},
                {"wasi:clocks/wall-clock@0.2.0", "dep.wasi.clocks.wall_clock"}}) {
            reused.put(iface[0], new ExistingInterface(iface[1], Set.of()));
        }
        List<JavaFile> files = javaFiles(appWit(tmp), "my:app/host", "app", reused);
        List<String> names = files.stream().map(f -> f.packageName() + "." + f.typeSpec().name()).toList();
        assertTrue(names.contains("dep.wasi.otel.tracing.Tracing"), names.toString());
        assertTrue(names.contains("dep.wasi.otel.tracing.TracingHost"), names.toString());
    }

    private static List<JavaFile> javaFiles(Path wit, String world, String base, Map<String, ExistingInterface> reused)
            throws Exception {
        var pkg = new dev.wasiotel.wit.parser.WitLoader(WitOptions.DEFAULTS).load(wit, List.of());
        int id = WorldSpec.parse(world).select(pkg);
        return BindingsGenerator.generate(pkg.resolve(), id, GeneratorOptions.withBasePackage(base).withReused(reused));
    }

    private static Set<String> strip(Set<String> paths) {
        Set<String> out = new java.util.HashSet<>();
        for (String p : paths) {
            out.add(p.substring(BindingsIndex.ROOT.length(), p.length() - ".properties".length()));
        }
        return out;
    }
}
