package dev.wasiotel.wit.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.JavaFile;
import dev.wasiotel.wit.parser.WitLoader;
import dev.wasiotel.wit.parser.WitOptions;
import dev.wasiotel.wit.parser.model.ResolvedPackage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The exact Java generated for a tiny world ({@code golden/tiny.wit}), compared with {@code
 * golden/tiny.expected.txt}, so that every change of the output shows in a diff. To accept a change
 * on purpose, run with {@code -DargLine=-Dcodegen.updateGolden=<module dir>/src/test/resources}.
 */
class GoldenOutputTest {

    @Test
    void tinyWorld() throws Exception {
        String wit = resource("golden/tiny.wit");
        ResolvedPackage p = new WitLoader(WitOptions.DEFAULTS).loadSource("tiny.wit", wit);
        int world = p.resolve().selectWorld(p.mainPackage(), Optional.empty());
        List<JavaFile> files = BindingsGenerator.generate(p.resolve(), world,
                GeneratorOptions.withBasePackage("com.example"));
        compareWithGolden(files, "golden/tiny.expected.txt");
    }

    /** {@code map<K, V>}, fixed-length lists of unsigned integers and {@code tuple<>} ({@code golden/maps.wit}). */
    @Test
    void mapsWorld() throws Exception {
        String wit = resource("golden/maps.wit");
        ResolvedPackage p = new WitLoader(WitOptions.DEFAULTS).loadSource("maps.wit", wit);
        int world = p.resolve().selectWorld(p.mainPackage(), Optional.empty());
        compareWithGolden(BindingsGenerator.generate(p.resolve(), world, GeneratorOptions.withBasePackage("com.example")),
                "golden/maps.expected.txt");
    }

    /** The wasi:otel bindings (main), the ones the OpenTelemetry adapter is built on. */
    @Test
    void wasiOtelWorld() throws Exception {
        Path wit = Path.of(System.getProperty("wasiotel.shared.dir", "../../shared"), "wit", "wasi-otel");
        ResolvedPackage p = new WitLoader(WitOptions.DEFAULTS).load(wit);
        int world = p.resolve().selectWorld(p.mainPackage(), Optional.empty());
        compareWithGolden(BindingsGenerator.generate(p.resolve(), world,
                GeneratorOptions.withBasePackage("dev.wasiotel.otel.bindings")), "golden/wasi-otel.expected.txt");
    }

    private static void compareWithGolden(List<JavaFile> files, String golden) throws IOException {
        StringBuilder actual = new StringBuilder();
        for (JavaFile f : files) {
            actual.append("// ===== ").append(f.packageName()).append('.').append(f.typeSpec().name()).append(" =====\n")
                    .append(f.toString());
        }
        String update = System.getProperty("codegen.updateGolden");
        if (update != null && !update.isBlank()) {
            Files.writeString(Path.of(update, golden), actual.toString(), StandardCharsets.UTF_8);
        }
        InMemoryJavac.Outcome compiled = InMemoryJavac.compile(files);
        assertTrue(compiled.success() && compiled.diagnostics().isEmpty(), compiled.diagnostics());
        assertEquals(resource(golden), actual.toString());
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = GoldenOutputTest.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                return "<missing resource " + name + ">";
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
