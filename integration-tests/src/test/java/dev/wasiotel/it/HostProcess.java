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

/**
 * Runs {@code java -jar host/target/wasi-otel.jar ...} as a separate process, as a user would; when
 * the tests run on another engine (system property {@code wasiotel.engine}), the CLI from this
 * JVM's class path on that engine.
 */
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

    /** A file beside a guest under {@code integration-tests/guests/DIR}, e.g. a core-module fixture. */
    static Path guestFile(String dir, String file) {
        Path p = root().resolve("integration-tests/guests").resolve(dir).resolve(file);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("no guest file " + p);
        }
        return p;
    }

    /** Runs the CLI with {@code args} and extra environment {@code env}, waiting at most {@code timeout}. */
    static Result run(Map<String, String> env, Duration timeout, String... args) throws IOException, InterruptedException {
        return run(List.of(), env, timeout, args);
    }

    /**
     * Runs the CLI in a JVM started with {@code jvmOptions} (e.g. {@code -Xmx512m}), with {@code args}
     * and extra environment {@code env}, waiting at most {@code timeout}.
     */
    static Result run(List<String> jvmOptions, Map<String, String> env, Duration timeout, String... args)
            throws IOException, InterruptedException {
        try (Running running = start(jvmOptions, env, args)) {
            return running.await(timeout);
        }
    }

    /** Starts the CLI with {@code args} and extra environment {@code env}, without waiting for it. */
    static Running start(Map<String, String> env, String... args) throws IOException {
        return start(List.of(), env, args);
    }

    /** Starts the CLI in a JVM started with {@code jvmOptions}; the caller waits with {@link Running#await}. */
    static Running start(List<String> jvmOptions, Map<String, String> env, String... args) throws IOException {
        String engine = System.getProperty("wasiotel.engine", "");
        Path jar = root().resolve("host/target/wasi-otel.jar");
        if (engine.isBlank() && !Files.isRegularFile(jar)) {
            throw new IllegalStateException("no host jar at " + jar + " (the build makes it before these tests)");
        }
        // Started as from a terminal: a shell without job control (a CI runner, `cmd &`) starts
        // this JVM with SIGINT ignored, `nohup` with SIGHUP ignored; children inherit that, and the
        // CLI, like every well-behaved program (the JVM included), leaves an ignored signal ignored.
        // perl (in every Debian system) resets both and execs the JVM in the same process, so
        // signals reach it by this pid.
        List<String> command = new ArrayList<>(List.of("perl", "-e",
                "$SIG{INT} = 'DEFAULT'; $SIG{HUP} = 'DEFAULT'; exec @ARGV or die $!",
                ZipkinServer.javaBinary()));
        command.addAll(jvmOptions);
        if (engine.isBlank()) {
            command.addAll(List.of("-jar", jar.toString()));
        } else {
            // these tests run on another engine (engine-graalwasm's e2e run): so does the CLI, from this
            // JVM's class path (which has the engine) on this JVM's JDK
            // Truffle loads a native library and uses sun.misc.Unsafe: allowed, so that the JDK does not
            // warn on the CLI's standard error
            command.add("--enable-native-access=ALL-UNNAMED");
            if (Runtime.version().feature() >= 23) {
                command.add("--sun-misc-unsafe-memory-access=allow");
            }
            command.addAll(List.of("-Dwasiotel.engine=" + engine, "-cp", System.getProperty("java.class.path"),
                    "dev.wasiotel.host.WasiOtelCli"));
        }
        command.addAll(List.of(args));
        return startCommand(command, env);
    }

    /**
     * Starts {@code bin/wasi-otel ARGS}, the launcher a user runs, on the JDK running these tests
     * (JAVA_HOME), with extra environment {@code env} (e.g. JAVA_OPTS); the caller waits with
     * {@link Running#await}.
     */
    static Running startLauncher(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(root().resolve("bin/wasi-otel").toString()));
        command.addAll(List.of(args));
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("JAVA_HOME", System.getProperty("java.home"));
        return startCommand(command, all);
    }

    /**
     * Starts {@code command} (a JVM running the CLI, or {@code bin/wasi-otel}) with the OTEL_
     * variables of this JVM removed and {@code env} added; the caller waits with {@link Running#await}.
     */
    static Running startCommand(List<String> command, Map<String, String> env) throws IOException {
        Path out = Files.createTempFile("host", ".out");
        Path err = Files.createTempFile("host", ".err");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("OTEL_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        return new Running(p, out, err);
    }

    /** A CLI process that runs; closing it kills it if it still runs and deletes its output files. */
    record Running(Process process, Path out, Path err) implements AutoCloseable {
        /** Output files larger than this are read in part. */
        static final long CAP = 8L << 20;

        /** What the process has written to stderr so far. */
        String stderrSoFar() throws IOException {
            return Files.readString(err, StandardCharsets.UTF_8);
        }

        /** Waits for the process to end, at most {@code timeout}; kills it and fails if it does not. */
        Result await(Duration timeout) throws IOException, InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                String err = stderrSoFar();
                throw new AssertionError("the host did not finish in " + timeout + "\n"
                        + err.substring(Math.max(0, err.length() - 20_000)));
            }
            return new Result(process.exitValue(), readCapped(out), readCapped(err));
        }

        /**
         * The file as text; of a file over {@value #CAP} bytes (a host that prints a guest's 255 MiB span
         * name) only the first and the last MiB, around a note of how much was left out.
         */
        private static String readCapped(Path file) throws IOException {
            long size = Files.size(file);
            if (size <= CAP) {
                return Files.readString(file, StandardCharsets.UTF_8);
            }
            try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(file.toFile(), "r")) {
                byte[] head = new byte[1 << 20];
                byte[] tail = new byte[1 << 20];
                f.readFully(head);
                f.seek(size - tail.length);
                f.readFully(tail);
                return new String(head, StandardCharsets.UTF_8) + "\n[... " + (size - head.length - tail.length)
                        + " bytes left out ...]\n" + new String(tail, StandardCharsets.UTF_8);
            }
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

        /**
         * Waits at most {@code timeout} until {@code wasi-otel serve} has printed its {@code wasi-otel:
         * serving NAME (...) on URI} line on stderr, and returns the URI.
         */
        java.net.URI awaitServing(Duration timeout) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                for (String line : stderrSoFar().split("\n")) {
                    if (line.startsWith("wasi-otel: serving ")) {
                        return java.net.URI.create(line.substring(line.lastIndexOf(" on ") + 4).trim());
                    }
                }
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new AssertionError("the host did not print its `serving` line" + (process.isAlive() ? ""
                            : " (it exited)") + "\n--- stdout\n" + Files.readString(out) + "\n--- stderr\n"
                            + stderrSoFar());
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

        @Override
        public void close() throws IOException {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
