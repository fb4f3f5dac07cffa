package dev.wasiotel.wit.parser.fuzz;

import dev.wasiotel.wit.parser.WitLoader;
import dev.wasiotel.wit.parser.WitOptions;
import dev.wasiotel.wit.parser.diag.Diagnostic;
import dev.wasiotel.wit.parser.diag.WitParseException;
import dev.wasiotel.wit.parser.model.ResolvedPackage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Robustness properties for {@link WitLoader}: whatever the input, loading either succeeds or
 * throws {@link WitParseException} with well-formed diagnostics, and it does so quickly.
 *
 * <p>Inputs are built from the WIT files in the shared folder (the conformance corpus under
 * {@code conformance/wit-parser} and the upstream packages under {@code wit}), found through the
 * system property {@code wasiotel.shared.dir} (surefire sets it; the fallback is {@code
 * ../../shared}, relative to this module). The properties are:
 *
 * <ul>
 *   <li>{@link #mutatedCorpusFiles} mutates corpus files (bit flips, deletions, inserted tokens,
 *       duplicated slices, truncation) and feeds them to {@link WitLoader#loadSource};
 *   <li>{@link #randomStrings}, {@link #tokenSoup}, {@link #generatedPrograms} and {@link
 *       #pathologicalShapes} feed random text, random token sequences, randomly generated
 *       near-valid WIT programs and very deep or very long inputs to {@link WitLoader#loadSource};
 *   <li>{@link #mutatedPackageDirectories} copies a package directory (a conformance {@code pass/}
 *       case or a shared WASI package) to a temporary folder, damages one file or the layout, and
 *       calls {@link WitLoader#load(Path, List)} on it.
 * </ul>
 *
 * <p>A try fails when anything other than {@code WitParseException} escapes (including {@code
 * StackOverflowError} and {@code OutOfMemoryError}), when a call takes longer than the timeout
 * (system property {@code wit.fuzz.timeout.ms}, default 5000), when a diagnostic has a line or
 * column below 1, a blank message, or a message starting with {@code "internal error"} (the
 * parser's safety net for its own bugs), or when {@link Diagnostic#render()} throws. Failing
 * inputs are printed in the assertion message and saved in full under {@code
 * target/fuzz-failures/}.
 *
 * <p>Every case is generated from a fixed seed (see {@link SeededRuns}), so each run checks the
 * same inputs; a failure names the seed and the case. The default numbers of cases keep the class
 * at well under a minute on two cores. {@code -Dwasiotel.test.tries=20000} runs every property with
 * that many cases and {@code -Dwasiotel.test.seed=N} explores other ones, for example {@code mvn -pl
 * wit-parser test -Dtest=ParserRobustnessTest -Dwasiotel.test.seed=42} (surefire passes {@code -D}
 * user properties to the forked JVM). The coverage-guided counterpart is {@link WitParserFuzzTest}.
 */
class ParserRobustnessTest {

    private static final long TIMEOUT_MS = Long.getLong("wit.fuzz.timeout.ms", 5_000L);

    private static final List<WitOptions> OPTION_VARIANTS = List.of(
            WitOptions.DEFAULTS,
            WitOptions.DEFAULTS.withFeatures(Set.of("active")),
            WitOptions.DEFAULTS.withAllFeatures(),
            WitOptions.DEFAULTS.withLegacyFloatNames());

    /** Tokens that are interesting to splice into WIT text. */
    private static final List<String> TOKENS = List.of(
            "<", ">", "{", "}", "(", ")", "[", "]", "%", "@", "/*", "*/", "///", "//", "/**", "/**/",
            ";", ":", ",", ".", "->", "=", "_", "-", "*", "/", "+", "\"", "'", "#", "$", "\\",
            "0", "1", "42", "255", "256", "4294967295", "4294967296", "99999999999999999999", "-1",
            "0.0.0", "1.2.3-rc.1+build.5", "@1.0.0", "@0.2.0-", "@01.0.0",
            "@unstable(feature = active)", "@unstable(feature = x)", "@since(version = 0.2.0)",
            "@since(version = 0.2.0, feature = x)", "@deprecated(version = 0.1.0)", "@since(",
            "package", "interface", "world", "use", "type", "func", "record", "variant", "enum",
            "flags", "resource", "constructor", "static", "async", "import", "export", "include",
            "with", "as", "from", "list", "option", "result", "tuple", "borrow", "own", "stream",
            "future", "error-context", "map", "string", "char", "bool", "u8", "u16", "u32", "u64",
            "s8", "s16", "s32", "s64", "f32", "f64", "float32", "float64", "self", "handle",
            "list<", "list<u8, ", "list<u8, 0>", "list<u8, 4294967296>", "map<string, u32>",
            "result<_, _>", "tuple<>", "borrow<", "own<", "future<", "stream<",
            "%interface", "%", "%%", "a-", "-a", "a--b", "A", "a1", "1a", "ns:pkg", "ns:pkg/iface",
            "ns:pkg/iface@1.0.0", "a:b/c.{d}", ".{", "}.", "package a:b;", "package a:b {",
            " ", "\t", "\n", "\r", "\r\n", "\u0000", "\u000b", "\u000c", "\u007f", "\u00a0",
            "\u2028", "\ufeff", "\u00e9", "\u4e2d", "\ud83d\ude00",
            "x".repeat(300), "/*".repeat(50), "<".repeat(200));

    // ------------------------------------------------------------------------------------------
    // Properties

    /** (a) Mutated corpus files through {@link WitLoader#loadSource}. */
    @Test
    void mutatedCorpusFiles() {
        SeededRuns.run("mutatedCorpusFiles", 0xA1L, 4000,
                r -> new SourceCase(pick(r, Corpus.get().files()), mutations(r), pick(r, OPTION_VARIANTS)), c -> {
                    String text = new String(Mutation.applyAll(c.seed().bytes(), c.mutations()), StandardCharsets.UTF_8);
                    checkSource(c.seed().name(), text, c.options());
                });
    }

    /** (b) Arbitrary strings: any UTF-16 code units, control characters and unpaired surrogates. */
    @Test
    void randomStrings() {
        SeededRuns.run("randomStrings", 0xB1L, 1500, r -> new TextCase(anyText(r), pick(r, OPTION_VARIANTS)),
                c -> checkSource("random.wit", c.text().value(), c.options()));
    }

    /** (b) Random sequences of WIT tokens, sometimes behind a valid package header. */
    @Test
    void tokenSoup() {
        SeededRuns.run("tokenSoup", 0xB2L, 2500, r -> new TextCase(tokenSoup(r), pick(r, OPTION_VARIANTS)),
                c -> checkSource("soup.wit", c.text().value(), c.options()));
    }

    /**
     * (b) Randomly generated near-valid WIT programs. Names come from a tiny pool, so duplicates,
     * cycles and dangling references are common: this is what reaches the resolver.
     */
    @Test
    void generatedPrograms() {
        SeededRuns.run("generatedPrograms", 0xB3L, 3000,
                r -> new TextCase(new Text(ProgramGenerator.generate(new Random(r.nextLong()))), pick(r, OPTION_VARIANTS)),
                c -> checkSource("generated.wit", c.text().value(), c.options()));
    }

    /** (b) Very deep nesting, very long lines, long chains and huge numbers. */
    @Test
    void pathologicalShapes() {
        Pathological.Shape[] shapes = Pathological.Shape.values();
        SeededRuns.run("pathologicalShapes", 0xB4L, 300, r -> new ShapeCase(shapes[r.nextInt(shapes.length)], size(r)),
                c -> checkSource("pathological.wit", Pathological.build(c.shape(), c.size()), WitOptions.DEFAULTS));
    }

    /** (b) The fixed extreme inputs, all of them every run; every failing one is reported. */
    @Test
    void fixedExtremeInputs() {
        List<String> failures = new ArrayList<>();
        for (String text : Pathological.fixedInputs()) {
            try {
                checkSource("extreme.wit", text, WitOptions.DEFAULTS);
            } catch (AssertionError e) {
                failures.add(e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " extreme input(s) failed:\n\n"
                    + String.join("\n\n----------------\n\n", failures));
        }
    }

    /** (c) A copied package directory with one damaged file or a damaged layout. */
    @Test
    void mutatedPackageDirectories() {
        DirOp[] ops = DirOp.values();
        SeededRuns.run("mutatedPackageDirectories", 0xC1L, 800,
                r -> new DirCase(pick(r, Corpus.get().directories()), r.nextInt(1_001), mutations(r),
                        ops[r.nextInt(ops.length)], pick(r, OPTION_VARIANTS)),
                c -> checkDirectory(c.seed(), c.fileChoice(), c.mutations(), c.op(), c.options()));
    }

    /** Paths that are not WIT at all: missing, empty folders, a folder with only {@code deps/}. */
    @Test
    void oddPaths() throws IOException {
        Path tmp = Files.createTempDirectory("wit-fuzz-odd-");
        try {
            Path empty = Files.createDirectories(tmp.resolve("empty"));
            Path onlyDeps = Files.createDirectories(tmp.resolve("only-deps/deps/x"));
            Files.writeString(onlyDeps.resolve("x.wit"), "package a:x;\ninterface i {}\n");
            Path notWit = Files.writeString(tmp.resolve("notes.txt"), "hello");
            Path emptyFile = Files.writeString(tmp.resolve("empty.wit"), "");
            Path binary = Files.write(tmp.resolve("binary.wit"), new byte[] {0, (byte) 0xff, (byte) 0xfe, 0x41});
            List<Path> paths = List.of(tmp.resolve("does-not-exist"), tmp.resolve("does-not-exist.wit"),
                    empty, onlyDeps.getParent().getParent(), notWit, emptyFile, binary);
            for (Path p : paths) {
                checkLoad(p, List.of(), WitOptions.DEFAULTS, () -> "load(" + p + ")");
                checkLoad(empty, List.of(p), WitOptions.DEFAULTS, () -> "load(" + empty + ", [" + p + "])");
            }
        } finally {
            deleteTree(tmp);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Generated cases (each prints in full in a failure message)

    record SourceCase(SeedFile seed, List<Mutation> mutations, WitOptions options) {
    }

    record TextCase(Text text, WitOptions options) {
    }

    record ShapeCase(Pathological.Shape shape, int size) {
    }

    record DirCase(DirSeed seed, int fileChoice, List<Mutation> mutations, DirOp op, WitOptions options) {
    }

    private static <T> T pick(Random r, List<T> options) {
        return options.get(r.nextInt(options.size()));
    }

    /** Any UTF-16 code unit, surrogates included. */
    private static String anyChars(Random r, int min, int max) {
        char[] chars = new char[min + r.nextInt(max - min + 1)];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) r.nextInt(0x10000);
        }
        return new String(chars);
    }

    /** Characters from the range {@code from..to} and from {@code extra}. */
    private static String charsFrom(Random r, char from, char to, String extra, int max) {
        StringBuilder sb = new StringBuilder();
        int span = to - from + 1;
        for (int i = r.nextInt(max + 1); i > 0; i--) {
            int k = r.nextInt(span + extra.length());
            sb.append(k < span ? (char) (from + k) : extra.charAt(k - span));
        }
        return sb.toString();
    }

    /** One to eight edits, each with a token from the list, 1-3 arbitrary chars, a number or a name. */
    static List<Mutation> mutations(Random r) {
        MutationKind[] kinds = MutationKind.values();
        List<Mutation> out = new ArrayList<>();
        for (int n = 1 + r.nextInt(8); n > 0; n--) {
            String token;
            switch (r.nextInt(4)) {
                case 0:
                    token = pick(r, TOKENS);
                    break;
                case 1:
                    token = anyChars(r, 1, 3);
                    break;
                case 2:
                    token = String.valueOf(r.nextInt());
                    break;
                default:
                    token = charsFrom(r, 'a', 'a', "bcxyz-", 5) + "a";
                    break;
            }
            int len = r.nextBoolean() ? 1 + r.nextInt(16) : 1 + r.nextInt(4_000);
            out.add(new Mutation(kinds[r.nextInt(kinds.length)], r.nextInt(Integer.MAX_VALUE), len,
                    r.nextInt(Integer.MAX_VALUE), r.nextInt(256), token));
        }
        return out;
    }

    /** Any text, ASCII, control characters and punctuation, surrogates, or a long arbitrary text. */
    static Text anyText(Random r) {
        switch (r.nextInt(5)) {
            case 0:
                return new Text(anyChars(r, 0, 200));
            case 1:
                return new Text(charsFrom(r, '\u0000', '\u007f', "", 300));
            case 2:
                return new Text(charsFrom(r, '\u0000', '\u001f', "{}<>();:@%/*", 100));
            case 3:
                return new Text(charsFrom(r, '\ud800', '\udfff', "a;{", 50));
            default:
                return new Text(anyChars(r, 5_000, 20_000));
        }
    }

    private static final List<String> SOUP_HEADERS = List.of("", "package a:b;\n",
            "package a:b@1.0.0;\ninterface i {\n", "package a:b;\nworld w {\n", "package a:b;\ninterface i {\n  f: func(");
    private static final List<String> SOUP_NAMES = List.of("a", "b", "c", "t", "i", "w", "f", "x", "%a", "a:b", "a:b/i");
    private static final List<String> SOUP_SEPARATORS = List.of("", " ", " ", "\n", " ");

    /** Up to 120 tokens (WIT tokens or names), each followed by a separator, behind a header. */
    static Text tokenSoup(Random r) {
        StringBuilder sb = new StringBuilder(pick(r, SOUP_HEADERS));
        for (int n = r.nextInt(121); n > 0; n--) {
            sb.append(r.nextBoolean() ? pick(r, TOKENS) : pick(r, SOUP_NAMES)).append(pick(r, SOUP_SEPARATORS));
        }
        return new Text(sb.toString());
    }

    /** A size from 1 to 10,000, the two edges often. */
    static int size(Random r) {
        switch (r.nextInt(10)) {
            case 0:
                return 1;
            case 1:
                return 10_000;
            default:
                return 1 + r.nextInt(10_000);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Checks

    private static void checkSource(String fileName, String text, WitOptions options) {
        Outcome outcome = CallRunner.run(() -> {
            ResolvedPackage pkg = new WitLoader(options).loadSource(fileName, text);
            pkg.main();
            return pkg;
        });
        verify(outcome, fileName, text, () -> describeText("loadSource(\"" + fileName + "\", text) with " + options, text));
    }

    private static void checkLoad(Path path, List<Path> extraRoots, WitOptions options, Describer describer) {
        Outcome outcome = CallRunner.run(() -> {
            ResolvedPackage pkg = new WitLoader(options).load(path, extraRoots);
            pkg.main();
            return pkg;
        });
        verify(outcome, null, null, describer);
    }

    private static void checkDirectory(DirSeed seed, int fileChoice, List<Mutation> mutations, DirOp op,
            WitOptions options) throws IOException {
        Path tmp = Files.createTempDirectory("wit-fuzz-dir-");
        try {
            Path copyRoot = tmp.resolve(seed.copyRoot().getFileName().toString());
            copyTree(seed.copyRoot(), copyRoot);
            Path caseDir = copyRoot.resolve(seed.copyRoot().relativize(seed.caseDir()).toString());
            List<Path> extraRoots = seed.extraRootIsCopyRoot() ? List.of(copyRoot) : List.of();
            List<Path> witFiles;
            try (Stream<Path> s = Files.walk(copyRoot)) {
                witFiles = s.filter(p -> p.toString().endsWith(".wit") && Files.isRegularFile(p))
                        .sorted().collect(Collectors.toList());
            }
            Path target = witFiles.get(fileChoice % witFiles.size());
            String mutatedText = op.apply(caseDir, target, mutations);
            String rel = copyRoot.relativize(target).toString();
            try {
                checkLoad(caseDir, extraRoots, options, () -> "load(" + caseDir + ", " + extraRoots + ") with "
                        + options + "\nseed " + seed + ", " + op + " on " + rel
                        + (mutatedText == null ? "" : "\n" + describeText("mutated " + rel, mutatedText)));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\ndamaged copy saved as "
                        + FailureStore.saveTree(tmp), e.getCause());
            }
        } finally {
            deleteTree(tmp);
        }
    }

    /** Checks one outcome; {@code fileName}/{@code text} are given for single-source loads. */
    private static void verify(Outcome outcome, String fileName, String text, Describer describer) {
        if (outcome.timedOut()) {
            throw failure("call did not finish within " + TIMEOUT_MS + " ms", null, fileName, text, describer);
        }
        Throwable thrown = outcome.thrown();
        if (thrown == null) {
            return;
        }
        if (!(thrown instanceof WitParseException)) {
            throw failure("unexpected " + thrown.getClass().getName() + ": " + thrown.getMessage(), thrown,
                    fileName, text, describer);
        }
        WitParseException e = (WitParseException) thrown;
        List<Diagnostic> diagnostics;
        try {
            diagnostics = e.diagnostics();
            if (diagnostics == null || diagnostics.isEmpty()) {
                throw failure("WitParseException without diagnostics", e, fileName, text, describer);
            }
            for (Diagnostic d : diagnostics) {
                String problem = diagnosticProblem(d, fileName, text);
                if (problem != null) {
                    throw failure("bad diagnostic (" + problem + "): " + safeHeadline(d), e, fileName, text, describer);
                }
                d.render();
                d.headline();
            }
            e.getMessage();
        } catch (AssertionError ae) {
            throw ae;
        } catch (Throwable t) {
            throw failure("inspecting the WitParseException threw " + t, t, fileName, text, describer);
        }
    }

    private static String diagnosticProblem(Diagnostic d, String fileName, String text) {
        if (d.line() < 1) {
            return "line " + d.line() + " < 1";
        }
        if (d.column() < 1) {
            return "column " + d.column() + " < 1";
        }
        if (d.message() == null || d.message().isBlank()) {
            return "blank message";
        }
        if (d.message().startsWith("internal error")) {
            return "internal error";
        }
        if (d.file() == null) {
            return "null file";
        }
        if (d.sourceLine() == null) {
            return "null source line";
        }
        if (text != null && d.file().equals(fileName)) {
            long lines = text.chars().filter(c -> c == '\n').count() + 1;
            if (d.line() > lines) {
                return "line " + d.line() + " past the last line " + lines;
            }
        }
        return null;
    }

    private static String safeHeadline(Diagnostic d) {
        try {
            return d.headline();
        } catch (RuntimeException e) {
            return String.valueOf(d.message());
        }
    }

    private static AssertionError failure(String what, Throwable cause, String fileName, String text,
            Describer describer) {
        String saved = "";
        if (text != null) {
            saved = "\nfull input saved as " + FailureStore.save(fileName, text);
        }
        AssertionError error = new AssertionError(what + "\ninput: " + describer.describe() + saved);
        if (cause != null) {
            error.initCause(cause);
        }
        return error;
    }

    // ------------------------------------------------------------------------------------------
    // Helpers

    /** Lazily built description of an input, only needed when a try fails. */
    @FunctionalInterface
    interface Describer {
        String describe();
    }

    static String describeText(String title, String text) {
        String shown;
        if (text.length() <= 3_000) {
            shown = escape(text);
        } else {
            shown = escape(text.substring(0, 1_500)) + "\n<<< ... " + (text.length() - 3_000) + " chars ... >>>\n"
                    + escape(text.substring(text.length() - 1_500));
        }
        return title + " (" + text.length() + " chars):\n----8<----\n" + shown + "\n----8<----";
    }

    /** Printable form: newlines and tabs kept, other control, non-ASCII and surrogate chars escaped. */
    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\t' || (c >= 0x20 && c < 0x7f && c != '\\')) {
                sb.append(c);
            } else if (c == '\\') {
                sb.append("\\\\");
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return sb.toString();
    }

    /** The Java string literal of {@code s}, for pasting into a regression test. */
    static String javaLiteral(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c >= 0x20 && c < 0x7f) {
                sb.append(c);
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return sb.append('"').toString();
    }

    static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Path dest = to.resolve(from.relativize(file).toString());
                if (attrs.isSymbolicLink()) {
                    Files.createSymbolicLink(dest, Files.readSymbolicLink(file));
                } else {
                    Files.copy(file, dest, StandardCopyOption.COPY_ATTRIBUTES);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** A generated input text whose {@code toString} (what a failure message shows) is short and escaped. */
    record Text(String value) {
        @Override
        public String toString() {
            String shown = value.length() > 300 ? value.substring(0, 300) + "...(" + value.length() + " chars)" : value;
            return javaLiteral(shown);
        }
    }

    /** The result of one guarded call: returned normally, threw, or ran out of time. */
    record Outcome(boolean timedOut, Throwable thrown) {
    }

    /**
     * Runs each loader call on a fresh thread (default stack size) so that a hang becomes a failure
     * after the timeout instead of stalling the build. A call that runs out of time is stopped with
     * {@link Thread#stop()}, still available on Java 17; without that, runaway calls would keep
     * burning CPU and memory for the rest of the run. Where {@code stop} is unsupported the thread
     * (a daemon) is abandoned instead.
     */
    static final class CallRunner {
        private static final AtomicInteger THREADS = new AtomicInteger();

        private CallRunner() {
        }

        static Outcome run(Callable<?> call) {
            FutureTask<Object> task = new FutureTask<>(call::call);
            Thread worker = new Thread(task, "wit-fuzz-worker-" + THREADS.incrementAndGet());
            worker.setDaemon(true);
            worker.start();
            try {
                task.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                return new Outcome(false, null);
            } catch (ExecutionException e) {
                return new Outcome(false, e.getCause());
            } catch (TimeoutException e) {
                task.cancel(true);
                stop(worker);
                return new Outcome(true, null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }

        @SuppressWarnings("deprecation")
        private static void stop(Thread worker) {
            try {
                worker.stop();
                worker.join(2_000);
            } catch (UnsupportedOperationException | InterruptedException e) {
                // abandoned: it is a daemon thread
            }
        }
    }

    /** Writes failing inputs under {@code target/fuzz-failures/} so that they can be replayed. */
    static final class FailureStore {
        private static final AtomicInteger COUNT = new AtomicInteger();

        private FailureStore() {
        }

        /** Copies a damaged package tree (symbolic links as links) and returns where it went. */
        static String saveTree(Path tree) {
            try {
                Path dir = Files.createDirectories(Paths.get("target", "fuzz-failures"));
                Path dest = dir.resolve("failure-" + ProcessHandle.current().pid() + "-" + COUNT.incrementAndGet());
                copyTree(tree, dest);
                return dest.toAbsolutePath().toString();
            } catch (IOException | RuntimeException e) {
                return "(not saved: " + e + ")";
            }
        }

        static String save(String fileName, String text) {
            try {
                Path dir = Files.createDirectories(Paths.get("target", "fuzz-failures"));
                String base = "failure-" + ProcessHandle.current().pid() + "-" + COUNT.incrementAndGet();
                Path wit = dir.resolve(base + ".wit");
                Files.write(wit, text.getBytes(StandardCharsets.UTF_8));
                Path literal = dir.resolve(base + ".java.txt");
                Files.writeString(literal, "// loadSource(\"" + fileName + "\", ...)\n" + javaLiteral(text) + "\n");
                return wit.toAbsolutePath() + " (exact Java literal in " + literal.getFileName() + ")";
            } catch (IOException | RuntimeException e) {
                return "(not saved: " + e + ")";
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Seeds

    /** One corpus file; {@code name} is its path relative to the shared folder. */
    record SeedFile(String name, byte[] bytes) {
        @Override
        public String toString() {
            return name;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SeedFile && ((SeedFile) o).name.equals(name);
        }

        @Override
        public int hashCode() {
            return name.hashCode();
        }
    }

    /**
     * One package directory to damage: {@code copyRoot} is copied as a whole, {@code caseDir} (inside
     * it) is loaded, with the copy of {@code copyRoot} as extra dependency root when {@code
     * extraRootIsCopyRoot}.
     */
    record DirSeed(String name, Path copyRoot, Path caseDir, boolean extraRootIsCopyRoot) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** The seeds found in the shared folder, read once. */
    static final class Corpus {
        private static Corpus instance;

        private final List<SeedFile> files;
        private final List<DirSeed> directories;

        private Corpus(List<SeedFile> files, List<DirSeed> directories) {
            this.files = files;
            this.directories = directories;
        }

        List<SeedFile> files() {
            return files;
        }

        List<DirSeed> directories() {
            return directories;
        }

        static Path sharedDir() {
            String configured = System.getProperty("wasiotel.shared.dir");
            return Paths.get(configured != null && !configured.isBlank() ? configured : "../../shared")
                    .toAbsolutePath().normalize();
        }

        static synchronized Corpus get() {
            if (instance == null) {
                try {
                    instance = read(sharedDir());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return instance;
        }

        private static Corpus read(Path shared) throws IOException {
            Path conformance = shared.resolve("conformance/wit-parser");
            Path wit = shared.resolve("wit");
            if (!Files.isDirectory(conformance) || !Files.isDirectory(wit)) {
                throw new AssertionError("fuzz seeds not found: expected " + conformance + " and " + wit
                        + " (set the system property wasiotel.shared.dir)");
            }
            List<SeedFile> files = new ArrayList<>();
            for (Path root : List.of(conformance.resolve("pass"), conformance.resolve("fail"), wit)) {
                try (Stream<Path> s = Files.walk(root)) {
                    for (Path p : s.filter(f -> f.toString().endsWith(".wit") && Files.isRegularFile(f))
                            .sorted().collect(Collectors.toList())) {
                        files.add(new SeedFile(shared.relativize(p).toString(), Files.readAllBytes(p)));
                    }
                }
            }
            List<DirSeed> dirs = new ArrayList<>();
            for (Path d : listDirs(conformance.resolve("pass"))) {
                dirs.add(new DirSeed(shared.relativize(d).toString(), d, d, false));
            }
            for (Path d : listDirs(wit)) {
                if (containsWit(d)) {
                    dirs.add(new DirSeed(shared.relativize(d).toString(), d, d, false));
                } else {
                    for (Path pkg : listDirs(d)) {
                        if (containsWit(pkg)) {
                            dirs.add(new DirSeed(shared.relativize(pkg) + " (root " + d.getFileName() + ")",
                                    d, pkg, true));
                        }
                    }
                }
            }
            if (files.isEmpty() || dirs.isEmpty()) {
                throw new AssertionError("no fuzz seeds under " + shared);
            }
            return new Corpus(Collections.unmodifiableList(files), Collections.unmodifiableList(dirs));
        }

        private static List<Path> listDirs(Path dir) throws IOException {
            try (Stream<Path> s = Files.list(dir)) {
                return s.filter(Files::isDirectory).sorted().collect(Collectors.toList());
            }
        }

        private static boolean containsWit(Path dir) throws IOException {
            try (Stream<Path> s = Files.list(dir)) {
                return s.anyMatch(p -> p.toString().endsWith(".wit"));
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Mutations

    /** What a {@link Mutation} does to the bytes. */
    enum MutationKind {
        FLIP_BIT, SET_BYTE, DELETE, INSERT_TOKEN, REPLACE_WITH_TOKEN, DUPLICATE_SLICE, TRUNCATE, SWAP_SLICES
    }

    /**
     * One edit of a byte array. Positions are taken modulo the current length so that any value is
     * valid and shrinking moves edits towards the start of the file.
     *
     * @param kind the edit
     * @param pos where it happens
     * @param len how many bytes it touches (for deletions, slices)
     * @param pos2 the second position (where a duplicated or swapped slice goes)
     * @param bits the bit index (low 3 bits) for flips, or the new byte value
     * @param token text inserted by the token edits, encoded as UTF-8
     */
    record Mutation(MutationKind kind, int pos, int len, int pos2, int bits, String token) {

        static byte[] applyAll(byte[] input, List<Mutation> mutations) {
            byte[] out = input;
            for (Mutation m : mutations) {
                out = m.apply(out);
            }
            return out;
        }

        byte[] apply(byte[] in) {
            int n = in.length;
            int at = n == 0 ? 0 : pos % (n + 1);
            byte[] tok = token.getBytes(StandardCharsets.UTF_8);
            switch (kind) {
                case FLIP_BIT: {
                    if (n == 0) {
                        return tok;
                    }
                    byte[] out = in.clone();
                    out[pos % n] ^= (byte) (1 << (bits & 7));
                    return out;
                }
                case SET_BYTE: {
                    if (n == 0) {
                        return new byte[] {(byte) bits};
                    }
                    byte[] out = in.clone();
                    out[pos % n] = (byte) bits;
                    return out;
                }
                case DELETE: {
                    int end = Math.min(n, at + len);
                    return splice(in, at, end, new byte[0]);
                }
                case INSERT_TOKEN:
                    return splice(in, at, at, tok);
                case REPLACE_WITH_TOKEN: {
                    int end = Math.min(n, at + Math.min(len, 16));
                    return splice(in, at, end, tok);
                }
                case DUPLICATE_SLICE: {
                    int end = Math.min(n, at + len);
                    byte[] slice = Arrays.copyOfRange(in, at, end);
                    int dest = n == 0 ? 0 : pos2 % (n + 1);
                    return splice(in, dest, dest, slice);
                }
                case TRUNCATE:
                    return Arrays.copyOf(in, at);
                case SWAP_SLICES: {
                    int other = n == 0 ? 0 : pos2 % (n + 1);
                    int a = Math.min(at, other);
                    int b = Math.max(at, other);
                    int l = Math.min(Math.min(len, 64), b - a);
                    if (l == 0 || b + l > n) {
                        return in;
                    }
                    byte[] out = in.clone();
                    System.arraycopy(in, b, out, a, l);
                    System.arraycopy(in, a, out, b, l);
                    return out;
                }
                default:
                    throw new IllegalStateException(kind.toString());
            }
        }

        private static byte[] splice(byte[] in, int from, int to, byte[] insert) {
            byte[] out = new byte[in.length - (to - from) + insert.length];
            System.arraycopy(in, 0, out, 0, from);
            System.arraycopy(insert, 0, out, from, insert.length);
            System.arraycopy(in, to, out, from + insert.length, in.length - to);
            return out;
        }

        @Override
        public String toString() {
            return kind + "(pos=" + pos + ", len=" + len + ", pos2=" + pos2 + ", bits=" + bits + ", token="
                    + javaLiteral(token.length() > 40 ? token.substring(0, 40) + "..." : token) + ")";
        }
    }

    /** A change to a copied package directory, besides or instead of editing the chosen file. */
    enum DirOp {
        /** Only the byte mutations, written as raw bytes (so the file may not be valid UTF-8). */
        MUTATE_FILE,
        /** The same again, to weight plain content edits higher. */
        MUTATE_FILE_AGAIN,
        /** Delete the chosen file. */
        DELETE_FILE,
        /** Make the chosen file empty. */
        EMPTY_FILE,
        /** Mutate the file and add an unmodified copy of the original next to it (duplicate items). */
        MUTATE_AND_COPY,
        /** Mutate the file and add a directory named {@code zz.wit} next to it. */
        DIRECTORY_NAMED_WIT,
        /** Mutate the file and add {@code deps/loop}, a symbolic link to itself. */
        SELF_SYMLINK_DEP,
        /** Mutate the file and add {@code deps/gone.wit}, a symbolic link to nothing. */
        DANGLING_SYMLINK_DEP,
        /** Mutate the file and add {@code deps/up}, a symbolic link to the package directory. */
        PARENT_SYMLINK_DEP,
        /** Replace {@code deps/} (if any) by a regular file, or add one. */
        DEPS_IS_A_FILE;

        /** Applies this change; returns the mutated text of the file when it was mutated. */
        String apply(Path caseDir, Path file, List<Mutation> mutations) throws IOException {
            byte[] original = Files.readAllBytes(file);
            switch (this) {
                case DELETE_FILE:
                    Files.delete(file);
                    return null;
                case EMPTY_FILE:
                    Files.write(file, new byte[0]);
                    return "";
                case DEPS_IS_A_FILE: {
                    Path deps = caseDir.resolve("deps");
                    deleteTree(deps);
                    Files.writeString(deps, "package not:a-dir;\n");
                    return null;
                }
                default:
                    break;
            }
            byte[] mutated = Mutation.applyAll(original, mutations);
            Files.write(file, mutated);
            Path deps = caseDir.resolve("deps");
            switch (this) {
                case MUTATE_AND_COPY:
                    Files.write(file.resolveSibling("copy-of-" + file.getFileName()), original);
                    break;
                case DIRECTORY_NAMED_WIT:
                    Files.createDirectories(file.resolveSibling("zz.wit"));
                    break;
                case SELF_SYMLINK_DEP:
                    Files.createDirectories(deps);
                    Files.createSymbolicLink(deps.resolve("loop"), Paths.get("loop"));
                    break;
                case DANGLING_SYMLINK_DEP:
                    Files.createDirectories(deps);
                    Files.createSymbolicLink(deps.resolve("gone.wit"), Paths.get("does-not-exist.wit"));
                    break;
                case PARENT_SYMLINK_DEP:
                    Files.createDirectories(deps);
                    Files.createSymbolicLink(deps.resolve("up"), Paths.get(".."));
                    break;
                default:
                    break;
            }
            return new String(mutated, StandardCharsets.UTF_8);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Generated inputs

    /** Extreme shapes: deep nesting, long runs, long chains. */
    static final class Pathological {
        private Pathological() {
        }

        /** A family of extreme inputs, scaled by {@code n}. */
        enum Shape {
            OPEN_LIST, BALANCED_LIST_TYPE, OPEN_PARENS, OPEN_BRACES, NESTED_BLOCK_COMMENTS, UNCLOSED_COMMENTS,
            BALANCED_TUPLE, BALANCED_OPTION_RESULT, LONG_IDENTIFIER, LONG_LINE_OF_SPACES, LONG_DOC_COMMENT,
            ALIAS_CHAIN, ALIAS_CHAIN_REVERSED, ALIAS_CYCLE, MANY_RECORD_FIELDS, MANY_INTERFACES, MANY_USES,
            INCLUDE_CHAIN, HUGE_NUMBER, DEEP_RESULT_ERR, MANY_LINES, MANY_ATTRIBUTES, PERCENT_RUN,
            NESTED_PACKAGES
        }

        static String build(Shape shape, int n) {
            String head = "package a:b;\ninterface i {\n";
            switch (shape) {
                case OPEN_LIST:
                    return head + "type t = " + "list<".repeat(n);
                case BALANCED_LIST_TYPE:
                    return head + "type t = " + "list<".repeat(n) + "u8" + ">".repeat(n) + ";\n}\n";
                case OPEN_PARENS:
                    return head + "f: func" + "(".repeat(n);
                case OPEN_BRACES:
                    return "package a:b;\n" + "interface i {".repeat(n);
                case NESTED_BLOCK_COMMENTS:
                    return "/*".repeat(n) + "x" + "*/".repeat(n) + "\npackage a:b;\n";
                case UNCLOSED_COMMENTS:
                    return "package a:b;\n" + "/*".repeat(n);
                case BALANCED_TUPLE:
                    return head + "type t = " + "tuple<u8, ".repeat(n) + "u8" + ">".repeat(n) + ";\n}\n";
                case BALANCED_OPTION_RESULT:
                    return head + "type t = " + "option<result<".repeat(n) + "u8" + ">>".repeat(n) + ";\n}\n";
                case LONG_IDENTIFIER:
                    return head + "type " + "a".repeat(n * 20) + " = u8;\n}\n";
                case LONG_LINE_OF_SPACES:
                    return "package a:b;" + " ".repeat(n * 20) + "interface i { }";
                case LONG_DOC_COMMENT:
                    return "/// " + "d".repeat(n * 20) + "\npackage a:b;\n";
                case ALIAS_CHAIN: {
                    StringBuilder sb = new StringBuilder(head).append("type t0 = u8;\n");
                    for (int k = 1; k <= n; k++) {
                        sb.append("type t").append(k).append(" = t").append(k - 1).append(";\n");
                    }
                    return sb.append("f: func(x: t").append(n).append(");\n}\n").toString();
                }
                case ALIAS_CHAIN_REVERSED: {
                    StringBuilder sb = new StringBuilder(head);
                    for (int k = 0; k < n; k++) {
                        sb.append("type t").append(k).append(" = t").append(k + 1).append(";\n");
                    }
                    return sb.append("type t").append(n).append(" = string;\n}\n").toString();
                }
                case ALIAS_CYCLE: {
                    StringBuilder sb = new StringBuilder(head);
                    for (int k = 0; k < n; k++) {
                        sb.append("type t").append(k).append(" = t").append((k + 1) % n).append(";\n");
                    }
                    return sb.append("}\n").toString();
                }
                case MANY_RECORD_FIELDS: {
                    StringBuilder sb = new StringBuilder(head).append("record r {\n");
                    for (int k = 0; k < n; k++) {
                        sb.append("  x").append(k).append(": u32,\n");
                    }
                    return sb.append("}\n}\n").toString();
                }
                case MANY_INTERFACES: {
                    StringBuilder sb = new StringBuilder("package a:b;\n");
                    for (int k = 0; k < n; k++) {
                        sb.append("interface i").append(k).append(" { type t = u8; }\n");
                    }
                    return sb.toString();
                }
                case MANY_USES: {
                    StringBuilder sb = new StringBuilder("package a:b;\ninterface i0 { type t = u8; }\n");
                    for (int k = 1; k <= n; k++) {
                        sb.append("interface i").append(k).append(" { use i").append(k - 1).append(".{t}; }\n");
                    }
                    return sb.toString();
                }
                case INCLUDE_CHAIN: {
                    StringBuilder sb = new StringBuilder("package a:b;\nworld w0 { import f: func(); }\n");
                    for (int k = 1; k <= n; k++) {
                        sb.append("world w").append(k).append(" { include w").append(k - 1).append("; }\n");
                    }
                    return sb.toString();
                }
                case HUGE_NUMBER:
                    return "package a:b@" + "9".repeat(n) + ".0.0;\ninterface i { type t = list<u8, "
                            + "9".repeat(n) + ">; }\n";
                case DEEP_RESULT_ERR:
                    return head + "type t = " + "result<_, ".repeat(n) + "u8" + ">".repeat(n) + ";\n}\n";
                case MANY_LINES:
                    return "package a:b;\n" + "\n".repeat(n * 10) + "interface i { type t = nope; }\n";
                case MANY_ATTRIBUTES:
                    return "package a:b;\n" + "@since(version = 1.0.0)\n".repeat(n) + "interface i {}\n";
                case PERCENT_RUN:
                    return "package a:b;\ninterface " + "%".repeat(n) + "i {}\n";
                case NESTED_PACKAGES: {
                    StringBuilder sb = new StringBuilder();
                    for (int k = 0; k < n; k++) {
                        sb.append("package a:p").append(k).append(" {\n");
                    }
                    return sb.toString();
                }
                default:
                    throw new IllegalStateException(shape.toString());
            }
        }

        /** Every shape at the largest size, plus a few hand-written extremes. */
        static List<String> fixedInputs() {
            List<String> inputs = new ArrayList<>();
            inputs.add("list<".repeat(10_000));
            inputs.add("package a:b;\ninterface i {\ntype t = " + "list<".repeat(10_000));
            for (Shape shape : Shape.values()) {
                inputs.add(build(shape, 10_000));
            }
            inputs.add("package a:b;\ninterface i { type t = u8; }" + "x".repeat(1_000_000));
            inputs.add("");
            inputs.add("\ufeff");
            inputs.add("\ud800");
            inputs.add("\udc00package a:b;");
            inputs.add("package a:b;\u0000");
            inputs.add("package\n");
            inputs.add("/*");
            inputs.add("///");
            inputs.add("%");
            inputs.add("@");
            inputs.add("package a:b;\r\ninterface i {\r\n  f: func(\r\n");
            inputs.add("package a:b;\rinterface i {\r  f: func(\r");
            inputs.add("package a:b;\ninterface i {\n\tf: func(x: \ud83d);\n}\n");
            return inputs;
        }
    }

    /**
     * Builds random, mostly well-formed WIT from a {@link Random}: packages, interfaces, worlds, type
     * definitions, functions, uses, includes and gates, with names drawn from a tiny pool so that
     * duplicates, cycles and dangling references are frequent.
     */
    static final class ProgramGenerator {
        private static final String[] NAMES = {"a", "b", "c", "d", "e", "t", "i", "w", "r", "x", "%a"};
        private static final String[] PACKAGES = {"a:b", "a:b@1.0.0", "a:c", "x:y@0.2.0", "a:b@2.0.0"};
        private static final String[] PRIMITIVES = {
            "u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64", "f32", "f64", "bool", "char", "string",
            "error-context", "float32"
        };
        private static final String[] GATES = {
            "@since(version = 0.2.0)\n", "@unstable(feature = active)\n", "@unstable(feature = other)\n",
            "@deprecated(version = 0.1.0)\n", "@since(version = 3.0.0)\n", "/// docs\n", "/** block docs */\n"
        };

        private final Random r;
        private final StringBuilder sb = new StringBuilder();

        private ProgramGenerator(Random r) {
            this.r = r;
        }

        static String generate(Random r) {
            ProgramGenerator g = new ProgramGenerator(r);
            g.file();
            return g.sb.toString();
        }

        private String pick(String[] options) {
            return options[r.nextInt(options.length)];
        }

        private String name() {
            return pick(NAMES);
        }

        private void gate() {
            if (r.nextInt(4) == 0) {
                sb.append(pick(GATES));
            }
        }

        private void file() {
            if (r.nextInt(10) != 0) {
                if (r.nextInt(4) == 0) {
                    sb.append("/// package docs\n");
                }
                sb.append("package ").append(pick(PACKAGES)).append(";\n\n");
            }
            int items = 1 + r.nextInt(5);
            for (int k = 0; k < items; k++) {
                int kind = r.nextInt(10);
                if (kind < 5) {
                    iface();
                } else if (kind < 8) {
                    world();
                } else if (kind < 9) {
                    sb.append("use ").append(path()).append(r.nextBoolean() ? " as " + name() : "").append(";\n");
                } else {
                    sb.append("package ").append(pick(PACKAGES)).append(" {\n");
                    int inner = 1 + r.nextInt(3);
                    for (int j = 0; j < inner; j++) {
                        if (r.nextBoolean()) {
                            iface();
                        } else {
                            world();
                        }
                    }
                    sb.append("}\n");
                }
            }
        }

        private String path() {
            switch (r.nextInt(6)) {
                case 0:
                case 1:
                case 2:
                case 3:
                    return name();
                case 4:
                    return pick(PACKAGES).replaceFirst("@.*", "") + "/" + name();
                default:
                    return pick(PACKAGES).replaceFirst("(@.*)?$", "/" + name() + "$1");
            }
        }

        private void iface() {
            gate();
            sb.append("interface ").append(name()).append(" {\n");
            int items = r.nextInt(7);
            for (int k = 0; k < items; k++) {
                ifaceItem();
            }
            sb.append("}\n\n");
        }

        private void ifaceItem() {
            gate();
            int kind = r.nextInt(10);
            if (kind < 2) {
                use();
            } else if (kind < 7) {
                typeDef();
            } else {
                sb.append("  ").append(name()).append(": ").append(funcType()).append(";\n");
            }
        }

        private void use() {
            sb.append("  use ").append(path()).append(".{");
            int n = 1 + r.nextInt(3);
            for (int k = 0; k < n; k++) {
                sb.append(k > 0 ? ", " : "").append(name());
                if (r.nextInt(4) == 0) {
                    sb.append(" as ").append(name());
                }
            }
            sb.append("};\n");
        }

        private void typeDef() {
            String n = name();
            switch (r.nextInt(7)) {
                case 0:
                    sb.append("  type ").append(n).append(" = ").append(type(0)).append(";\n");
                    break;
                case 1:
                    sb.append("  record ").append(n).append(" {");
                    for (int k = r.nextInt(4); k > 0; k--) {
                        sb.append(' ').append(name()).append(": ").append(type(0)).append(',');
                    }
                    sb.append(" }\n");
                    break;
                case 2:
                    sb.append("  variant ").append(n).append(" {");
                    for (int k = r.nextInt(4); k > 0; k--) {
                        sb.append(' ').append(name());
                        if (r.nextBoolean()) {
                            sb.append('(').append(type(0)).append(')');
                        }
                        sb.append(',');
                    }
                    sb.append(" }\n");
                    break;
                case 3:
                case 4:
                    sb.append(r.nextBoolean() ? "  enum " : "  flags ").append(n).append(" {");
                    for (int k = r.nextInt(4); k > 0; k--) {
                        sb.append(' ').append(name()).append(',');
                    }
                    sb.append(" }\n");
                    break;
                default:
                    resource(n);
                    break;
            }
        }

        private void resource(String n) {
            sb.append("  resource ").append(n);
            if (r.nextInt(3) == 0) {
                sb.append(";\n");
                return;
            }
            sb.append(" {\n");
            for (int k = r.nextInt(4); k > 0; k--) {
                gate();
                switch (r.nextInt(3)) {
                    case 0:
                        sb.append("    constructor").append(params()).append(r.nextInt(4) == 0 ? " -> " + type(0) : "")
                                .append(";\n");
                        break;
                    case 1:
                        sb.append("    ").append(name()).append(": static ").append(funcType()).append(";\n");
                        break;
                    default:
                        sb.append("    ").append(name()).append(": ").append(funcType()).append(";\n");
                        break;
                }
            }
            sb.append("  }\n");
        }

        private String funcType() {
            StringBuilder f = new StringBuilder(r.nextInt(5) == 0 ? "async func" : "func").append(params());
            if (r.nextBoolean()) {
                f.append(" -> ").append(type(0));
            }
            return f.toString();
        }

        private String params() {
            StringBuilder p = new StringBuilder("(");
            for (int k = r.nextInt(4); k > 0; k--) {
                p.append(p.length() > 1 ? ", " : "").append(name()).append(": ").append(type(0));
            }
            return p.append(')').toString();
        }

        private String type(int depth) {
            int kind = depth > 3 ? r.nextInt(2) : r.nextInt(14);
            switch (kind) {
                case 0:
                    return pick(PRIMITIVES);
                case 1:
                    return name();
                case 2:
                    return "list<" + type(depth + 1) + ">";
                case 3:
                    return "list<" + type(depth + 1) + ", " + r.nextInt(5) + ">";
                case 4:
                    return "option<" + type(depth + 1) + ">";
                case 5:
                    return "result<" + type(depth + 1) + ", " + type(depth + 1) + ">";
                case 6:
                    return r.nextBoolean() ? "result" : "result<_, " + type(depth + 1) + ">";
                case 7:
                    return "tuple<" + type(depth + 1) + ", " + type(depth + 1) + ">";
                case 8:
                    return "borrow<" + name() + ">";
                case 9:
                    return "own<" + name() + ">";
                case 10:
                    return r.nextBoolean() ? "stream<" + type(depth + 1) + ">" : "stream";
                case 11:
                    return r.nextBoolean() ? "future<" + type(depth + 1) + ">" : "future";
                case 12:
                    return "map<" + type(depth + 1) + ", " + type(depth + 1) + ">";
                default:
                    return pick(PRIMITIVES);
            }
        }

        private void world() {
            gate();
            sb.append("world ").append(name()).append(" {\n");
            for (int k = r.nextInt(6); k > 0; k--) {
                gate();
                String dir = r.nextBoolean() ? "import " : "export ";
                switch (r.nextInt(7)) {
                    case 0:
                        sb.append("  ").append(dir).append(path()).append(";\n");
                        break;
                    case 1:
                        sb.append("  ").append(dir).append(name()).append(": ").append(funcType()).append(";\n");
                        break;
                    case 2:
                        sb.append("  ").append(dir).append(name()).append(": interface {\n");
                        for (int j = r.nextInt(3); j > 0; j--) {
                            ifaceItem();
                        }
                        sb.append("  }\n");
                        break;
                    case 3:
                        sb.append("  include ").append(path());
                        if (r.nextBoolean()) {
                            sb.append(" with { ").append(name()).append(" as ").append(name()).append(" }\n");
                        } else {
                            sb.append(";\n");
                        }
                        break;
                    case 4:
                        use();
                        break;
                    default:
                        typeDef();
                        break;
                }
            }
            sb.append("}\n\n");
        }
    }
}
