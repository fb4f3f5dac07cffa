package dev.wasiotel.wit.runtime.engine;

import java.util.Optional;

/** One instance of an {@link EngineModule}, made by {@link WasmEngine#instantiate}. */
public interface EngineInstance {

    /** The export {@code name}, if there is one. */
    Optional<CoreExtern> export(String name);

    /** The kind of export {@code name}, if there is one. */
    Optional<CoreExternKind> exportKind(String name);
}
