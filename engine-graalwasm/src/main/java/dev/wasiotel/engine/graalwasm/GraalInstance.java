package dev.wasiotel.engine.graalwasm;

import dev.wasiotel.wit.runtime.engine.CoreExportDesc;
import dev.wasiotel.wit.runtime.engine.CoreExtern;
import dev.wasiotel.wit.runtime.engine.CoreExternKind;
import dev.wasiotel.wit.runtime.engine.EngineInstance;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.graalvm.polyglot.Value;

/** An instance of a GraalWasm module: its exports, wrapped once each, and the context it lives in. */
final class GraalInstance implements EngineInstance {
    private final Value exports;
    private final GraalContext context;
    private final Running running;
    private final ModuleInfo info;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Map<String, CoreExternKind> kinds = new HashMap<>();
    private final Map<String, CoreExtern> wrapped = new ConcurrentHashMap<>();

    /** An instance counted in {@code context} ({@link GraalContext#acquire}). */
    GraalInstance(Value exports, GraalContext context, Running running, ModuleInfo info) {
        this.exports = exports;
        this.context = context;
        this.running = running;
        this.info = info;
        for (CoreExportDesc e : info.exports()) {
            kinds.put(e.name(), e.kind());
        }
    }

    @Override
    public Optional<CoreExtern> export(String name) {
        CoreExternKind kind = kinds.get(name);
        if (kind == null || kind == CoreExternKind.TAG) {
            return Optional.empty();
        }
        return Optional.of(wrapped.computeIfAbsent(name, n -> wrap(n, kind)));
    }

    private CoreExtern wrap(String name, CoreExternKind kind) {
        Value value = exports.getMember(name);
        return switch (kind) {
            case FUNC -> new GraalFunc(value, context, running, name, info.exportSignature(name));
            case MEMORY -> new GraalExtern.Memory(value, context);
            case TABLE -> new GraalExtern.Table(value, context);
            case GLOBAL -> new GraalExtern.Global(value, context);
            case TAG -> throw new IllegalStateException("tags are not linked");
        };
    }

    @Override
    public Optional<CoreExternKind> exportKind(String name) {
        return Optional.ofNullable(kinds.get(name));
    }

    /** The context the instance lives in. */
    GraalContext context() {
        return context;
    }

    /** Closes the instance; the last one closed in its context closes the context. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            context.release();
        }
    }
}
