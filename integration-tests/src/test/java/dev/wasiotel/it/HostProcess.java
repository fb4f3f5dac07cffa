package dev.wasiotel.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@code java -jar host/target/wasi-otel.jar ...} as a separate process, as a user would. */
final class HostProcess {
    private HostProcess() {
    }

    /** What the process did. */
    record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    /** The repository root (where {@code host/} and {@code integration-tests/} are). */
    static Path root() {
        return Path.of(System.getProperty("wasiotel.root", "..")).toAbsolutePath().normalize();
    }

    /** A guest binary under {@code integration-tests/guests}. */
    static Path guest(String name) {
        Path p = root().resolve("integration-tests/guests").resolve(name).resolve(name + ".wasm");
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("no guest binary " + p);
        }
        return p;
    }

    /** Runs the CLI with {@code args} and extra environment {@code env}, waiting at most {@code timeout}. */
    static Result run(Map<String, String> env, Duration timeout, String... args) throws IOException, InterruptedException {
        Path jar = root().resolve("host/target/wasi-otel.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no host jar at " + jar + " (the build makes it before these tests)");
        }
        List<String> command = new ArrayList<>(List.of(ZipkinServer.javaBinary(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("host", ".out");
        Path err = Files.createTempFile("host", ".err");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("OTEL_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the host did not finish in " + timeout + "\n" + Files.readString(err));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
