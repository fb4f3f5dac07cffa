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
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.ByteSequence;
import org.graalvm.polyglot.proxy.ProxyObject;

/**
 * GraalWasm (Truffle's WebAssembly, {@code org.graalvm.polyglot:wasm}) as a {@link WasmEngine}.
 * All instances of one engine live in one polyglot {@link Context}, so that they can import one
 * another's functions, memories, tables and globals; its code is compiled by Truffle's optimizing
 * runtime when the JVM has one (Graal as JVMCI compiler), else interpreted by Truffle.
 *
 * <p>Host functions are imports ({@code ProxyExecutable}); memory is read and written through the
 * polyglot buffer API; a trap of guest code becomes a {@link dev.wasiotel.wit.runtime.WitTrap}; a
 * deadline interrupts the context ({@link Context#interrupt}), which stops every call running in it
 * (all instances of this engine), not only the late one. The memory and table maxima of {@link
 * GuestLimits} are written into the module as the maxima of what it defines.
 */
public final class GraalWasmEngine implements WasmEngine, AutoCloseable {
    /** The engine's name. */
    public static final String NAME = "graalwasm";

    private final Context context;
    private final Object lock = new Object();

    /** An engine with its own polyglot context. */
    public GraalWasmEngine() {
        this.context = Context.newBuilder("wasm")
                .engine(Engine.newBuilder("wasm").option("engine.WarnInterpreterOnly", "false").build())
                .allowHostAccess(org.graalvm.polyglot.HostAccess.ALL)
                .build();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public EngineModule parse(byte[] bytes) {
        byte[] copy = bytes.clone();
        GraalModule module = new GraalModule(copy, ModuleInfo.read(copy));
        compiled(module, GuestLimits.defaults()); // GraalWasm validates it now, as Chicory does when parsing
        return module;
    }

    /** The module compiled in this engine's context for {@code limits}, once per limits. */
    Value compiled(GraalModule module, GuestLimits limits) {
        synchronized (lock) {
            return module.compiled(limits, bounded -> {
                try {
                    Source source = Source.newBuilder("wasm", ByteSequence.create(bounded), "m" + module.sha256())
                            .cached(true).buildLiteral();
                    return context.eval(source);
                } catch (PolyglotException e) {
                    throw new IllegalArgumentException("not a valid WebAssembly module: " + e.getMessage(), e);
                }
            });
        }
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
        Map<String, Map<String, Object>> values = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (CoreImportDesc imp : info.imports()) {
            String shown = imp.module() + "#" + imp.name();
            CoreExtern value = imports.resolve(imp.module(), imp.name());
            if (value == null) {
                problems.add("missing " + imp.kind().wasmName() + " " + shown);
                continue;
            }
            if (value.kind() != imp.kind()) {
                problems.add(shown + " is imported as a " + imp.kind().wasmName() + " but a "
                        + value.kind().wasmName() + " was provided");
                continue;
            }
            Object linked;
            if (value instanceof CoreFunc f) {
                ModuleInfo.Signature wanted = info.importSignature(imp.module(), imp.name());
                if (wanted == null || !f.params().equals(wanted.params()) || !f.results().equals(wanted.results())) {
                    problems.add("function " + shown + " is imported as "
                            + (wanted == null ? "?" : CoreSignatures.format(wanted.params(), wanted.results()))
                            + " but " + f + " was provided");
                    continue;
                }
                linked = f instanceof GraalFunc g ? g.value() : new GraalHostFunction(f);
            } else if (value instanceof GraalExtern g) {
                linked = g.value();
            } else {
                problems.add(shown + " is a " + value.kind().wasmName() + " of another engine; GraalWasm links only its own");
                continue;
            }
            values.computeIfAbsent(imp.module(), m -> new HashMap<>()).put(imp.name(), linked);
        }
        if (!problems.isEmpty()) {
            throw new LinkException(problems);
        }
        Value compiled = compiled(module, limits);
        Map<String, Object> importObject = new HashMap<>();
        values.forEach((m, fields) -> importObject.put(m, ProxyObject.fromMap(fields)));
        Value instance;
        try {
            instance = compiled.newInstance(ProxyObject.fromMap(importObject));
        } catch (PolyglotException e) {
            throw GraalTraps.translate(e, "instantiation");
        }
        return new GraalInstance(instance.getMember("exports"), info);
    }

    /**
     * Interrupts the context: every call running in it ends in a trap. Waits at most a few
     * milliseconds (the deadline repeats until the call has ended).
     */
    @Override
    public void interrupt(Thread thread) {
        try {
            context.interrupt(Duration.ofMillis(20));
        } catch (TimeoutException e) {
            // the deadline calls again
        } catch (IllegalStateException e) {
            // closed, or called from inside the context
        }
    }

    /** {@code graalwasm (GraalVM CE)}: the name and the Truffle runtime, {@code Interpreted} without JVMCI and Graal. */
    @Override
    public String toString() {
        return NAME + " (" + context.getEngine().getImplementationName() + ")";
    }

    /** Closes the polyglot context; no instance of this engine may be used after. */
    @Override
    public void close() {
        context.close(true);
    }

    private static GraalModule graal(EngineModule module) {
        if (module instanceof GraalModule m) {
            return m;
        }
        throw new IllegalArgumentException("not a module parsed by GraalWasm: " + module);
    }
}
