package dev.wasiotel.host.wasi;

import dev.wasiotel.host.wasi.bindings.wasi.cli.environment.EnvironmentHost;
import dev.wasiotel.host.wasi.bindings.wasi.cli.exit.ExitHost;
import dev.wasiotel.host.wasi.bindings.wasi.cli.stderr.StderrHost;
import dev.wasiotel.host.wasi.bindings.wasi.cli.stdin.StdinHost;
import dev.wasiotel.host.wasi.bindings.wasi.cli.stdout.StdoutHost;
import dev.wasiotel.host.wasi.bindings.wasi.cli.terminal_input.TerminalInputFunctions;
import dev.wasiotel.host.wasi.bindings.wasi.cli.terminal_input.TerminalInputFunctionsHost;
import dev.wasiotel.host.wasi.bindings.wasi.cli.terminal_output.TerminalOutputFunctions;
import dev.wasiotel.host.wasi.bindings.wasi.cli.terminal_output.TerminalOutputFunctionsHost;
import dev.wasiotel.host.wasi.bindings.wasi.cli.terminal_stderr.TerminalStderrHost;
import dev.wasiotel.host.wasi.bindings.wasi.cli.terminal_stdin.TerminalStdinHost;
import dev.wasiotel.host.wasi.bindings.wasi.cli.terminal_stdout.TerminalStdoutHost;
import dev.wasiotel.host.wasi.bindings.wasi.clocks.monotonic_clock.MonotonicClockHost;
import dev.wasiotel.host.wasi.bindings.wasi.clocks.wall_clock.WallClockHost;
import dev.wasiotel.host.wasi.bindings.wasi.filesystem.preopens.PreopensHost;
import dev.wasiotel.host.wasi.bindings.wasi.filesystem.types.TypesHost;
import dev.wasiotel.host.wasi.bindings.wasi.io.error.ErrorFunctions;
import dev.wasiotel.host.wasi.bindings.wasi.io.error.ErrorFunctionsHost;
import dev.wasiotel.host.wasi.bindings.wasi.io.poll.PollHost;
import dev.wasiotel.host.wasi.bindings.wasi.io.streams.Streams;
import dev.wasiotel.host.wasi.bindings.wasi.io.streams.StreamsHost;
import dev.wasiotel.host.wasi.bindings.wasi.random.insecure.InsecureHost;
import dev.wasiotel.host.wasi.bindings.wasi.random.insecure_seed.InsecureSeedHost;
import dev.wasiotel.host.wasi.bindings.wasi.random.random.RandomHost;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.runtime.GuestContext;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import dev.wasiotel.wit.runtime.PerInstance;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * WASI 0.2 for guests on this host: {@code wasi:cli}, {@code wasi:io}, {@code wasi:clocks},
 * {@code wasi:random} and {@code wasi:filesystem} at version {@value #VERSION}, implemented in Java
 * on bindings generated from the WASI WIT. {@code wasi:http} is {@link
 * dev.wasiotel.host.wasi.http.WasiHttp}'s; {@code wasi:sockets} is not provided: a guest importing
 * it fails to link, with the missing functions named.
 *
 * <pre>{@code
 * GuestInstance guest = ChicoryHost.builder()
 *         .addAll(Wasi.create(WasiConfig.builder().stdout(System.out).build()))
 *         .build()
 *         .instantiate(wasm);
 * }</pre>
 *
 * <p>The functions' core module names are the WIT interface names ({@code wasi:cli/stdout@0.2.12})
 * and their names those of {@code wit-component} ({@code get-stdout},
 * {@code [method]output-stream.blocking-write-and-flush}, ...). One {@code Wasi} and its functions
 * serve any number of guest instances: the configuration and the standard streams (stdin's position
 * too) are shared; each instance has its own WASI state, found from the calling instance on each
 * call (the generated hosts' {@code functionsPerInstance}): its handles live in its own resource
 * table and the files it opens count against its own {@link WasiConfig#maxOpenFiles()}. {@link
 * #close()} closes what every instance left open.
 */
public final class Wasi implements AutoCloseable {
    /** The WASI version of the interfaces provided. */
    public static final String VERSION = "0.2.12";

    /** The interfaces provided, without version. */
    public static final Set<String> INTERFACES = Set.of(
            "wasi:cli/environment", "wasi:cli/exit", "wasi:cli/stdin", "wasi:cli/stdout", "wasi:cli/stderr",
            "wasi:cli/terminal-input", "wasi:cli/terminal-output", "wasi:cli/terminal-stdin",
            "wasi:cli/terminal-stdout", "wasi:cli/terminal-stderr",
            "wasi:io/error", "wasi:io/poll", "wasi:io/streams",
            "wasi:clocks/wall-clock", "wasi:clocks/monotonic-clock",
            "wasi:random/random", "wasi:random/insecure", "wasi:random/insecure-seed",
            "wasi:filesystem/types", "wasi:filesystem/preopens");

    private final CliEnvironment environment;
    private final CliExit exit = new CliExit();
    private final CliStdio stdio;
    private final IoPoll poll;
    private final WasiClock clock;
    private final RandomSources random;
    private final int maxOpenFiles;
    private final List<Filesystem.Root> roots;
    /** What every instance has open, for {@link #close()}; each instance's own budget is in its {@link Instance}. */
    private final OpenFiles openFiles;

    private Wasi(WasiConfig config) {
        this.environment = new CliEnvironment(config);
        this.stdio = new CliStdio(config);
        this.clock = config.clock();
        this.poll = new IoPoll(clock);
        this.random = new RandomSources(config);
        this.maxOpenFiles = config.maxOpenFiles();
        this.openFiles = new OpenFiles(Integer.MAX_VALUE);
        this.roots = Filesystem.roots(config);
    }

    /**
     * The WASI state of one guest instance, made on its first call and kept in its attachments:
     * its filesystem, whose files count against the instance's own budget.
     *
     * @param wasi the {@code Wasi} it belongs to (an instance linked to two gets each one's)
     * @param filesystem wasi:filesystem for the instance
     */
    private record Instance(Wasi wasi, Filesystem filesystem) {
    }

    /** This {@code Wasi}'s state for the calling instance {@code guest}. */
    private Instance instance(GuestContext guest) {
        Instance i = guest.attachment(Instance.class);
        if (i == null || i.wasi() != this) {
            i = new Instance(this, new Filesystem(roots, new OpenFiles(maxOpenFiles, openFiles), clock));
            guest.putAttachment(Instance.class, i);
        }
        return i;
    }

    /**
     * A WASI host for {@code config}.
     *
     * @throws IllegalArgumentException if a preopened directory does not exist
     */
    public static Wasi of(WasiConfig config) {
        return new Wasi(Objects.requireNonNull(config, "config"));
    }

    /**
     * All WASI functions for a UTF-8 guest (what core modules from every common toolchain use):
     * {@code of(config).functions(StringEncoding.UTF8)}.
     */
    public static List<HostFunctionDef> create(WasiConfig config) {
        return of(config).functions(StringEncoding.UTF8);
    }

    /**
     * All WASI functions for a guest using {@code encoding}, e.g. as a component's {@code canon
     * lower} options say. Functions for different encodings of one {@code Wasi} share its state.
     */
    public List<HostFunctionDef> functions(StringEncoding encoding) {
        Objects.requireNonNull(encoding, "encoding");
        List<HostFunctionDef> defs = new ArrayList<>();
        defs.addAll(EnvironmentHost.functions(environment, encoding));
        defs.addAll(ExitHost.functions(exit, encoding));
        defs.addAll(StdinHost.functions(stdio, encoding));
        defs.addAll(StdoutHost.functions(stdio, encoding));
        defs.addAll(StderrHost.functions(stdio, encoding));
        defs.addAll(TerminalInputFunctionsHost.functions(new TerminalInputFunctions() { }, encoding));
        defs.addAll(TerminalOutputFunctionsHost.functions(new TerminalOutputFunctions() { }, encoding));
        defs.addAll(TerminalStdinHost.functions(stdio, encoding));
        defs.addAll(TerminalStdoutHost.functions(stdio, encoding));
        defs.addAll(TerminalStderrHost.functions(stdio, encoding));
        defs.addAll(ErrorFunctionsHost.functions(new ErrorFunctions() { }, encoding));
        defs.addAll(PollHost.functions(poll, encoding));
        defs.addAll(StreamsHost.functions(new Streams() { }, encoding));
        defs.addAll(WallClockHost.functions(Clocks.wall(clock), encoding));
        defs.addAll(MonotonicClockHost.functions(Clocks.monotonic(clock), encoding));
        defs.addAll(RandomHost.functions(random, encoding));
        defs.addAll(InsecureHost.functions(random, encoding));
        defs.addAll(InsecureSeedHost.functions(random, encoding));
        PerInstance<Filesystem> filesystem = guest -> instance(guest).filesystem();
        defs.addAll(TypesHost.functionsPerInstance(filesystem, encoding));
        defs.addAll(PreopensHost.functionsPerInstance(filesystem, encoding));
        return List.copyOf(defs);
    }

    /**
     * The functions of {@link #functions(StringEncoding)} under the module names of another WASI 0.2
     * release, for core modules importing, say, {@code wasi:cli/stdout@0.2.0}. Within 0.2 the
     * interfaces only grew, so every {@code 0.2.N} guest is served by this implementation (as the
     * component loader's semver matching does for components).
     *
     * @throws IllegalArgumentException unless {@code version} is {@code 0.2.N}
     */
    public List<HostFunctionDef> functions(StringEncoding encoding, String version) {
        if (!version.matches("0\\.2\\.(0|[1-9][0-9]*)")) {
            throw new IllegalArgumentException("WASI " + version + " is not served by this WASI " + VERSION
                    + " host (only 0.2.N versions are)");
        }
        List<HostFunctionDef> defs = new ArrayList<>();
        for (HostFunctionDef d : functions(encoding)) {
            String iface = d.module().substring(0, d.module().lastIndexOf('@'));
            defs.add(new HostFunctionDef(iface + "@" + version, d.name(), d.params(), d.results(), d.body(), d.type()));
        }
        return List.copyOf(defs);
    }

    /**
     * Every interface provided, by its versioned name ({@code wasi:cli/stdout@0.2.12}), with its
     * functions for each string encoding: the shape in which a component host takes the
     * interfaces it serves, e.g. {@code wasi.interfaces().forEach(componentHostBuilder::provide)}.
     */
    public Map<String, Function<StringEncoding, List<HostFunctionDef>>> interfaces() {
        Map<String, Function<StringEncoding, List<HostFunctionDef>>> out = new TreeMap<>();
        for (String name : INTERFACES) {
            String module = name + "@" + VERSION;
            out.put(module, encoding -> functions(encoding).stream().filter(d -> d.module().equals(module)).toList());
        }
        return Collections.unmodifiableMap(out);
    }

    /** How many host files and directory listings the guests of this host hold open now, all instances together. */
    public int openFiles() {
        return openFiles.open();
    }

    /**
     * Closes every host file and directory listing guests still hold (a guest that ends, traps or
     * exits need not drop its handles), and refuses to open more. Call it when the guest instances
     * using this {@code Wasi} are finished (instances linked afterwards can open no files); the
     * standard streams of the configuration stay open.
     */
    @Override
    public void close() {
        openFiles.closeAll();
    }
}
