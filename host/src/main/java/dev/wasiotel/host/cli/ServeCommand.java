package dev.wasiotel.host.cli;

import static dev.wasiotel.host.cli.GuestOptions.fail;

import dev.wasiotel.host.WasiOtelCli;
import dev.wasiotel.host.component.Component;
import dev.wasiotel.host.component.ComponentHost;
import dev.wasiotel.host.component.PreparedComponent;
import dev.wasiotel.host.component.binary.ComponentFormatException;
import dev.wasiotel.host.run.GuestKind;
import dev.wasiotel.host.serve.ComponentServer;
import dev.wasiotel.host.wasi.Wasi;
import dev.wasiotel.host.wasi.WasiConfig;
import dev.wasiotel.host.wasi.http.OutboundPolicy;
import dev.wasiotel.host.wasi.http.WasiHttp;
import dev.wasiotel.otel.TelemetryLoss;
import dev.wasiotel.otel.WasiOtelSdk;
import dev.wasiotel.wit.runtime.GuestLimits;
import dev.wasiotel.wit.runtime.LinkException;
import dev.wasiotel.wit.runtime.WitTrap;
import dev.wasiotel.wit.runtime.calls.CallFilter;
import dev.wasiotel.wit.runtime.chicory.ChicoryEngine;
import dev.wasiotel.wit.runtime.chicory.ExecutionMode;
import dev.wasiotel.wit.runtime.chicory.PrecompiledMachines;
import dev.wasiotel.wit.runtime.engine.WasmEngine;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code wasi-otel serve GUEST.wasm}: serves a {@code wasi:http/incoming-handler} component over
 * HTTP, each request traced as a SERVER span with the guest's spans as its children.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "Serve a wasi:http component (one exporting wasi:http/incoming-handler@0.2.x) over HTTP/1.1 and"
                    + " HTTP/2 cleartext, as `wasmtime serve` and `jco serve` do, and export its telemetry.",
            "",
            "The component is parsed, validated and linked once; each request gets a fresh instance, run on a"
                    + " fixed pool of workers. Each request is a SERVER span (HTTP semantic conventions), the child"
                    + " of the request's traceparent/tracestate; inside the guest it is the current span, so guest"
                    + " spans are its children. Outgoing requests (wasi:http/outgoing-handler) go only to hosts"
                    + " --allow-outbound allows (else the guest gets HTTP-request-denied), each a CLIENT span"
                    + " whose traceparent the request carries. Metrics: http.server.request.duration and"
                    + " http.client.request.duration. --trace-calls adds a span for the export call"
                    + " wasi:http/incoming-handler#handle under the SERVER span, and one for each import call.",
            "",
            "Failures: a guest that traps or returns without a response gets its client a 500, one that runs"
                    + " past --timeout a 504; request headers over --max-header get 431, bodies over --max-body"
                    + " 413. Telemetry is configured as for `run` (console by default, OTEL_* variables).",
            "",
            "SIGTERM or SIGINT stops accepting, lets requests in flight finish (at most --drain), then flushes"
                    + " telemetry, prints its account (spans ended, exported and dropped; metric points exported and"
                    + " dropped; log records emitted, exported and dropped) and exits 143 (130 after SIGINT), or 75"
                    + " if any telemetry could not be exported. Other exit codes: 2 bad command line; 65 not a valid"
                    + " component, or it exports no incoming-handler; 66 the file cannot be read; 69 imports the host"
                    + " does not provide; 71 the address cannot be bound."})
public final class ServeCommand implements Callable<Integer> {
    /** The address cannot be bound (EX_OSERR). */
    public static final int EXIT_BIND = 71;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "GUEST", description = "A .wasm component exporting wasi:http/incoming-handler.")
    private Path guest;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8080",
            description = "Where to listen (default: ${DEFAULT-VALUE}); port 0 picks a free one.")
    private String listen;

    @Option(names = "--dir", paramLabel = "HOST[::GUEST]", description = "Grant the guest a host directory "
            + "(read-write), seen as GUEST (default: the same path). Repeatable.")
    private List<String> dirs = new ArrayList<>();

    @Option(names = "--env", paramLabel = "NAME=VALUE", description = "An environment variable for the guest. "
            + "Repeatable.")
    private List<String> env = new ArrayList<>();

    @Option(names = "--allow-outbound", paramLabel = "HOST[:PORT]", description = "Let the guest's outgoing"
            + " requests reach HOST (any port, or PORT); `*.DOMAIN` allows its subdomains, `*` everything."
            + " Repeatable. Default: none.")
    private List<String> allowOutbound = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "DURATION", converter = Quantities.DurationConverter.class,
            description = "The longest the guest may take for one request (e.g. 30s, 500ms; units: "
                    + Quantities.DURATION_UNITS + "); past it the request gets 504. Default: 60s.")
    private Duration timeout = Duration.ofSeconds(60);

    @Option(names = "--max-memory", paramLabel = "SIZE", converter = Quantities.SizeConverter.class,
            description = "The largest a linear memory of one instance may be (units: " + Quantities.SIZE_UNITS
                    + "). Default: a quarter of the JVM's maximum heap, at most 4GiB.")
    private Long maxMemory;

    @Option(names = "--max-header", paramLabel = "SIZE", converter = Quantities.SizeConverter.class,
            description = "The largest request line and headers (default 8KiB); larger gets 431.")
    private Long maxHeader;

    @Option(names = "--max-body", paramLabel = "SIZE", converter = Quantities.SizeConverter.class,
            description = "The largest request body (default 1GiB); larger gets 413.")
    private Long maxBody;

    @Option(names = "--workers", paramLabel = "N", description = "How many requests run guests at once"
            + " (default: the number of processors).")
    private Integer workers;

    @Option(names = "--pool", paramLabel = "N", description = "Keep N fresh instances made ahead of the requests"
            + " by a background thread (default 0: each request instantiates its own). An instance serves one"
            + " request and is never reused.")
    private int pool;

    @Option(names = "--drain", paramLabel = "DURATION", converter = Quantities.DurationConverter.class,
            description = "On SIGTERM, how long requests in flight may take to finish (default 10s).")
    private Duration drain = Duration.ofSeconds(10);

    @Option(names = "--engine", paramLabel = "NAME", description = EngineChoice.DESCRIPTION)
    private String engine;

    @Option(names = "--compiler", description = "Compile the guest's code to JVM bytecode (Chicory's compiler).")
    private boolean compiler;

    @Option(names = "--precompiled", paramLabel = "JAR", description = "A jar made by `wasi-otel compile` from this"
            + " guest (see `run --help`).")
    private Path precompiled;

    @Option(names = "--trace-calls", arity = "0..1", fallbackValue = "", paramLabel = "FILTER",
            preprocessor = TraceCallsOption.AttachedValueOnly.class, description = TraceCallsOption.DESCRIPTION)
    private String traceCalls;

    @Option(names = {"-v", "--verbose"}, description = "After a failure, also print the Java stack trace.")
    private boolean verbose;

    /** Loggers whose level is set here: held, since the JDK keeps loggers only weakly. */
    private static final List<java.util.logging.Logger> QUIETED = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        quietLogging();
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
            return fail(err, RunCommand.EXIT_NO_INPUT, "cannot read " + guest + ": no such file");
        } catch (IOException e) {
            return fail(err, RunCommand.EXIT_NO_INPUT, "cannot read " + guest + ": " + e.getMessage());
        }
        if (GuestKind.of(wasm) != GuestKind.COMPONENT) {
            return fail(err, RunCommand.EXIT_MALFORMED, guest + " is not a component: serve runs wasi:http components");
        }
        InetSocketAddress address;
        OutboundPolicy policy;
        WasiConfig config;
        CallFilter callFilter;
        try {
            address = address(listen);
            policy = OutboundPolicy.allowing(allowOutbound);
            config = wasiConfig();
            callFilter = TraceCallsOption.filter(traceCalls);
            if (pool < 0) {
                throw new IllegalArgumentException("--pool must not be negative, got " + pool);
            }
        } catch (IllegalArgumentException e) {
            return fail(err, WasiOtelCli.EXIT_USAGE, e.getMessage());
        }
        PrecompiledMachines machines = precompiled == null ? PrecompiledMachines.none()
                : PrecompiledMachines.openJar(precompiled);
        Component component;
        try {
            component = chosen != null ? Component.load(wasm, chosen) : Component.load(wasm, machines);
        } catch (ComponentFormatException e) {
            return fail(err, RunCommand.EXIT_MALFORMED, guest + ": malformed component: " + e.getMessage());
        }
        String name = guest.getFileName().toString();
        Map<String, String> telemetry = RunCommand.telemetryDefaults(name, System::getenv, System::getProperty);
        WasiOtelSdk otel = WasiOtelSdk.fromEnvironment(telemetry);
        Wasi wasi = Wasi.of(config);
        ComponentServer server;
        try {
            WasiHttp http = WasiHttp.of(policy, ComponentServer.outgoingObserver(otel.sdk()));
            ComponentHost.Builder host = ComponentHost.builder()
                    .executionMode(compiler ? ExecutionMode.COMPILER : ExecutionMode.INTERPRETER)
                    .limits(limits()).precompiled(machines)
                    .provideAll(ComponentServer.functions(otel.wasiOtel(), wasi, http));
            if (chosen != null) {
                host.engine(chosen);
            }
            if (callFilter != null) {
                // the export span of each request is the child of its SERVER span
                host.traceCalls(otel.wasiOtel().callSpans(callFilter, TraceCallsOption.normalEnd()));
            }
            PreparedComponent prepared = host.build().prepare(component);
            ComponentServer.Builder b = ComponentServer.builder(prepared, otel.sdk()).wasiOtel(otel.wasiOtel())
                    .listen(address).drain(drain);
            if (workers != null) {
                b.workers(workers);
            }
            b.pool(pool);
            if (maxHeader != null) {
                b.maxHeaderBytes((int) Math.min(Integer.MAX_VALUE, maxHeader));
            }
            if (maxBody != null) {
                b.maxBodyBytes(maxBody);
            }
            server = b.start();
        } catch (LinkException e) {
            shutdown(otel, wasi);
            return fail(err, RunCommand.EXIT_LINK, "cannot link " + guest + ": the host does not provide "
                    + String.join("; ", e.problems()));
        } catch (IllegalArgumentException | WitTrap e) {
            shutdown(otel, wasi);
            if (verbose) {
                e.printStackTrace(err);
            }
            return fail(err, RunCommand.EXIT_MALFORMED, guest + ": " + e.getMessage());
        } catch (IOException e) {
            shutdown(otel, wasi);
            return fail(err, EXIT_BIND, "cannot listen on " + listen + ": " + e.getMessage());
        }
        err.println("wasi-otel: serving " + name + " (" + server.export() + ", engine "
                + (chosen != null ? chosen.name() : ChicoryEngine.NAME) + ") on " + server.uri());
        err.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM/SIGINT run the shutdown hooks: drain, then flush; the JVM exits when the hook returns
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            err.println("wasi-otel: stopping: draining requests in flight (at most " + drain.toSeconds() + " s)");
            err.flush();
            try {
                server.close();
            } catch (RuntimeException e) {
                // requests still running after the drain time: they are cut off; the telemetry is still flushed
                err.println("wasi-otel: " + e.getMessage());
            }
            shutdown(otel, wasi);
            // read after the SDK's shutdown, which exported (or failed to export) what was left
            TelemetryLoss.Account account = otel.telemetryLoss().account();
            err.println("wasi-otel: " + account.describe());
            server.poolStats().ifPresent(p -> err.println("wasi-otel: pool: " + p.fromPool() + " requests served"
                    + " by an instance made ahead, " + p.instantiatedInRequest() + " instantiated their own, "
                    + p.failedInstantiations() + " failed instantiations"));
            err.println("wasi-otel: stopped");
            err.flush();
            stopped.countDown();
            if (account.lost().anyLost() || account.unaccounted() != 0) {
                // the signal's status otherwise; halt is the only way to choose another from a shutdown hook
                System.out.flush();
                Runtime.getRuntime().halt(RunCommand.EXIT_TELEMETRY_LOST);
            }
        }, "wasi-otel-serve-shutdown"));
        stopped.await();
        return WasiOtelCli.EXIT_OK;
    }

    /** One line per log record; Jetty and the SDK's resource notes only when they warn. */
    private void quietLogging() {
        OneLineLogFormat.install(verbose);
        java.util.logging.Logger resources = java.util.logging.Logger.getLogger("io.opentelemetry.sdk.resources");
        resources.setLevel(java.util.logging.Level.SEVERE);
        java.util.logging.Logger jetty = java.util.logging.Logger.getLogger("org.eclipse.jetty");
        jetty.setLevel(java.util.logging.Level.WARNING);
        synchronized (QUIETED) {
            QUIETED.add(resources);
            QUIETED.add(jetty);
        }
    }

    /** Flushes and shuts down the telemetry (the SDK's close exports what is left). */
    private static void shutdown(WasiOtelSdk otel, Wasi wasi) {
        wasi.close();
        otel.close();
    }

    GuestLimits limits() {
        GuestLimits limits = GuestLimits.defaults().withCallTimeout(timeout);
        if (maxMemory != null) {
            limits = limits.withMaxMemoryBytes(maxMemory);
        }
        return limits;
    }

    static InetSocketAddress address(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("--listen wants HOST:PORT, got `" + text + "`");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--listen " + text + ": the port is not a number", e);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--listen " + text + ": the port is out of range");
        }
        return new InetSocketAddress(host.isEmpty() ? "0.0.0.0" : host, port);
    }

    private WasiConfig wasiConfig() {
        WasiConfig.Builder b = WasiConfig.builder().stdin(new byte[0]).stdout(System.out).stderr(System.err);
        b.args(List.of(guest.getFileName().toString()));
        return GuestOptions.envAndDirs(b, env, dirs).build();
    }

}
