package dev.wasiotel.host.component;

import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.runtime.GuestLimits;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import dev.wasiotel.wit.runtime.ImportRegistry;
import dev.wasiotel.wit.runtime.LinkException;
import dev.wasiotel.wit.runtime.WitTrap;
import dev.wasiotel.wit.runtime.calls.CallSite;
import dev.wasiotel.wit.runtime.calls.CallTracer;
import dev.wasiotel.wit.runtime.chicory.ChicoryEngine;
import dev.wasiotel.wit.runtime.chicory.ExecutionMode;
import dev.wasiotel.wit.runtime.chicory.PrecompiledMachines;
import dev.wasiotel.wit.runtime.engine.WasmEngine;
import dev.wasiotel.wit.runtime.engine.WasmEngines;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Runs Component Model binaries with host interfaces served by generated bindings.
 *
 * <pre>{@code
 * ComponentHost host = ComponentHost.builder()
 *         .provide("wasi:otel/tracing@0.2.0-rc.2", enc -> TracingHost.functions(tracing, enc))
 *         .build();
 * ComponentInstance guest = host.instantiate(Component.load(bytes));
 * String traceId = new ApiGuest(guest, StringEncoding.UTF8).run("work");
 * }</pre>
 *
 * <p>An import {@code ns:pkg/iface@X.Y.Z} is served by the provided interface of the same name
 * whose version is compatible (see {@link #instantiate}). A host is immutable once built.
 */
public final class ComponentHost {
    private final HostInterfaces interfaces;
    private final GuestLimits limits;

    private ComponentHost(Builder b) {
        this.interfaces = new HostInterfaces(b.interfaces, b.engine(), b.tracer);
        this.limits = b.limits;
    }

    /** The limits every instance of this host runs under. */
    public GuestLimits limits() {
        return limits;
    }

    /** A builder without interfaces, running core code in the interpreter. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Instantiates a component. First every import is matched against the host's interfaces,
     * without running any code: an import {@code ns:pkg/iface@X.Y.Z} is served by a provided
     * interface {@code ns:pkg/iface@X'.Y'.Z'} with the same major version (for {@code X >= 1}),
     * the same minor version (for {@code 0.Y} with {@code Y >= 1}), or the same version (for
     * {@code 0.0.Z} and pre-releases); each function the component imports must be among the
     * interface's functions (the interface may have more) and, where the host function carries
     * its {@link HostFunctionDef#type() WIT type} (generated ones do), the component's type of it
     * must equal that type as the component model defines equality (function and value types have
     * no subtyping); without one, only the core signature is checked. An imported interface from
     * which no function is used (only types) needs no host interface. Then the component's
     * definitions run in order.
     *
     * <p>Each instance runs under {@link #limits()}: memories and tables of its core instances are
     * bounded, each call has the deadline, and one call runs at a time.
     *
     * @throws LinkException naming every unsatisfied import (a mistyped one with its first
     *     difference, e.g. {@code ns:pkg/iface@1.0.0#f: result: the component has `enum {a, b}`,
     *     the host has `u8`}), before any code runs; or ({@link
     *     LinkException#overLimits}) the memories and tables of a core module whose declared
     *     minimum exceeds {@link #limits()}, before that module's are allocated
     * @throws dev.wasiotel.host.component.binary.ComponentFormatException if the component's
     *     definitions are inconsistent (bad index, wrong sort, mistyped core function...)
     * @throws WitTrap if core code traps during instantiation
     */
    public ComponentInstance instantiate(Component component) {
        return prepare(component).instantiate();
    }

    /**
     * Matches every import of {@code component} against the host's interfaces once (as {@link
     * #instantiate} does first), for instantiating it many times cheaply with {@link
     * PreparedComponent#instantiate()}.
     *
     * @throws LinkException naming every unsatisfied import, before any code runs
     * @throws dev.wasiotel.host.component.binary.ComponentFormatException if the component's
     *     definitions are inconsistent
     */
    public PreparedComponent prepare(Component component) {
        Instantiator check = new Instantiator(component, interfaces, new InstanceState(limits), true);
        check.run(component.binary(), null, null);
        if (!check.problems().isEmpty()) {
            throw new LinkException(check.problems());
        }
        return new PreparedComponent(component, interfaces, limits);
    }

    /** Collects host interfaces and options. */
    public static final class Builder implements ImportRegistry {
        private final List<HostInterface> interfaces = new ArrayList<>();
        private ExecutionMode mode = ExecutionMode.INTERPRETER;
        private PrecompiledMachines precompiled = PrecompiledMachines.none();
        private GuestLimits limits = GuestLimits.defaults();
        private CallTracer tracer;
        /** The engine set by {@link #engine}, or null for Chicory as the mode and machines say. */
        private WasmEngine engine;

        private Builder() {
        }

        /**
         * Traces the calls of every instance through {@code tracer}: each export call (the host
         * calling the guest), each import call (the guest calling a host function) and each call
         * from one inner component instance into a function another one lifted, as far as {@code
         * tracer} asks for their {@link CallSite sites} (e.g. {@code dev.wasiotel.otel.CallSpans},
         * OpenTelemetry spans and metrics parented with the guest's own spans). Off unless set: then
         * no wrapper is installed anywhere.
         */
        public Builder traceCalls(CallTracer tracer) {
            this.tracer = Objects.requireNonNull(tracer, "tracer");
            return this;
        }

        /**
         * The limits each instance runs under (memory and tables of its core instances, bytes lifted
         * per call, call deadline); {@link GuestLimits#defaults()} unless set.
         */
        public Builder limits(GuestLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Provides an interface, e.g. {@code "wasi:otel/tracing@0.2.0-rc.2"}, with its host
         * functions for each string encoding (generated {@code <Iface>Host.functions(impl,
         * encoding)}, or {@code functionsPerInstance(perInstance, encoding)} when each component
         * instance needs its own implementation). An interface used only for its types needs no
         * functions: {@code enc -> List.of()}. World-level functions are provided under the name
         * {@code "$root"}.
         *
         * @throws IllegalArgumentException if an interface of that name was already provided
         */
        @Override
        public Builder provide(String interfaceName, Function<StringEncoding, List<HostFunctionDef>> functions) {
            Objects.requireNonNull(interfaceName, "interfaceName");
            for (HostInterface i : interfaces) {
                if (i.name().equals(interfaceName)) {
                    throw new IllegalArgumentException("interface " + interfaceName + " is provided twice");
                }
            }
            interfaces.add(new HostInterface(interfaceName, functions));
            return this;
        }

        /**
         * Provides every interface that {@code functions} has definitions for, each under its
         * definitions' module name: for a whole world's or WASI's host functions at once (generated
         * {@code <World>Linker.functions(..., encoding)}). {@code functions} is called once here with
         * UTF-8 to learn the interface names, then at most once per string encoding.
         *
         * @throws IllegalArgumentException if one of the interfaces was already provided
         */
        public Builder provideAll(Function<StringEncoding, List<HostFunctionDef>> functions) {
            Objects.requireNonNull(functions, "functions");
            Map<StringEncoding, List<HostFunctionDef>> cache = new EnumMap<>(StringEncoding.class);
            Function<StringEncoding, List<HostFunctionDef>> once = encoding -> {
                synchronized (cache) {
                    return cache.computeIfAbsent(encoding, functions);
                }
            };
            Set<String> modules = new LinkedHashSet<>();
            for (HostFunctionDef def : once.apply(StringEncoding.UTF8)) {
                modules.add(def.module());
            }
            for (String module : modules) {
                provide(module, encoding -> once.apply(encoding).stream().filter(d -> d.module().equals(module)).toList());
            }
            return this;
        }

        /** How core code runs: {@link ExecutionMode#INTERPRETER} (default) or the compiler. */
        public Builder executionMode(ExecutionMode executionMode) {
            this.mode = Objects.requireNonNull(executionMode, "executionMode");
            return this;
        }

        /**
         * Machines compiled ahead of time ({@code wasi-otel compile GUEST.wasm -o GUEST.jar}, then
         * {@link PrecompiledMachines#openJar}; or the Maven goal {@code compile-guest}): a core
         * module whose SHA-256 they announce runs on its machine, whatever the execution mode; the
         * others run as the mode says. {@link Component#precompiledCoreModules()} counts the modules
         * that did. None unless set ({@link ExecutionMode#COMPILER} also looks on the class path).
         */
        public Builder precompiled(PrecompiledMachines machines) {
            this.precompiled = Objects.requireNonNull(machines, "machines");
            return this;
        }

        /**
         * The engine core modules run on: Chicory ({@value WasmEngines#DEFAULT}, the default) with the
         * {@link #executionMode} and {@link #precompiled} machines set here, or another engine, such
         * as one {@link WasmEngines#named} finds. Unset, the system property {@value
         * WasmEngines#DEFAULT_PROPERTY} may name another default ({@link WasmEngines#defaultOr}).
         */
        public Builder engine(WasmEngine engine) {
            this.engine = Objects.requireNonNull(engine, "engine");
            return this;
        }

        /**
         * The engine named {@code name}, found on the class path by {@link WasmEngines#named}
         * ({@code chicory} is Chicory with the {@link #executionMode} and {@link #precompiled}
         * machines set here; an opt-in engine such as {@code graalwasm} needs its module on the
         * class path).
         *
         * @throws IllegalArgumentException if there is no engine of that name; the message lists the
         *     available ones
         */
        public Builder engine(String name) {
            Objects.requireNonNull(name, "name");
            this.engine = name.equals(ChicoryEngine.NAME) ? null : WasmEngines.named(name);
            return this;
        }

        WasmEngine engine() {
            return engine != null ? engine : WasmEngines.defaultOr(() -> new ChicoryEngine(mode, precompiled));
        }

        /** The host. */
        public ComponentHost build() {
            return new ComponentHost(this);
        }
    }
}
