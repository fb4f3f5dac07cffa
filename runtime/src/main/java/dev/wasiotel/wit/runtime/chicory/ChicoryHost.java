package dev.wasiotel.wit.runtime.chicory;

import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import dev.wasiotel.wit.runtime.GuestInstance;
import dev.wasiotel.wit.runtime.GuestLimits;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import dev.wasiotel.wit.runtime.calls.CallKind;
import dev.wasiotel.wit.runtime.calls.CallSite;
import dev.wasiotel.wit.runtime.calls.CallTracer;
import dev.wasiotel.wit.runtime.calls.TracedCalls;
import dev.wasiotel.wit.runtime.LinkException;
import dev.wasiotel.wit.runtime.WitTrap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Runs guest core modules on Chicory with a fixed set of host functions.
 *
 * <pre>{@code
 * ChicoryHost host = ChicoryHost.builder().add(defs).build();
 * GuestInstance guest = host.instantiate(wasmBytes);
 * long[] results = guest.call("run", 1, 2);
 * }</pre>
 *
 * <p>Instantiation first checks every import of the module against the definitions (by module,
 * name and signature) and throws one {@link LinkException} naming all that are not satisfied,
 * before any guest code runs. The host provides functions only: a module importing a memory,
 * table, global or tag is refused the same way. The module's start section runs during
 * instantiation; an exported {@code _start} is not run. Guest code runs in Chicory's interpreter
 * unless another machine is configured.
 *
 * <p>Each instance runs under the host's {@link GuestLimits} ({@link Builder#limits}): its
 * memories and tables are bounded, each call into it has the deadline, and it lets one call in
 * at a time (a call from a second thread meanwhile gets an {@link IllegalStateException}).
 *
 * <p>A host is immutable and may instantiate from several threads.
 */
public final class ChicoryHost {
    private final Map<String, HostFunctionDef> functions;
    private final Function<Instance, Machine> machineFactory;
    private final ExecutionMode mode;
    private final PrecompiledMachines precompiled;
    private final GuestLimits limits;
    private final CallTracer tracer;

    private ChicoryHost(Builder builder) {
        this.functions = new LinkedHashMap<>(builder.functions);
        this.machineFactory = builder.machineFactory;
        this.mode = builder.mode;
        this.precompiled = builder.precompiled;
        this.limits = builder.limits;
        this.tracer = builder.tracer;
    }

    /** The limits every instance of this host runs under. */
    public GuestLimits limits() {
        return limits;
    }

    /** A builder without host functions, running guests in the interpreter. */
    public static Builder builder() {
        return new Builder();
    }

    /** The host functions, in the order added. */
    public List<HostFunctionDef> functions() {
        return List.copyOf(functions.values());
    }

    /**
     * Parses a binary core module once, to instantiate it many times. A module the class path
     * announces as compiled at build time is taken from its stripped copy there or its module class
     * instead (see {@link ChicoryModule}), without parsing the bytes.
     *
     * @throws IllegalArgumentException if the bytes are not a valid core module
     */
    public static ChicoryModule parse(byte[] wasmModule) {
        return parse(wasmModule, PrecompiledMachines.none());
    }

    /**
     * Parses a binary core module as {@link #parse(byte[])} does, unless {@code precompiled} holds
     * its machine and the module stripped of the code that machine runs: then only the stripped
     * module is parsed (its function bodies are not decoded again, which for a large guest is most
     * of the time and memory of parsing). The module is still named by the SHA-256 of {@code
     * wasmModule}, which is what ties it to the machine that was compiled from exactly these bytes.
     *
     * @throws IllegalArgumentException if the bytes are not a valid core module
     * @throws PrecompiledMachineException if the stripped module in the jar cannot be read or parsed
     */
    public static ChicoryModule parse(byte[] wasmModule, PrecompiledMachines precompiled) {
        Objects.requireNonNull(wasmModule, "wasmModule");
        Objects.requireNonNull(precompiled, "precompiled");
        // hashed once: it names the module's machine wherever that comes from
        String sha256 = ChicoryModule.sha256(wasmModule);
        PrecompiledMachines strippedFrom = precompiled;
        byte[] stripped = precompiled.stripped(sha256).orElse(null);
        if (stripped == null) {
            // compile-guest puts machines and stripped copies on the class path: a machine compiled
            // from a split module needs that module (its outlined functions), not the bytes
            strippedFrom = ChicoryModule.classPathMachines();
            stripped = strippedFrom.stripped(sha256).orElse(null);
        }
        if (stripped != null) {
            try {
                return new ChicoryModule(Parser.parse(stripped), sha256, strippedFrom);
            } catch (AssertionError | RuntimeException | StackOverflowError e) {
                throw new PrecompiledMachineException("the stripped module " + sha256 + " in " + strippedFrom.origin()
                        + " is invalid: " + e, e);
            }
        }
        ChicoryModule buildTime = ChicoryModule.ofBuildTime(sha256);
        if (buildTime != null) {
            return buildTime; // compiled at build time: parsed (and validated) then, see ChicoryModule
        }
        try {
            ClaimedSizes.check(wasmModule);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a valid WebAssembly module: " + e.getMessage(), e);
        } catch (IndexOutOfBoundsException e) {
            // the scan ran off a truncated section: Chicory reports that properly
        }
        try {
            return new ChicoryModule(Parser.parse(wasmModule), sha256);
        } catch (ChicoryException e) {
            throw new IllegalArgumentException("not a valid WebAssembly module: " + e.getMessage(), e);
        } catch (AssertionError | RuntimeException | StackOverflowError e) {
            // Chicory's parser meets some malformed bytes with an assertion (when enabled) or a raw
            // exception (an index out of bounds, a null reference: found by CoreModuleFuzzTest)
            // instead of its own exception: the bytes are just as invalid.
            throw new IllegalArgumentException("not a valid WebAssembly module: " + e, e);
        }
    }

    /**
     * Parses, links and instantiates a binary core module.
     *
     * @throws IllegalArgumentException if the bytes are not a valid core module
     * @throws LinkException listing every import the host does not satisfy, or every memory and
     *     table whose declared minimum exceeds {@link #limits()}
     * @throws WitTrap ({@link WitTrap.Reason#GUEST_TRAP}) if the module traps while it is
     *     initialised (start function, out-of-bounds data segment)
     */
    public GuestInstance instantiate(byte[] wasmModule) {
        return instantiate(parse(wasmModule));
    }

    /**
     * Links and instantiates a parsed module. Its memories and tables are bounded by {@link
     * #limits()}: {@code memory.grow} and {@code table.grow} beyond them return {@code -1}.
     *
     * @throws IllegalArgumentException if the module is invalid in a way only linking finds (an
     *     import of an undefined type, an export of an undefined memory...)
     * @throws LinkException listing every import the host does not satisfy, or every memory and
     *     table whose declared minimum exceeds the limits (before anything is allocated)
     * @throws WitTrap ({@link WitTrap.Reason#GUEST_TRAP}) if the module traps while it is
     *     initialised
     */
    public GuestInstance instantiate(ChicoryModule module) {
        WasmModule wasm = module.wasmModule();
        List<HostFunctionDef> used = ChicoryLinker.resolve(wasm, functions);
        ChicoryGuestInstance guest = new ChicoryGuestInstance(limits, tracer);
        ImportValues.Builder imports = ImportValues.builder();
        for (HostFunctionDef def : used) {
            imports.addFunction(ChicoryHostFunction.create(traced(def), guest.chicoryContext(), guest.guard()));
        }
        Function<Instance, Machine> ahead = module.precompiledIn(precompiled);
        Instance instance = Instantiation.link(wasm, imports.build(), ahead != null ? ahead
                : mode != null ? mode.machineFactory(module) : machineFactory, limits);
        guest.bind(instance);
        // the start function is a call like any other: one at a time, with the deadline
        guest.guard().call("the start function", () -> {
            Instantiation.initialize(instance);
            return null;
        });
        return guest;
    }

    /** {@code def}, wrapped if the tracer traces its site; {@code def} itself without a tracer. */
    private HostFunctionDef traced(HostFunctionDef def) {
        if (tracer == null) {
            return def;
        }
        CallTracer.Probe probe = tracer.probe(new CallSite(CallKind.IMPORT, def.module(), def.name(), CallSite.CORE,
                null));
        return probe == null ? def : TracedCalls.wrap(def, probe);
    }

    /** Collects host functions and options for a {@link ChicoryHost}. */
    public static final class Builder {
        private final Map<String, HostFunctionDef> functions = new LinkedHashMap<>();
        private Function<Instance, Machine> machineFactory = InterpreterMachine::new;
        private ExecutionMode mode;
        private PrecompiledMachines precompiled = PrecompiledMachines.none();
        private GuestLimits limits = GuestLimits.defaults();
        private CallTracer tracer;

        private Builder() {
        }

        /**
         * Traces the calls of every instance: each import the module calls ({@code module#name})
         * and each export the host calls, as far as {@code tracer} asks for their sites. Off (and no
         * wrapper installed anywhere) unless set.
         */
        public Builder traceCalls(CallTracer tracer) {
            this.tracer = Objects.requireNonNull(tracer, "tracer");
            return this;
        }

        /**
         * Machines compiled ahead of time ({@code wasi-otel compile}): a module whose machine they
         * hold runs on it, whatever the execution mode; others run as the mode says. None unless set.
         */
        public Builder precompiled(PrecompiledMachines machines) {
            this.precompiled = Objects.requireNonNull(machines, "machines");
            return this;
        }

        /** The limits each instance runs under (memory, tables, bytes lifted per call, call deadline). */
        public Builder limits(GuestLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Adds host functions.
         *
         * @throws IllegalArgumentException if one has the module and name of one already added
         */
        public Builder add(HostFunctionDef... defs) {
            for (HostFunctionDef def : defs) {
                addOne(def);
            }
            return this;
        }

        /**
         * Adds host functions.
         *
         * @throws IllegalArgumentException if one has the module and name of one already added
         */
        public Builder addAll(Collection<HostFunctionDef> defs) {
            for (HostFunctionDef def : new ArrayList<>(defs)) {
                addOne(def);
            }
            return this;
        }

        /** How core code runs: {@link ExecutionMode#INTERPRETER} (default) or the compiler. */
        public Builder executionMode(ExecutionMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * How guest code runs: Chicory's {@code InterpreterMachine::new} (the default), or e.g. its
         * run-time compiler's {@code MachineFactoryCompiler::compile} or a build-time compiled
         * module's machine factory.
         */
        public Builder machineFactory(Function<Instance, Machine> factory) {
            this.machineFactory = Objects.requireNonNull(factory, "factory");
            this.mode = null;
            return this;
        }

        /** The host. */
        public ChicoryHost build() {
            return new ChicoryHost(this);
        }

        private void addOne(HostFunctionDef def) {
            Objects.requireNonNull(def, "def");
            String key = ChicoryLinker.key(def.module(), def.name());
            if (functions.containsKey(key)) {
                throw new IllegalArgumentException("host function " + def.qualifiedName() + " is defined twice");
            }
            functions.put(key, def);
        }
    }
}
