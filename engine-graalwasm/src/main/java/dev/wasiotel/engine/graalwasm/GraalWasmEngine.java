package dev.wasiotel.engine.graalwasm;

import dev.wasiotel.wit.runtime.GuestLimits;
import dev.wasiotel.wit.runtime.LinkException;
import dev.wasiotel.wit.runtime.engine.CoreExtern;
import dev.wasiotel.wit.runtime.engine.CoreFunc;
import dev.wasiotel.wit.runtime.engine.CoreImportDesc;
import dev.wasiotel.wit.runtime.engine.CoreSignatures;
import dev.wasiotel.wit.runtime.engine.EngineInstance;
import dev.wasiotel.wit.runtime.engine.EngineModule;
import dev.wasiotel.wit.runtime.engine.Imports;
import dev.wasiotel.wit.runtime.engine.WasmEngine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyObject;

/**
 * GraalWasm (Truffle's WebAssembly, {@code org.graalvm.polyglot:wasm}) as a {@link WasmEngine}.
 * Each instance lives in a polyglot {@link Context} of its own, except that instances importing
 * another instance's memory, table, global or function join that one's context (the core instances
 * of a component instance share one); a function of another context is called through the host.
 * The contexts share one polyglot {@link Engine}, which caches what GraalWasm made of a module, and
 * whose code Truffle's optimizing runtime compiles when the JVM has one (Graal as JVMCI compiler),
 * else Truffle interprets it.
 *
 * <p>Host functions are imports ({@code ProxyExecutable}); memory is read and written through the
 * polyglot buffer API; a trap of guest code becomes a {@link dev.wasiotel.wit.runtime.WitTrap}; a
 * deadline interrupts the contexts the late call's thread runs guest code in ({@link
 * Context#interrupt}), so calls into other instances go on. Closing an instance ({@link
 * EngineInstance#close}) closes its context once every instance in it is closed. The memory and
 * table maxima of {@link GuestLimits} are written into the module as the maxima of what it defines.
 */
public final class GraalWasmEngine implements WasmEngine, AutoCloseable {
    /** The engine's name. */
    public static final String NAME = "graalwasm";

    private final Engine engine;
    /** The context modules are validated in when parsed. */
    private final GraalContext parsing;
    private final Running running = new Running();
    private final AtomicInteger openContexts = new AtomicInteger();

    /** An engine with its own polyglot engine (and code cache). */
    public GraalWasmEngine() {
        this.engine = Engine.newBuilder("wasm").option("engine.WarnInterpreterOnly", "false").build();
        this.parsing = new GraalContext(engine, openContexts);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public EngineModule parse(byte[] bytes) {
        byte[] copy = bytes.clone();
        GraalModule module = new GraalModule(copy, ModuleInfo.read(copy));
        // GraalWasm validates it now, as Chicory does when parsing: with the default limits written
        // in (the source most instances are made from, whose code the polyglot engine then has), or,
        // if what the module declares is over them (refused when instantiated), as it is
        GuestLimits limits = module.info().overLimits(GuestLimits.defaults()).isEmpty() ? GuestLimits.defaults() : null;
        parsing.compiled(module, limits);
        return module;
    }

    @Override
    public boolean accepts(EngineModule module) {
        return module instanceof GraalModule;
    }

    @Override
    public void checkLimits(EngineModule module, GuestLimits limits) {
        List<String> problems = graal(module).info().overLimits(limits);
        if (!problems.isEmpty()) {
            throw LinkException.overLimits(problems);
        }
    }

    @Override
    public EngineInstance instantiate(EngineModule engineModule, Imports imports, GuestLimits limits) {
        Objects.requireNonNull(imports, "imports");
        GraalModule module = graal(engineModule);
        checkLimits(module, limits);
        ModuleInfo info = module.info();
        Map<CoreImportDesc, CoreExtern> resolved = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (CoreImportDesc imp : info.imports()) {
            String shown = imp.module() + "#" + imp.name();
            CoreExtern value = imports.resolve(imp.module(), imp.name());
            if (value == null) {
                problems.add("missing " + imp.kind().wasmName() + " " + shown);
            } else if (value.kind() != imp.kind()) {
                problems.add(shown + " is imported as a " + imp.kind().wasmName() + " but a "
                        + value.kind().wasmName() + " was provided");
            } else if (value instanceof CoreFunc f) {
                ModuleInfo.Signature wanted = info.importSignature(imp.module(), imp.name());
                if (wanted == null || !f.params().equals(wanted.params()) || !f.results().equals(wanted.results())) {
                    problems.add("function " + shown + " is imported as "
                            + (wanted == null ? "?" : CoreSignatures.format(wanted.params(), wanted.results()))
                            + " but " + f + " was provided");
                } else {
                    resolved.put(imp, value);
                }
            } else if (value instanceof GraalExtern) {
                resolved.put(imp, value);
            } else {
                problems.add(shown + " is a " + value.kind().wasmName() + " of another engine; GraalWasm links only its own");
            }
        }
        GraalContext context = contextFor(resolved, problems);
        if (!problems.isEmpty()) {
            throw new LinkException(problems);
        }
        boolean own = context == null;
        if (own) {
            context = new GraalContext(engine, openContexts);
        }
        try {
            Map<String, Map<String, Object>> values = new HashMap<>();
            for (Map.Entry<CoreImportDesc, CoreExtern> e : resolved.entrySet()) {
                CoreExtern value = e.getValue();
                // a function of this context links directly; any other is called through the host
                Object linked = value instanceof GraalExtern g && g.context() == context ? g.value()
                        : new GraalHostFunction((CoreFunc) value);
                values.computeIfAbsent(e.getKey().module(), m -> new HashMap<>()).put(e.getKey().name(), linked);
            }
            Value compiled = context.compiled(module, limits);
            Map<String, Object> importObject = new HashMap<>();
            values.forEach((m, fields) -> importObject.put(m, ProxyObject.fromMap(fields)));
            Value instance;
            running.enter(context); // the start function runs under the deadline as a call does
            try {
                instance = compiled.newInstance(ProxyObject.fromMap(importObject));
            } catch (PolyglotException e) {
                throw GraalTraps.translate(e, "instantiation");
            } finally {
                running.exit();
            }
            context.acquire();
            return new GraalInstance(instance.getMember("exports"), context, running, info);
        } finally {
            if (own) {
                context.closeIfUnused();
            }
        }
    }

    /**
     * The context the module must be instantiated in: that of the memories, tables, globals and
     * functions of GraalWasm it imports, or null for a new one. A memory, table or global of a
     * second context cannot be linked (a problem is added); a function of one is called through
     * the host.
     */
    private static GraalContext contextFor(Map<CoreImportDesc, CoreExtern> resolved, List<String> problems) {
        GraalContext context = null;
        for (CoreExtern value : resolved.values()) {
            if (value instanceof GraalExtern g && !(value instanceof CoreFunc)) {
                context = context == null ? g.context() : context;
            }
        }
        for (Map.Entry<CoreImportDesc, CoreExtern> e : resolved.entrySet()) {
            if (!(e.getValue() instanceof GraalExtern g)) {
                continue;
            }
            if (context == null) {
                context = g.context();
            } else if (g.context() != context && !(e.getValue() instanceof CoreFunc)) {
                problems.add(e.getKey().module() + "#" + e.getKey().name() + " is a " + e.getKey().kind().wasmName()
                        + " of an instance not linked with the others this module imports from");
            }
        }
        if (context != null && context.isClosed()) {
            problems.add("an instance this module imports from is closed");
        }
        return context;
    }

    /**
     * Interrupts the contexts {@code thread} runs guest code in: every call running in them ends in
     * a trap; calls into other instances go on. Waits at most a few milliseconds (the deadline
     * repeats until the call has ended).
     */
    @Override
    public void interrupt(Thread thread) {
        running.interrupt(thread);
    }

    /** How many contexts of this engine are open (not closed; one is for parsing). */
    int openContexts() {
        return openContexts.get();
    }

    /** {@code graalwasm (GraalVM CE)}: the name and the Truffle runtime, {@code Interpreted} without JVMCI and Graal. */
    @Override
    public String toString() {
        return NAME + " (" + engine.getImplementationName() + ")";
    }

    /** Closes the polyglot engine and every context of it; no instance of this engine may be used after. */
    @Override
    public void close() {
        parsing.close();
        engine.close(true);
    }

    private static GraalModule graal(EngineModule module) {
        if (module instanceof GraalModule m) {
            return m;
        }
        throw new IllegalArgumentException("not a module parsed by GraalWasm: " + module);
    }
}
