package dev.wasiotel.host.run;

import dev.wasiotel.host.component.Component;
import dev.wasiotel.host.component.ComponentHost;
import dev.wasiotel.host.component.ComponentInstance;
import dev.wasiotel.host.component.binary.ComponentFormatException;
import dev.wasiotel.wit.abi.AbiType;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.abi.VariantValue;
import dev.wasiotel.wit.runtime.GuestInstance;
import dev.wasiotel.wit.runtime.GuestLimits;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import dev.wasiotel.wit.runtime.LinkException;
import dev.wasiotel.wit.runtime.WitTrap;
import dev.wasiotel.wit.runtime.calls.CallTracer;
import dev.wasiotel.wit.runtime.chicory.ChicoryEngine;
import dev.wasiotel.wit.runtime.chicory.ChicoryHost;
import dev.wasiotel.wit.runtime.chicory.ChicoryModule;
import dev.wasiotel.wit.runtime.chicory.ExecutionMode;
import dev.wasiotel.wit.runtime.chicory.PrecompiledMachines;
import dev.wasiotel.wit.runtime.engine.WasmEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Loads a guest (a core module or a component), links it against host functions and calls one of
 * its exports with arguments given as text: what {@code wasi-otel run} does, without the command
 * line, so that tests and benchmarks drive the same path.
 *
 * <p>Which export runs: the one named, else for a component {@code wasi:cli/run#run} (any 0.2
 * version) or its only exported function, for a core module {@code _start}.
 *
 * <p>The guest runs under {@link GuestLimits}; a limit exceeded while the guest is being
 * instantiated (e.g. a declared memory larger than the maximum) refuses the guest as a {@link
 * GuestLoadException}, like a malformed file, since none of its code has been called.
 */
public final class GuestRunner {
    private final Function<StringEncoding, List<HostFunctionDef>> functions;
    private final ExecutionMode mode;
    private final GuestLimits limits;
    private final PrecompiledMachines precompiled;
    private final CallTracer tracer;
    /** The engine components run on; null for Chicory as {@code mode} and {@code precompiled} say. */
    private final WasmEngine engine;

    /**
     * A runner with the {@linkplain GuestLimits#defaults() default limits}.
     *
     * @param functions the host functions for guests using a string encoding
     * @param mode how core code runs
     */
    public GuestRunner(Function<StringEncoding, List<HostFunctionDef>> functions, ExecutionMode mode) {
        this(functions, mode, GuestLimits.defaults());
    }

    /**
     * @param functions the host functions for guests using a string encoding
     * @param mode how core code runs
     * @param limits what the guest may take: memory, tables, bytes lifted per call, call deadline
     */
    public GuestRunner(Function<StringEncoding, List<HostFunctionDef>> functions, ExecutionMode mode,
            GuestLimits limits) {
        this(functions, mode, limits, PrecompiledMachines.none());
    }

    /**
     * @param functions the host functions for guests using a string encoding
     * @param mode how core code runs that {@code precompiled} has no machine for
     * @param limits what the guest may take: memory, tables, bytes lifted per call, call deadline
     * @param precompiled machines compiled ahead of time ({@code wasi-otel compile}): a core module
     *     whose machine they hold runs on it
     */
    public GuestRunner(Function<StringEncoding, List<HostFunctionDef>> functions, ExecutionMode mode,
            GuestLimits limits, PrecompiledMachines precompiled) {
        this(functions, mode, limits, precompiled, null, null);
    }

    private GuestRunner(Function<StringEncoding, List<HostFunctionDef>> functions, ExecutionMode mode,
            GuestLimits limits, PrecompiledMachines precompiled, WasmEngine engine, CallTracer tracer) {
        this.functions = Objects.requireNonNull(functions, "functions");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.precompiled = Objects.requireNonNull(precompiled, "precompiled");
        this.engine = engine;
        this.tracer = tracer;
    }

    /**
     * This runner, tracing the guest's calls (exports, imports, cross-component calls; a core
     * module's imports and exports) through {@code tracer} (see {@code wasi-otel run --trace-calls}).
     */
    public GuestRunner traceCalls(CallTracer tracer) {
        return new GuestRunner(functions, mode, limits, precompiled, engine, Objects.requireNonNull(tracer, "tracer"));
    }

    /**
     * This runner with components running on {@code engine} instead of Chicory (whose mode and
     * machines then do not apply to them); a core module still runs on Chicory.
     */
    public GuestRunner withEngine(WasmEngine engine) {
        return new GuestRunner(functions, mode, limits, precompiled, Objects.requireNonNull(engine, "engine"), tracer);
    }

    /**
     * What a call returned.
     *
     * @param export the export that ran
     * @param text its result as text, empty for none
     * @param failed whether the result was an {@code err} of a {@code wasi:cli/run} or of a
     *     {@code result} type
     */
    public record Outcome(String export, Optional<String> text, boolean failed) {
    }

    /**
     * A guest as far as it can be taken before the host functions exist: a component decoded (its
     * core modules parsed and validated), a core module parsed. Made by {@link #load}, which
     * needs nothing of the host, so a caller can load while its telemetry SDK starts.
     */
    public static final class Loaded {
        private final ChicoryModule core;
        private final Component component;

        private Loaded(ChicoryModule core, Component component) {
            this.core = core;
            this.component = component;
        }

        /**
         * The SHA-256 of each of the guest's core modules (lower-case hex): the names under which
         * precompiled machines are found.
         */
        public List<String> coreModuleSha256s() {
            return component != null ? component.coreModuleSha256s() : List.of(core.sha256());
        }

        /**
         * How many of the guest's core modules ran on precompiled machines; known once it was
         * instantiated.
         */
        public long precompiledCoreModules() {
            if (component != null) {
                return component.precompiledCoreModules();
            }
            return core != null && core.isPrecompiled() ? 1 : 0;
        }
    }

    /**
     * Decodes {@code wasm}: a component is parsed and its core modules validated; a core module is
     * parsed.
     *
     * @throws GuestLoadException if the bytes are not a loadable component or core module
     */
    public static Loaded load(byte[] wasm) {
        return load(wasm, PrecompiledMachines.none());
    }

    /**
     * Decodes {@code wasm} as {@link #load(byte[])} does; a core module whose machine {@code
     * precompiled} holds is parsed from the jar's copy stripped of the code the machine runs (much
     * faster and smaller for a large guest). Run it with a runner given the same machines.
     *
     * @throws GuestLoadException if the bytes are not a loadable component or core module
     * @throws dev.wasiotel.wit.runtime.chicory.PrecompiledMachineException if a stripped module in
     *     the jar is invalid
     */
    public static Loaded load(byte[] wasm, PrecompiledMachines precompiled) {
        return load(wasm, new ChicoryEngine(ExecutionMode.INTERPRETER, precompiled));
    }

    /**
     * Decodes {@code wasm} as {@link #load(byte[])} does, a component's core modules parsed by
     * {@code engine} (run it with a runner on the same engine, {@link #withEngine}); a core module
     * is parsed by Chicory with the machines of {@code engine} if it is Chicory.
     *
     * @throws GuestLoadException if the bytes are not a loadable component or core module
     */
    public static Loaded load(byte[] wasm, WasmEngine engine) {
        if (GuestKind.of(wasm) != GuestKind.COMPONENT) {
            PrecompiledMachines precompiled = engine instanceof ChicoryEngine c ? c.precompiled()
                    : PrecompiledMachines.none();
            try {
                return new Loaded(ChicoryHost.parse(wasm, precompiled), null);
            } catch (IllegalArgumentException e) {
                throw new GuestLoadException(e.getMessage(), e);
            }
        }
        try {
            return new Loaded(null, Component.load(wasm, engine));
        } catch (ComponentFormatException e) {
            throw new GuestLoadException("malformed component: " + e.getMessage(), e);
        }
    }

    /**
     * Loads, links and runs {@code wasm}.
     *
     * @param invoke the export to call, or empty for the default
     * @param args its arguments as text
     * @throws GuestLoadException if the bytes are not a loadable module or component, or the
     *     guest needs more than its limits allow before any of its code is called
     * @throws dev.wasiotel.wit.runtime.LinkException naming every unsatisfied import
     * @throws IllegalArgumentException if the export does not exist or the arguments do not fit
     * @throws dev.wasiotel.wit.runtime.WitTrap if the guest traps
     */
    public Outcome run(byte[] wasm, Optional<String> invoke, List<String> args) {
        return run(load(wasm), invoke, args);
    }

    /**
     * Links and runs a guest that {@link #load} decoded.
     *
     * @param invoke the export to call, or empty for the default
     * @param args its arguments as text
     * @throws GuestLoadException if the guest needs more than its limits allow before any of its
     *     code is called, or a core module is malformed
     * @throws dev.wasiotel.wit.runtime.LinkException naming every unsatisfied import
     * @throws IllegalArgumentException if the export does not exist or the arguments do not fit
     * @throws dev.wasiotel.wit.runtime.WitTrap if the guest traps
     */
    public Outcome run(Loaded guest, Optional<String> invoke, List<String> args) {
        return guest.component != null ? runComponent(guest.component, invoke, args)
                : runCore(guest.core, invoke, args);
    }

    private Outcome runComponent(Component component, Optional<String> invoke, List<String> args) {
        ComponentInstance instance;
        try {
            ComponentHost.Builder builder = ComponentHost.builder().executionMode(mode).limits(limits)
                    .precompiled(precompiled).provideAll(functions);
            if (tracer != null) {
                builder.traceCalls(tracer);
            }
            if (engine != null) {
                builder.engine(engine);
            }
            ComponentHost host = builder.build();
            instance = instantiating(() -> host.instantiate(component));
        } catch (ComponentFormatException e) {
            throw new GuestLoadException("invalid component: " + e.getMessage(), e);
        }
        String export = invoke.orElseGet(() -> defaultComponentExport(instance));
        if (!instance.hasExport(export)) {
            throw new IllegalArgumentException("the guest exports no function `" + export + "`; it exports: "
                    + String.join(", ", instance.exportedFunctions()));
        }
        List<AbiType> types = instance.parameterTypes(export);
        List<String> names = instance.parameterNames(export);
        if (args.size() != types.size()) {
            throw new IllegalArgumentException("`" + export + "` takes " + types.size() + " argument(s) ("
                    + String.join(", ", names) + "), got " + args.size());
        }
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            values.add(CliValues.parse(names.get(i), args.get(i), types.get(i)));
        }
        Object result = instance.invoke(export, values);
        Optional<AbiType> resultType = instance.resultType(export);
        if (resultType.isEmpty()) {
            return new Outcome(export, Optional.empty(), false);
        }
        boolean failed = resultType.get() instanceof AbiType.Result && result instanceof VariantValue v
                && v.caseIndex() == 1;
        if (result instanceof String s) {
            return new Outcome(export, Optional.of(s), false); // a whole string result prints as it is
        }
        String text = CliValues.format(result, resultType.get());
        // `wasi:cli/run` returns result<_, _>: its exit status, nothing to print
        boolean silent = isCliRun(export) && resultType.get() instanceof AbiType.Result r && r.ok().isEmpty()
                && r.err().isEmpty();
        return new Outcome(export, silent ? Optional.empty() : Optional.of(text), failed);
    }

    private Outcome runCore(ChicoryModule wasm, Optional<String> invoke, List<String> args) {
        GuestInstance instance;
        ChicoryHost.Builder builder = ChicoryHost.builder().executionMode(mode).limits(limits).precompiled(precompiled)
                .addAll(functions.apply(StringEncoding.UTF8));
        if (tracer != null) {
            builder.traceCalls(tracer);
        }
        ChicoryHost host = builder.build();
        try {
            instance = instantiating(() -> host.instantiate(wasm));
        } catch (IllegalArgumentException e) {
            throw new GuestLoadException(e.getMessage(), e);
        }
        String export = invoke.orElse("_start");
        if (!instance.hasExport(export)) {
            throw new IllegalArgumentException("the module exports no function `" + export + "`"
                    + (invoke.isEmpty() ? "; name one with --invoke" : ""));
        }
        long[] values = new long[args.size()];
        for (int i = 0; i < values.length; i++) {
            try {
                values[i] = Long.parseLong(args.get(i));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("argument " + (i + 1) + " `" + args.get(i) + "`: a core function"
                        + " takes integers", e);
            }
        }
        long[] results = instance.call(export, values);
        List<String> parts = new ArrayList<>();
        for (long r : results) {
            parts.add(Long.toString(r));
        }
        return new Outcome(export, parts.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", parts)), false);
    }

    /** Instantiates, refusing a guest whose declarations exceed a limit as a load failure. */
    private static <T> T instantiating(Supplier<T> instantiate) {
        try {
            return instantiate.get();
        } catch (WitTrap e) {
            if (e.reason() == WitTrap.Reason.RESOURCE_LIMIT) {
                throw new GuestLoadException("refused: " + e.getMessage(), e);
            }
            throw e;
        } catch (LinkException e) {
            // LinkException.overLimits: a memory or table declared larger than the limits allow is
            // a refusal of the guest as it is, not an import the host lacks
            if (e.isOverLimits()) {
                throw new GuestLoadException("refused: " + String.join("; ", e.problems()), e);
            }
            throw e;
        }
    }

    private static String defaultComponentExport(ComponentInstance instance) {
        for (String name : instance.exportedFunctions()) {
            if (isCliRun(name)) {
                return name;
            }
        }
        if (instance.exportedFunctions().size() == 1) {
            return instance.exportedFunctions().iterator().next();
        }
        throw new IllegalArgumentException(instance.exportedFunctions().isEmpty()
                ? "the component exports no function to run"
                : "the component exports several functions; name one with --invoke: "
                        + String.join(", ", instance.exportedFunctions()));
    }

    private static boolean isCliRun(String export) {
        return export.startsWith("wasi:cli/run@0.2.") && export.endsWith("#run");
    }
}
