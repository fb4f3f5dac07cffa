package dev.wasiotel.wit.runtime.engine;

import java.util.Optional;

/** One instance of an {@link EngineModule}, made by {@link WasmEngine#instantiate}. */
public interface EngineInstance extends AutoCloseable {

    /** The export {@code name}, if there is one. */
    Optional<CoreExtern> export(String name);

    /** The kind of export {@code name}, if there is one. */
    Optional<CoreExternKind> exportKind(String name);

    /**
     * Frees what the engine holds for this instance (GraalWasm: its polyglot context, once every
     * instance linked into it is closed); it may not be used after. Instances that are not closed
     * are freed when they are no longer referenced. Nothing to do for Chicory.
     */
    @Override
    default void close() {
    }
}
