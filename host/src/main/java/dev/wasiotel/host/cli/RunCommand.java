package dev.wasiotel.host.cli;

import static dev.wasiotel.host.cli.GuestOptions.fail;

import dev.wasiotel.host.WasiOtelCli;
import dev.wasiotel.host.console.ConsoleExporters;
import dev.wasiotel.host.run.GuestLoadException;
import dev.wasiotel.host.run.GuestRunner;
import dev.wasiotel.host.run.TrapReport;
import dev.wasiotel.host.wasi.Wasi;
import dev.wasiotel.host.wasi.WasiConfig;
import dev.wasiotel.host.wasi.WasiExit;
import dev.wasiotel.otel.TelemetryLoss;
import dev.wasiotel.otel.WasiOtel;
import dev.wasiotel.otel.WasiOtelSdk;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.runtime.GuestLimits;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import dev.wasiotel.wit.runtime.LinkException;
import dev.wasiotel.wit.runtime.WitTrap;
import dev.wasiotel.wit.runtime.calls.CallFilter;
import dev.wasiotel.wit.runtime.chicory.ChicoryEngine;
import dev.wasiotel.wit.runtime.chicory.ExecutionMode;
import dev.wasiotel.wit.runtime.chicory.PrecompiledMachineException;
import dev.wasiotel.wit.runtime.chicory.PrecompiledMachines;
import dev.wasiotel.wit.runtime.engine.WasmEngine;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.common.CompletableResultCode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code wasi-otel run GUEST.wasm [ARGS...]}: runs a guest with wasi:otel, wasi:observe,
 * wasi:logging and WASI 0.2 linked, inside a host span, and exports its telemetry.
 */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "Run a WebAssembly guest (a core module or a component) and export its telemetry.",
            "",
            "The guest's wasi:otel (both `current-span-context` and `outer-span-context`), wasi:observe and"
                    + " wasi:logging calls become OpenTelemetry spans, metrics and logs of this host, under a host"
                    + " span `run GUEST` that is the parent of the guest's root spans. WASI 0.2 (cli, io, clocks,"
                    + " random, filesystem) is provided; no directory is visible unless --dir grants it.",
            "",
            "Which export runs: --invoke NAME; else a component's `wasi:cli/run#run` or its only exported"
                    + " function, a core module's `_start`. ARGS are the export's parameters (numbers, bool, char,"
                    + " string), and also the guest's WASI arguments after the file name.",
            "",
            "Telemetry: with no configuration, spans, metrics and logs are printed to the console (stderr)."
                    + " The standard OpenTelemetry variables configure export, e.g."
                    + " OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4318 (OTLP for every signal; the protocol is"
                    + " http/protobuf, as the OpenTelemetry specification says, unless OTEL_EXPORTER_OTLP_PROTOCOL"
                    + " or a per-signal protocol says otherwise), OTEL_TRACES_EXPORTER=zipkin, OTEL_SERVICE_NAME"
                    + " (default: the guest file's name). Everything is flushed before exit; on SIGTERM or SIGINT"
                    + " the host span is ended as interrupted and what was recorded is flushed (at most 5 s).",
            "",
            "Limits: --timeout bounds each call into the guest (a trap naming the deadline when it runs"
                    + " over); --max-memory bounds each linear memory (a larger declared memory is refused,"
                    + " memory.grow beyond it returns -1). Sizes are bytes or take a unit: k/K/KiB, m/M/MiB,"
                    + " g/G/GiB (powers of 1024, as -Xmx reads them) or kB/KB, MB, GB (powers of 1000); at most"
                    + " 4GiB; rounded down to whole 64 KiB pages. Durations take a unit: ms, s, m, h.",
            "",
            "Exit codes: the guest's exit status (wasi:cli/exit), 0 after a normal return, 1 when a"
                    + " `result` comes back as `err`; 2 bad command line or unknown export/arguments;"
                    + " 65 not a valid module or component, or refused by a limit before it ran, or --precompiled"
                    + " is not a valid jar of machines; 66 the file (or the --precompiled jar) cannot be read; 69 imports the host does not provide; 70 the guest trapped (one line;"
                    + " --verbose adds the Java stack trace), also at the --timeout deadline; 75 the guest"
                    + " succeeded but telemetry could not be exported (one line on stderr says how much and"
                    + " why); 130 interrupted by SIGINT; 143 interrupted by SIGTERM."})
public final class RunCommand implements Callable<Integer> {
    /** The file is not a valid module or component. */
    public static final int EXIT_MALFORMED = 65;
    /** The file cannot be read. */
    public static final int EXIT_NO_INPUT = 66;
    /** The guest imports what the host does not provide. */
    public static final int EXIT_LINK = 69;
    /** The guest trapped. */
    public static final int EXIT_TRAP = 70;
    /** Telemetry could not be exported (EX_TEMPFAIL), after a guest that succeeded. */
    public static final int EXIT_TELEMETRY_LOST = 75;
    /** Interrupted by SIGINT (128 + 2). */
    public static final int EXIT_SIGINT = RunInterruption.EXIT_SIGINT;
    /** Interrupted by SIGTERM (128 + 15). */
    public static final int EXIT_SIGTERM = RunInterruption.EXIT_SIGTERM;
    /** How long exporting what is left may take before the command gives up. */
    private static final Duration FLUSH_BOUND = Duration.ofSeconds(30);
    /** The autoconfigure property of the OTLP protocol of every signal. */
    static final String OTLP_PROTOCOL = "otel.exporter.otlp.protocol";

    @Spec
    private CommandSpec spec;

    @Option(names = "--invoke", paramLabel = "NAME", description = "The export to call, e.g. `run` or "
            + "`my:pkg/iface#fn`.")
    private String invoke;

    @Option(names = "--dir", paramLabel = "HOST[::GUEST]", description = "Grant the guest a host directory "
            + "(read-write), seen as GUEST (default: the same path). Repeatable.")
    private List<String> dirs = new ArrayList<>();

    @Option(names = "--env", paramLabel = "NAME=VALUE", description = "An environment variable for the guest. "
            + "Repeatable.")
    private List<String> env = new ArrayList<>();

    @Option(names = "--compiler", description = "Compile the guest's code to JVM bytecode (Chicory's compiler) "
            + "instead of interpreting it: slower to start, faster to run.")
    private boolean compiler;

    @Option(names = "--engine", paramLabel = "NAME", description = EngineChoice.DESCRIPTION)
    private String engine;

    @Option(names = "--precompiled", paramLabel = "JAR", description = "A jar made by `wasi-otel compile` from this"
            + " guest: each core module whose machine it holds (found by the module's SHA-256) runs on it, neither"
            + " interpreted nor compiled at run time; the others run as without it. A jar made from another guest"
            + " is ignored with a warning. The jar is Java code: use only jars you made or trust.")
    private Path precompiled;

    /** What the run could not export; set once the SDK is up. */
    private TelemetryLoss telemetryLoss;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = Quantities.DurationConverter.class,
            description = "The longest one call into the guest may run, e.g. 2s, 500ms, 1m (units: "
                    + Quantities.DURATION_UNITS + "); past it the guest traps (exit 70). Default: no deadline.")
    private Duration timeout;

    @Option(names = "--max-memory", paramLabel = "SIZE", converter = Quantities.SizeConverter.class,
            description = "The largest a linear memory of the guest may be, e.g. 64MiB, 1GiB, 512k (units: "
                    + Quantities.SIZE_UNITS + "). Default: a quarter of the JVM's maximum heap, at most 4GiB.")
    private Long maxMemory;

    @Option(names = "--trace-calls", arity = "0..1", fallbackValue = "", paramLabel = "FILTER",
            preprocessor = TraceCallsOption.AttachedValueOnly.class, description = TraceCallsOption.DESCRIPTION)
    private String traceCalls;

    @Option(names = {"-v", "--verbose"}, description = "After a trap or another failure, also print the Java "
            + "stack trace to stderr.")
    private boolean verbose;

    @Parameters(index = "0", paramLabel = "GUEST", description = "A .wasm core module or component.")
    private Path guest;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments of the export (use -- before "
            + "arguments that start with -).")
    private List<String> args = new ArrayList<>();

    @Override
    public Integer call() {
        int status = runGuest();
        // read after the SDK's shutdown, which exports (or fails to export) what was left
        TelemetryLoss.Summary lost = telemetryLoss == null ? null : telemetryLoss.summary();
        if (lost == null || !lost.anyLost()) {
            return status;
        }
        fail(spec.commandLine().getErr(), status, lost.describe());
        return status == WasiOtelCli.EXIT_OK ? EXIT_TELEMETRY_LOST : status; // the guest's own failure wins
    }

    @SuppressWarnings("try") // the scope only makes the host span current while the guest runs
    private int runGuest() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        WasmEngine chosen;
        try {
            chosen = EngineChoice.choose(engine, compiler, precompiled != null);
        } catch (IllegalArgumentException e) {
            return fail(err, WasiOtelCli.EXIT_USAGE, e.getMessage());
        }
        byte[] wasm;
        try {
            wasm = Files.readAllBytes(guest);
        } catch (NoSuchFileException e) {
            return fail(err, EXIT_NO_INPUT, "cannot read " + guest + ": no such file");
        } catch (IOException e) {
            return fail(err, EXIT_NO_INPUT, "cannot read " + guest + ": " + e.getMessage());
        }
        WasiConfig config;
        CallFilter callFilter;
        try {
            config = wasiConfig();
            callFilter = TraceCallsOption.filter(traceCalls);
        } catch (IllegalArgumentException e) {
            return fail(err, WasiOtelCli.EXIT_USAGE, e.getMessage());
        }
        String name = guest.getFileName().toString();
        // decoding the guest (and reading its precompiled jar) needs nothing of the SDK: on a second
        // core it overlaps the SDK's start-up
        FutureTask<Prepared> loading = new FutureTask<>(() -> {
            PrecompiledMachines machines = machines();
            WasmEngine parser = chosen != null ? chosen
                    : new ChicoryEngine(ExecutionMode.INTERPRETER, machines);
            return new Prepared(GuestRunner.load(wasm, parser), machines);
        });
        Thread loader = new Thread(loading, "wasi-otel-load");
        loader.setDaemon(true);
        loader.start();
        quietLogging();
        Map<String, String> telemetry = telemetryDefaults(name, System::getenv, System::getProperty);
        try (WasiOtelSdk otel = WasiOtelSdk.fromEnvironment(telemetry); Wasi wasi = Wasi.of(config)) {
            WasiOtel wasiOtel = otel.wasiOtel();
            telemetryLoss = otel.telemetryLoss();
            Span span = otel.sdk().getTracer("dev.wasiotel.host").spanBuilder("run " + name)
                    .setAttribute("wasi.guest.file", guest.toString()).startSpan();
            // from here a SIGTERM/SIGINT ends the span as interrupted and flushes; closed after the final flush
            RunInterruption interruption = RunInterruption.install(span, bound -> {
                // spans the guest has open now would never end: export them as left open
                wasiOtel.closeOutOpenSpans();
                return flush(otel, bound);
            }, err, () -> telemetryLoss.summary().describe());
            try (Scope scope = span.makeCurrent()) {
                Prepared prepared = loaded(loading);
                GuestRunner runner = new GuestRunner(encoding -> functions(wasiOtel, wasi, encoding),
                        compiler ? ExecutionMode.COMPILER : ExecutionMode.INTERPRETER, limits(), prepared.machines());
                if (chosen != null) {
                    runner = runner.withEngine(chosen);
                }
                if (callFilter != null) {
                    runner = runner.traceCalls(wasiOtel.callSpans(callFilter, TraceCallsOption.normalEnd()));
                }
                warnIfForeign(err, prepared);
                GuestRunner.Outcome outcome;
                try {
                    outcome = runner.run(prepared.guest(), Optional.ofNullable(invoke), args);
                } finally {
                    if (verbose && precompiled != null) {
                        err.println("wasi-otel: " + prepared.guest().precompiledCoreModules() + " of "
                                + prepared.guest().coreModuleSha256s().size() + " core modules ran on machines from "
                                + precompiled);
                        err.flush();
                    }
                }
                span.setAttribute("wasi.guest.export", outcome.export());
                out.flush();
                outcome.text().ifPresent(out::println);
                out.flush();
                if (outcome.failed()) {
                    span.setStatus(StatusCode.ERROR, "the guest returned err");
                }
                return outcome.failed() ? WasiOtelCli.EXIT_FAILED : WasiOtelCli.EXIT_OK;
            } catch (RuntimeException e) {
                WasiExit exit = WasiExit.find(e);
                if (exit != null) {
                    span.setAttribute("wasi.guest.exit_code", exit.code());
                    if (exit.code() != 0) {
                        span.setStatus(StatusCode.ERROR, "exit status " + exit.code());
                    }
                    return exit.code();
                }
                record(span, e);
                return failure(err, e);
            } finally {
                span.end();
                if (!flush(otel, FLUSH_BOUND)) {
                    err.println("wasi-otel: telemetry export did not complete within " + FLUSH_BOUND.toSeconds()
                            + " s");
                    err.flush();
                }
                interruption.close();
            }
        }
    }

    /** The guest decoded, and the machines of {@code --precompiled} (none without it). */
    private record Prepared(GuestRunner.Loaded guest, PrecompiledMachines machines) {
    }

    /** A --precompiled jar that cannot be read (exit 66). */
    private static final class UnreadableJar extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnreadableJar(String message, IOException cause) {
            super(message, cause);
        }
    }

    private PrecompiledMachines machines() {
        if (precompiled == null) {
            return PrecompiledMachines.none();
        }
        try {
            return PrecompiledMachines.openJar(precompiled);
        } catch (NoSuchFileException e) {
            throw new UnreadableJar("cannot read " + precompiled + ": no such file", e);
        } catch (IOException e) {
            throw new UnreadableJar("cannot read " + precompiled + ": " + e.getMessage(), e);
        }
    }

    /** One line when the --precompiled jar holds no machine of this guest: it is not used at all. */
    private void warnIfForeign(PrintWriter err, Prepared prepared) {
        if (precompiled == null) {
            return;
        }
        List<String> mine = prepared.guest().coreModuleSha256s();
        if (prepared.machines().modules().stream().noneMatch(mine::contains)) {
            err.println("wasi-otel: warning: " + precompiled + " holds no machine for any of the " + mine.size()
                    + " core module(s) of " + guest + " (made from another guest, or an older build of it?); it is"
                    + " ignored, and the guest runs " + (compiler ? "compiled at run time" : "on the interpreter"));
            err.flush();
        }
    }

    /** What the loading thread made, or what it threw, as if it had been thrown here. */
    private static <T> T loaded(FutureTask<T> loading) {
        try {
            return loading.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the guest was loading", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The limits from --timeout and --max-memory, the defaults for what they leave out. */
    GuestLimits limits() {
        GuestLimits limits = GuestLimits.defaults();
        if (timeout != null) {
            limits = limits.withCallTimeout(timeout);
        }
        if (maxMemory != null) {
            limits = limits.withMaxMemoryBytes(maxMemory);
        }
        return limits;
    }

    /**
     * Waits until every span, metric and log record is exported, at most {@code bound} in all: the
     * batch processors export on a thread of their own, and the JVM exits right after this command.
     *
     * @return whether everything was exported in time
     */
    private static boolean flush(WasiOtelSdk otel, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        List<CompletableResultCode> pending = List.of(otel.wasiOtel().forceFlush(),
                otel.sdk().getSdkTracerProvider().forceFlush(),
                otel.sdk().getSdkMeterProvider().forceFlush(), otel.sdk().getSdkLoggerProvider().forceFlush());
        boolean complete = true;
        for (CompletableResultCode result : pending) {
            long left = Math.max(0, deadline - System.nanoTime());
            complete &= result.join(left, TimeUnit.NANOSECONDS).isSuccess();
        }
        return complete;
    }

    /**
     * Records a failure on the host span: a trap as the guest's reason and frames (see {@link
     * TrapReport}), anything else as the exception it is.
     */
    private static void record(Span span, RuntimeException e) {
        if (e instanceof WitTrap trap) {
            TrapReport.record(span, trap);
        } else {
            span.recordException(e);
        }
        span.setStatus(StatusCode.ERROR, e.getMessage());
    }

    private int failure(PrintWriter err, RuntimeException e) {
        if (verbose) {
            e.printStackTrace(err); // before the one-line verdict, which stays the last line
        }
        if (e instanceof UnreadableJar) {
            return fail(err, EXIT_NO_INPUT, e.getMessage());
        }
        if (e instanceof PrecompiledMachineException) {
            return fail(err, EXIT_MALFORMED, "--precompiled: " + e.getMessage());
        }
        if (e instanceof GuestLoadException) {
            return fail(err, EXIT_MALFORMED, guest + ": " + e.getMessage());
        }
        if (e instanceof LinkException link) {
            return fail(err, EXIT_LINK, "cannot link " + guest + ": the host does not provide "
                    + String.join("; ", link.problems()));
        }
        if (e instanceof WitTrap trap) {
            // the message starts with the reason and names the limit, e.g.
            // `deadline: "run" exceeded its deadline of 2s`
            return fail(err, EXIT_TRAP, "guest trapped: " + trap.getMessage());
        }
        if (e instanceof IllegalArgumentException) {
            return fail(err, WasiOtelCli.EXIT_USAGE, e.getMessage());
        }
        throw e;
    }


    private static List<HostFunctionDef> functions(WasiOtel wasiOtel, Wasi wasi, StringEncoding encoding) {
        List<HostFunctionDef> all = new ArrayList<>(wasiOtel.functions(encoding));
        // host spans made inside WASI calls nest under the guest span that is open
        all.addAll(WasiOtel.inGuestContext(wasi.functions(encoding)));
        return all;
    }

    private WasiConfig wasiConfig() {
        WasiConfig.Builder b = WasiConfig.builder().stdin(System.in).stdout(System.out).stderr(System.err);
        List<String> argv = new ArrayList<>();
        argv.add(guest.getFileName().toString());
        argv.addAll(args);
        b.args(argv);
        return GuestOptions.envAndDirs(b, env, dirs).build();
    }

    /**
     * Autoconfigure settings for what the user left unset: the guest's name as the service; per
     * signal, OTLP once an OTLP endpoint is set, else the readable console exporters; and OTLP over
     * {@code http/protobuf}, the OpenTelemetry specification's default (the Java SDK's own default
     * is gRPC, which an OTLP/HTTP endpoint such as {@code http://localhost:4318} does not speak). A
     * per-signal protocol ({@code OTEL_EXPORTER_OTLP_TRACES_PROTOCOL}, ...) still wins over this
     * general one, as autoconfigure reads the signal's first.
     */
    static Map<String, String> telemetryDefaults(String guestName, Function<String, String> env,
            Function<String, String> properties) {
        Map<String, String> settings = new HashMap<>();
        if (unset("otel.service.name", env, properties)) {
            settings.put("otel.service.name", guestName.replaceFirst("\\.wasm$", ""));
        }
        if (unset(OTLP_PROTOCOL, env, properties)) {
            settings.put(OTLP_PROTOCOL, "http/protobuf");
        }
        boolean otlp = !unset("otel.exporter.otlp.endpoint", env, properties);
        for (String signal : List.of("traces", "metrics", "logs")) {
            if (unset("otel." + signal + ".exporter", env, properties)) {
                boolean signalOtlp = otlp || !unset("otel.exporter.otlp." + signal + ".endpoint", env, properties);
                settings.put("otel." + signal + ".exporter", signalOtlp ? "otlp" : ConsoleExporters.NAME);
            }
        }
        return settings;
    }

    /** Whether autoconfigure property {@code name} is set neither as a system property nor as its variable. */
    private static boolean unset(String name, Function<String, String> env, Function<String, String> properties) {
        String variable = name.toUpperCase(java.util.Locale.ROOT).replace('.', '_');
        return properties.apply(name) == null && env.apply(variable) == null;
    }

    /** One line per JDK log record (the SDK's own warnings), and no notes about merging resources. */
    private void quietLogging() {
        OneLineLogFormat.install(verbose);
        java.util.logging.Logger.getLogger("io.opentelemetry.sdk.resources").setLevel(java.util.logging.Level.SEVERE);
    }
}
