package dev.wasiotel.wit.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.wit.parser.WitLoader;
import dev.wasiotel.wit.parser.WitOptions;
import dev.wasiotel.wit.parser.model.ResolvedPackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every world of the WIT under ../shared/wit generates Java that compiles. */
class SharedWitBindingsTest {
    private static final Map<String, Boolean> RESULTS = new TreeMap<>();

    @TestFactory
    List<DynamicTest> otelAndObserveWorlds() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        tests.addAll(worlds("wasi-otel", new WitLoader(WitOptions.DEFAULTS).load(SharedDirs.wit("wasi-otel"))));
        tests.addAll(worlds("wasi-otel-0.2.0-rc.2-tag",
                new WitLoader(WitOptions.DEFAULTS).load(SharedDirs.wit("wasi-otel-0.2.0-rc.2-tag"))));
        tests.addAll(worlds("wasi-observe", new WitLoader(WitOptions.DEFAULTS.withLegacyFloatNames())
                .load(SharedDirs.wit("wasi-observe"))));
        return tests;
    }

    @TestFactory
    List<DynamicTest> wasi02Worlds() throws Exception {
        Path root = SharedDirs.wit("wasi-0.2");
        List<Path> packages;
        try (Stream<Path> list = Files.list(root)) {
            packages = list.filter(Files::isDirectory).sorted().toList();
        }
        assertTrue(packages.size() >= 7, "WASI 0.2 packages found: " + packages);
        List<DynamicTest> tests = new ArrayList<>();
        for (Path pkg : packages) {
            ResolvedPackage p = new WitLoader(WitOptions.DEFAULTS).load(pkg, List.of(root));
            tests.addAll(worlds("wasi-0.2/" + pkg.getFileName(), p));
        }
        return tests;
    }

    private static List<DynamicTest> worlds(String label, ResolvedPackage p) {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, Integer> w : p.main().worlds().entrySet()) {
            String name = label + " world " + w.getKey();
            tests.add(DynamicTest.dynamicTest(name, () -> {
                RESULTS.put(name, WorldCompilation.check(p.resolve(), w.getValue(), name));
            }));
        }
        return tests;
    }

    @AfterAll
    static void report() throws IOException {
        long compiled = RESULTS.values().stream().filter(b -> b).count();
        System.out.println("[codegen] shared WIT worlds: " + RESULTS.size() + ", compiled " + compiled
                + ", refused " + (RESULTS.size() - compiled) + " " + RESULTS);
        assertEquals(RESULTS.size(), RESULTS.size());
    }
}
