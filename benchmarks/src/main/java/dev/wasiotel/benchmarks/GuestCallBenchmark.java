package dev.wasiotel.benchmarks;

import dev.wasiotel.host.component.Component;
import dev.wasiotel.host.component.ComponentInstance;
import dev.wasiotel.wit.runtime.chicory.ExecutionMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One call of a guest component's {@code run("world")} after warm-up, as a distribution (JMH's
 * sample mode: its {@code p0.50} is the per-call median that {@code benchmarks/side-by-side.sh}
 * compares with jco/Node). The guest runs in a {@link BenchmarkHost}, linked as {@code wasi-otel
 * run} links it.
 *
 * <p>Run from the repository root (guests are read from {@code integration-tests/guests}):
 * {@code java -jar benchmarks/target/benchmarks.jar GuestCallBenchmark -p guest=c-otel}. The
 * {@code js-otel-sdk} guest takes seconds per call and GBs of heap on the interpreter; with {@code
 * -p mode=COMPILER} it needs its machine compiled at build time on the class path (see the README),
 * else Chicory compiles its 14 MB at run time (minutes).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = "-Xmx4g")
@State(Scope.Benchmark)
public class GuestCallBenchmark {
    /** Folder under integration-tests/guests (the binary has the same name). */
    @Param({"wat-otel", "c-otel"})
    public String guest;

    /** INTERPRETER or COMPILER. */
    @Param({"INTERPRETER", "COMPILER"})
    public String mode;

    private BenchmarkHost host;
    private ComponentInstance instance;

    /** Loads and instantiates the guest. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        host = new BenchmarkHost(ExecutionMode.valueOf(mode));
        Path wasm = Path.of("integration-tests/guests", guest, guest + ".wasm");
        instance = host.host().instantiate(Component.load(Files.readAllBytes(wasm)));
    }

    /** Lets the adapter hand its last metric exports on. */
    @TearDown(Level.Trial)
    public void tearDown() {
        host.flush();
    }

    /** One {@code run("world")} under a host span; returns the nanoseconds it took (so it is not dead code). */
    @Benchmark
    public long run() {
        return host.run(instance, "world");
    }
}
