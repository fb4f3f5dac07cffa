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
        return start(env, args).await(timeout);
    }

    /** Starts the CLI with {@code args} and extra environment {@code env}, without waiting for it. */
    static Running start(Map<String, String> env, String... args) throws IOException {
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
        return new Running(p, out, err);
    }

    /** A CLI process that was started, its output going to files. */
    record Running(Process process, Path out, Path err) {
        /** Waits at most {@code timeout} for the process to exit; kills it and fails if it does not. */
        Result await(Duration timeout) throws IOException, InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the host did not finish in " + timeout + "\n" + Files.readString(err));
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        }

        /** Waits at most {@code timeout} until the process has printed {@code text} on stdout. */
        void awaitStdout(String text, Duration timeout) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!Files.readString(out, StandardCharsets.UTF_8).contains(text)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new AssertionError("the host did not print `" + text + "`" + (process.isAlive() ? ""
                            : " (it exited)") + "\n--- stdout\n" + Files.readString(out) + "\n--- stderr\n"
                            + Files.readString(err));
                }
                Thread.sleep(50);
            }
        }

        /** Sends the process a signal, e.g. {@code TERM} or {@code INT}, with {@code kill}. */
        void signal(String name) throws IOException, InterruptedException {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new AssertionError("kill -" + name + " " + process.pid() + " failed");
            }
        }
    }
}
