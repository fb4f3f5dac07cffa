package dev.wasiotel.wit.runtime.chicory;

import dev.wasiotel.wit.runtime.engine.WasmEngine;
import dev.wasiotel.wit.runtime.engine.WasmEngineProvider;

/** Chicory's interpreter under the name {@code chicory}, for {@link dev.wasiotel.wit.runtime.engine.WasmEngines}. */
public final class ChicoryEngineProvider implements WasmEngineProvider {
    @Override
    public String name() {
        return ChicoryEngine.NAME;
    }

    @Override
    public WasmEngine create() {
        return ChicoryEngine.interpreter();
    }
}
