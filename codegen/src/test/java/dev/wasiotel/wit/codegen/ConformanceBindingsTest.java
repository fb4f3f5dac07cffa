package dev.wasiotel.wit.codegen;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.wit.parser.WitLoader;
import dev.wasiotel.wit.parser.WitOptions;
import dev.wasiotel.wit.parser.model.ResolvedPackage;
import dev.wasiotel.wit.parser.model.Resolve;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every world of every accept case of the WIT conformance corpus (loaded like the upstream
 * harness: feature {@code active} only; {@code skip:} cases left out) generates Java that
 * compiles, or, exactly when it reaches {@code future}, {@code stream}, {@code error-context} or an
 * {@code async} function,
 * is refused with a {@link CodegenException}.
 */
class ConformanceBindingsTest {
    private static final Map<String, Boolean> RESULTS = new TreeMap<>();

    @TestFactory
    List<DynamicTest> acceptCases() throws Exception {
        Path root = SharedDirs.shared().resolve("conformance/wit-parser");
        List<String> lines = Files.readAllLines(root.resolve("MANIFEST.tsv"));
        WitLoader loader = new WitLoader(WitOptions.DEFAULTS.withFeatures(Set.of("active")));
        List<DynamicTest> tests = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cols = line.split("\t", -1);
            if (line.isBlank() || !cols[1].equals("accept") || (cols.length > 3 && cols[3].contains("skip:"))) {
                continue;
            }
            String path = cols[0];
            ResolvedPackage p = loader.load(root.resolve(path));
            Resolve resolve = p.resolve();
            for (int w = 0; w < resolve.worlds().size(); w++) {
                int worldId = w;
                String name = path + " world " + resolve.packages().get(resolve.worlds().get(w).packageId()).name()
                        .qualify(resolve.worlds().get(w).name());
                tests.add(DynamicTest.dynamicTest(name,
                        () -> RESULTS.put(name, WorldCompilation.check(resolve, worldId, name))));
            }
        }
        assertTrue(tests.size() > 50, "worlds found: " + tests.size());
        return tests;
    }

    @AfterAll
    static void report() {
        long compiled = RESULTS.values().stream().filter(b -> b).count();
        List<String> refused = new ArrayList<>();
        RESULTS.forEach((k, v) -> {
            if (!v) {
                refused.add(k);
            }
        });
        System.out.println("[codegen] conformance worlds: " + RESULTS.size() + ", compiled " + compiled
                + ", refused (future/stream/error-context/async) " + refused.size() + " " + refused);
    }
}
