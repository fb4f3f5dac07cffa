package dev.wasiotel.engine.graalwasm;

import dev.wasiotel.wit.runtime.GuestLimits;
import dev.wasiotel.wit.runtime.engine.CoreExportDesc;
import dev.wasiotel.wit.runtime.engine.CoreImportDesc;
import dev.wasiotel.wit.runtime.engine.EngineModule;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.graalvm.polyglot.Value;

/**
 * A core module read for GraalWasm: its imports, exports and signatures ({@link ModuleInfo}), and
 * the module GraalWasm compiled from it, once per limits (the limits are written into the bytes).
 */
final class GraalModule implements EngineModule {
    private final ModuleInfo info;
    private final String sha256;
    private final Map<List<Long>, Value> compiled = new HashMap<>();

    GraalModule(byte[] bytes, ModuleInfo info) {
        this.info = info;
        this.sha256 = sha256(bytes);
    }

    ModuleInfo info() {
        return info;
    }

    /** The compiled module for {@code limits}; callers hold the engine's lock. */
    Value compiled(GuestLimits limits, Function<byte[], Value> compile) {
        List<Long> key = List.of(limits.maxMemoryBytes(), limits.maxTableElements());
        Value module = compiled.get(key);
        if (module == null) {
            module = compile.apply(info.bounded(limits));
            compiled.put(key, module);
        }
        return module;
    }

    @Override
    public String sha256() {
        return sha256;
    }

    @Override
    public List<CoreImportDesc> imports() {
        return info.imports();
    }

    @Override
    public List<CoreExportDesc> exports() {
        return info.exports();
    }

    @Override
    public String toString() {
        return "GraalWasm module " + sha256;
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
