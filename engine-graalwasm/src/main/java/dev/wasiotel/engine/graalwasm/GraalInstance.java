package dev.wasiotel.engine.graalwasm;

import dev.wasiotel.wit.runtime.engine.CoreExportDesc;
import dev.wasiotel.wit.runtime.engine.CoreExtern;
import dev.wasiotel.wit.runtime.engine.CoreExternKind;
import dev.wasiotel.wit.runtime.engine.EngineInstance;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.graalvm.polyglot.Value;

/** An instance of a GraalWasm module: its exports, wrapped once each. */
final class GraalInstance implements EngineInstance {
    private final Value exports;
    private final ModuleInfo info;
    private final Map<String, CoreExternKind> kinds = new HashMap<>();
    private final Map<String, CoreExtern> wrapped = new ConcurrentHashMap<>();

    GraalInstance(Value exports, ModuleInfo info) {
        this.exports = exports;
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
            case FUNC -> new GraalFunc(value, name, info.exportSignature(name));
            case MEMORY -> new GraalExtern.Memory(value);
            case TABLE -> new GraalExtern.Table(value);
            case GLOBAL -> new GraalExtern.Global(value);
            case TAG -> throw new IllegalStateException("tags are not linked");
        };
    }

    @Override
    public Optional<CoreExternKind> exportKind(String name) {
        return Optional.ofNullable(kinds.get(name));
    }
}
