package dev.wasiotel.wit.runtime.engine;

import java.util.List;

/**
 * A core module parsed and validated by a {@link WasmEngine}: parse once, instantiate many times.
 * Shareable between threads.
 */
public interface EngineModule {

    /** The SHA-256 of the module's bytes, lower-case hex. */
    String sha256();

    /** The module's imports, in order. */
    List<CoreImportDesc> imports();

    /** The module's exports, in order. */
    List<CoreExportDesc> exports();

    /** Whether the module runs on code compiled ahead of time; known once an instance was made. */
    default boolean isPrecompiled() {
        return false;
    }
}
