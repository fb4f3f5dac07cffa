package dev.wasiotel.wit.parser.conformance;

import dev.wasiotel.wit.parser.WitLoader;
import dev.wasiotel.wit.parser.WitOptions;
import dev.wasiotel.wit.parser.model.ResolvedPackage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The WIT conformance corpus in {@code shared/conformance/wit-parser}: reads its {@code MANIFEST.tsv}
 * and loads a case the way the upstream harness does (feature {@code active} enabled, nothing
 * else).
 *
 * <p>The shared folder is taken from the system property {@code wasiotel.shared.dir} (set by
 * surefire), or else {@code ../../shared} relative to the module directory.
 */
final class Corpus {

    /** How long one case may take before it counts as hanging. */
    private static final long TIMEOUT_SECONDS = 30;

    private Corpus() {
    }

    /**
     * One line of the manifest.
     *
     * @param path case path relative to the corpus folder, e.g. {@code pass/use.wit}
     * @param expect {@code accept} or {@code reject}
     * @param kind {@code file} or {@code dir}
     * @param notes the {@code ;}-separated notes, possibly empty
     */
    record Case(String path, String expect, String kind, String notes) {

        /** Whether the case must be accepted. */
        boolean accept() {
            return expect.equals("accept");
        }

        /** Whether the case needs a binary-package decoder and is skipped. */
        boolean skipped() {
            return notes.contains("skip:");
        }

        /** The case's file or directory. */
        Path location() {
            return root().resolve(path);
        }

        /** The upstream JSON of an accept case: {@code <case without .wit or .wat>.wit.json}. */
        Path upstreamJson() {
            String base = path.endsWith(".wit") || path.endsWith(".wat") ? path.substring(0, path.length() - 4) : path;
            return root().resolve(base + ".wit.json");
        }

        @Override
        public String toString() {
            return path;
        }
    }

    /**
     * What loading a case gave: exactly one of {@code result} and {@code error} is non-null.
     *
     * @param result the loaded model
     * @param error what was thrown (a {@link TimeoutException} if the loader hung)
     */
    record Outcome(ResolvedPackage result, Throwable error) {
    }

    /** The corpus folder, {@code <shared>/conformance/wit-parser}. */
    static Path root() {
        String prop = System.getProperty("wasiotel.shared.dir");
        Path shared = prop == null || prop.isBlank() ? Path.of("../../shared") : Path.of(prop);
        return shared.resolve("conformance/wit-parser").toAbsolutePath().normalize();
    }

    /** Every case of the manifest, in manifest order. Fails if the manifest cannot be read. */
    static List<Case> cases() {
        Path manifest = root().resolve("MANIFEST.tsv");
        List<String> lines;
        try {
            lines = Files.readAllLines(manifest);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the conformance manifest " + manifest
                    + " (set -Dwasiotel.shared.dir=<path of shared/>)", e);
        }
        List<Case> cases = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] cols = line.split("\t", -1);
            cases.add(new Case(cols[0], cols[1], cols[2], cols.length > 3 ? cols[3] : ""));
        }
        return cases;
    }

    /** The accept cases that are not skipped. */
    static List<Case> acceptCases() {
        return cases().stream().filter(c -> c.accept() && !c.skipped()).toList();
    }

    /** The reject cases. */
    static List<Case> rejectCases() {
        return cases().stream().filter(c -> !c.accept()).toList();
    }

    /** A loader configured like the upstream harness: only feature {@code active} enabled. */
    static WitLoader loader() {
        return new WitLoader(WitOptions.DEFAULTS.withFeatures(Set.of("active")));
    }

    /** Loads {@code c} in a worker thread, catching everything it throws and giving up on a hang. */
    static Outcome load(Case c) {
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "wit-conformance " + c.path());
            t.setDaemon(true);
            return t;
        });
        try {
            Future<ResolvedPackage> future = executor.submit(() -> loader().load(c.location()));
            return new Outcome(future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS), null);
        } catch (ExecutionException e) {
            return new Outcome(null, e.getCause());
        } catch (TimeoutException e) {
            return new Outcome(null, new TimeoutException("no result after " + TIMEOUT_SECONDS + " s"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(null, e);
        } finally {
            executor.shutdownNow();
        }
    }
}
