package dev.wasiotel.host.wasi;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

/**
 * What a guest sees of the world through WASI: its arguments and environment, its standard
 * streams, the directories it may use, and its clocks and random sources. By default a guest gets
 * no arguments, no environment, an empty stdin, stdout and stderr discarded, no directory at all,
 * the system clocks and a {@link SecureRandom}.
 *
 * <pre>{@code
 * WasiConfig config = WasiConfig.builder()
 *         .args("guest", "--verbose")
 *         .env("LANG", "C")
 *         .stdout(System.out)
 *         .preopen(Path.of("data"), "/data", true)
 *         .build();
 * }</pre>
 *
 * @param args the arguments ({@code wasi:cli/environment.get-arguments}), program name first if any
 * @param env the environment variables, in order
 * @param initialCwd the guest's initial working directory, if it has one
 * @param stdin the guest's standard input; it is read, never closed
 * @param stdout where the guest's standard output goes; written and flushed, never closed
 * @param stderr where the guest's standard error goes; written and flushed, never closed
 * @param preopens the directories the guest may use
 * @param clock the wall and monotonic clocks
 * @param secureRandom {@code wasi:random/random}'s source; must be cryptographically secure
 * @param insecureRandom {@code wasi:random/insecure}'s source
 * @param insecureSeedLow the first half of {@code wasi:random/insecure-seed}'s 128-bit value
 * @param insecureSeedHigh its second half
 * @param maxOpenFiles how many files and directory listings the guest may hold open at once
 */
public record WasiConfig(
        List<String> args,
        Map<String, String> env,
        Optional<String> initialCwd,
        InputStream stdin,
        OutputStream stdout,
        OutputStream stderr,
        List<WasiPreopen> preopens,
        WasiClock clock,
        Random secureRandom,
        Random insecureRandom,
        long insecureSeedLow,
        long insecureSeedHigh,
        int maxOpenFiles) {

    /** The default for {@link #maxOpenFiles}. */
    public static final int DEFAULT_MAX_OPEN_FILES = 256;

    /** Copies the collections and checks that nothing is missing. */
    public WasiConfig {
        args = List.copyOf(args);
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
        Objects.requireNonNull(initialCwd, "initialCwd");
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        preopens = List.copyOf(preopens);
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(secureRandom, "secureRandom");
        Objects.requireNonNull(insecureRandom, "insecureRandom");
        if (maxOpenFiles < 0) {
            throw new IllegalArgumentException("maxOpenFiles must not be negative");
        }
    }

    /** The defaults: nothing visible, nothing printed. */
    public static WasiConfig defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link WasiConfig}; every setter replaces the earlier value. */
    public static final class Builder {
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private String initialCwd;
        private InputStream stdin = InputStream.nullInputStream();
        private OutputStream stdout = OutputStream.nullOutputStream();
        private OutputStream stderr = OutputStream.nullOutputStream();
        private final List<WasiPreopen> preopens = new ArrayList<>();
        private WasiClock clock = WasiClock.system();
        private Random secureRandom;
        private Random insecureRandom;
        private long[] insecureSeed;
        private int maxOpenFiles = DEFAULT_MAX_OPEN_FILES;

        private Builder() {
        }

        /** The arguments, replacing any set before. */
        public Builder args(String... values) {
            return args(List.of(values));
        }

        /** The arguments, replacing any set before. */
        public Builder args(List<String> values) {
            args.clear();
            args.addAll(values);
            return this;
        }

        /** Sets one environment variable. */
        public Builder env(String name, String value) {
            env.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Sets environment variables, e.g. {@code System.getenv()} to pass the host's on. */
        public Builder env(Map<String, String> values) {
            values.forEach(this::env);
            return this;
        }

        /** The initial working directory the guest is told about. */
        public Builder initialCwd(String path) {
            this.initialCwd = Objects.requireNonNull(path, "path");
            return this;
        }

        /** Standard input from a stream (read, never closed by WASI). */
        public Builder stdin(InputStream in) {
            this.stdin = Objects.requireNonNull(in, "in");
            return this;
        }

        /** Standard input with exactly these bytes. */
        public Builder stdin(byte[] bytes) {
            return stdin(new ByteArrayInputStream(bytes.clone()));
        }

        /** Where standard output goes (written and flushed, never closed by WASI). */
        public Builder stdout(OutputStream out) {
            this.stdout = Objects.requireNonNull(out, "out");
            return this;
        }

        /** Where standard error goes (written and flushed, never closed by WASI). */
        public Builder stderr(OutputStream out) {
            this.stderr = Objects.requireNonNull(out, "out");
            return this;
        }

        /** The JVM's own {@code System.in}, {@code System.out} and {@code System.err}, as a command line host wants. */
        public Builder inheritStdio() {
            return stdin(System.in).stdout(System.out).stderr(System.err);
        }

        /** Grants the guest the host directory {@code hostPath} under the name {@code guestPath}. */
        public Builder preopen(Path hostPath, String guestPath, boolean readOnly) {
            preopens.add(new WasiPreopen(hostPath, guestPath, readOnly));
            return this;
        }

        /** The clocks (e.g. a controllable one in tests). */
        public Builder clock(WasiClock value) {
            this.clock = Objects.requireNonNull(value, "value");
            return this;
        }

        /** {@code wasi:random/random}'s source; it must be cryptographically secure outside tests. */
        public Builder secureRandom(Random value) {
            this.secureRandom = Objects.requireNonNull(value, "value");
            return this;
        }

        /** {@code wasi:random/insecure}'s source. */
        public Builder insecureRandom(Random value) {
            this.insecureRandom = Objects.requireNonNull(value, "value");
            return this;
        }

        /** {@code wasi:random/insecure-seed}'s value. */
        public Builder insecureSeed(long low, long high) {
            this.insecureSeed = new long[] {low, high};
            return this;
        }

        /** How many files and directory listings the guest may hold open at once. */
        public Builder maxOpenFiles(int value) {
            this.maxOpenFiles = value;
            return this;
        }

        /** The configuration; unset random sources are seeded freshly from a {@link SecureRandom}. */
        public WasiConfig build() {
            Random secure = secureRandom != null ? secureRandom : new SecureRandom();
            Random insecure = insecureRandom != null ? insecureRandom : new Random(secure.nextLong());
            long[] seed = insecureSeed != null ? insecureSeed : new long[] {secure.nextLong(), secure.nextLong()};
            return new WasiConfig(args, env, Optional.ofNullable(initialCwd), stdin, stdout, stderr,
                    preopens, clock, secure, insecure, seed[0], seed[1], maxOpenFiles);
        }
    }
}
