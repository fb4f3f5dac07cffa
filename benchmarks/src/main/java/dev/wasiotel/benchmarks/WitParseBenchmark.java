package dev.wasiotel.benchmarks;

import dev.wasiotel.wit.parser.WitLoader;
import dev.wasiotel.wit.parser.WitOptions;
import dev.wasiotel.wit.parser.diag.WitParseException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * How long it takes to parse and resolve the whole WASI 0.2 set, against the cost of merely reading
 * the same files.
 *
 * <p>{@link #parseAndResolveWasi02} loads each of the seven packages in {@code wit/wasi-0.2} ({@code
 * io}, {@code clocks}, {@code random}, {@code filesystem}, {@code sockets}, {@code cli}, {@code
 * http}) with {@code new WitLoader(WitOptions.DEFAULTS).load(packageDir, List.of(wasi02Root))}: the
 * root holds the packages side by side, so every load also parses and resolves the dependencies that
 * package needs. {@link #readFilesBaseline} only reads every {@code .wit} file of those seven folders
 * once into a {@code String} (UTF-8); dividing the two scores gives parse+resolve as a multiple of
 * raw file reading. Both report the average time of one whole pass, in milliseconds.
 *
 * <p>The shared folder is the {@code sharedDir} parameter, or when that is empty the system property
 * {@code wasiotel.shared.dir}, or else {@code ../shared} (relative to the repository root, where the
 * jar is normally run). Build with {@code mvn -pl wit-parser,benchmarks -am package -DskipTests},
 * then from the repository root:
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar WitParseBenchmark -f 1 -wi 3 -i 5
 * </pre>
 *
 * (add {@code -p sharedDir=/path/to/shared} or {@code -Dwasiotel.shared.dir=...} before {@code -jar}
 * if the shared folder lives elsewhere).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class WitParseBenchmark {

    /** The seven WASI 0.2 packages, in dependency order. */
    static final List<String> PACKAGES = List.of("io", "clocks", "random", "filesystem", "sockets", "cli", "http");

    /** The shared folder; empty means the system property {@code wasiotel.shared.dir} or {@code ../shared}. */
    @Param({""})
    public String sharedDir;

    private Path wasi02Root;
    private List<Path> packageDirs;
    private List<Path> witFiles;

    /** Finds the packages and their files, and checks once that every package loads. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        String dir = sharedDir;
        if (dir == null || dir.isBlank()) {
            dir = System.getProperty("wasiotel.shared.dir", "../shared");
        }
        wasi02Root = Paths.get(dir, "wit", "wasi-0.2").toAbsolutePath().normalize();
        packageDirs = new ArrayList<>();
        witFiles = new ArrayList<>();
        for (String name : PACKAGES) {
            Path pkg = wasi02Root.resolve(name);
            if (!Files.isDirectory(pkg)) {
                throw new IllegalStateException("WASI 0.2 package folder not found: " + pkg
                        + " (run from the repository root, or set -p sharedDir=... or -Dwasiotel.shared.dir=...)");
            }
            packageDirs.add(pkg);
            try (Stream<Path> files = Files.list(pkg)) {
                witFiles.addAll(files.filter(p -> p.getFileName().toString().endsWith(".wit"))
                        .sorted().collect(Collectors.toList()));
            }
        }
        for (Path pkg : packageDirs) {
            try {
                new WitLoader(WitOptions.DEFAULTS).load(pkg, List.of(wasi02Root));
            } catch (WitParseException e) {
                throw new IllegalStateException("WASI 0.2 package does not load: " + pkg + "\n" + e.getMessage(), e);
            }
        }
    }

    /** Parses and resolves all seven packages (each with the dependencies it needs). */
    @Benchmark
    public void parseAndResolveWasi02(Blackhole bh) throws WitParseException {
        List<Path> roots = List.of(wasi02Root);
        for (Path pkg : packageDirs) {
            bh.consume(new WitLoader(WitOptions.DEFAULTS).load(pkg, roots));
        }
    }

    /** Baseline: reads every {@code .wit} file of the seven packages into a string, nothing more. */
    @Benchmark
    public void readFilesBaseline(Blackhole bh) throws IOException {
        for (Path file : witFiles) {
            bh.consume(Files.readString(file, StandardCharsets.UTF_8));
        }
    }
}
