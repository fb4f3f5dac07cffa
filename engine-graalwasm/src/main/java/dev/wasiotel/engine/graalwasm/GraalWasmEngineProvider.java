package dev.wasiotel.engine.graalwasm;

import dev.wasiotel.wit.runtime.engine.WasmEngine;
import dev.wasiotel.wit.runtime.engine.WasmEngineProvider;

/** GraalWasm under the name {@code graalwasm}, for {@link dev.wasiotel.wit.runtime.engine.WasmEngines}. */
public final class GraalWasmEngineProvider implements WasmEngineProvider {
    @Override
    public String name() {
        return GraalWasmEngine.NAME;
    }

    @Override
    public WasmEngine create() {
        return new GraalWasmEngine();
    }
}
