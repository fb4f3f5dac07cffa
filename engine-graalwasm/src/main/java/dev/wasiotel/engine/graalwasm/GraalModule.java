package dev.wasiotel.engine.graalwasm;

import dev.wasiotel.wit.runtime.GuestLimits;
import dev.wasiotel.wit.runtime.engine.CoreExportDesc;
import dev.wasiotel.wit.runtime.engine.CoreImportDesc;
import dev.wasiotel.wit.runtime.engine.EngineModule;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.io.ByteSequence;

/**
 * A core module read for GraalWasm: its imports, exports and signatures ({@link ModuleInfo}), and
 * its source for GraalWasm, once per limits (the limits are written into the bytes). Contexts
 * compile it ({@link GraalContext#compiled}); their shared polyglot engine caches the code by source.
 */
final class GraalModule implements EngineModule {
    private final ModuleInfo info;
    private final String sha256;
    private final Map<List<Long>, Source> sources = new HashMap<>();

    GraalModule(byte[] bytes, ModuleInfo info) {
        this.info = info;
        this.sha256 = sha256(bytes);
    }

    ModuleInfo info() {
        return info;
    }

    /**
     * The module's source with {@code limits} written into it, made once per limits; null limits:
     * the module as it is (to validate it).
     */
    synchronized Source source(GuestLimits limits) {
        List<Long> key = limits == null ? List.of() : List.of(limits.maxMemoryBytes(), limits.maxTableElements());
        return sources.computeIfAbsent(key, k -> Source.newBuilder("wasm",
                ByteSequence.create(limits == null ? info.bytes() : info.bounded(limits)), "m" + sha256)
                .cached(true).buildLiteral());
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
