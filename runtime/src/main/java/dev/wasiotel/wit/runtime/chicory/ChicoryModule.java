package dev.wasiotel.wit.runtime.chicory;

import com.dylibso.chicory.wasm.WasmModule;

/**
 * A parsed guest module, made by {@link ChicoryHost#parse}. Parsing a large module takes seconds;
 * parse once and pass this to {@link ChicoryHost#instantiate(ChicoryModule)} for every instance.
 * Immutable and shareable between threads.
 */
public final class ChicoryModule {
    private final WasmModule module;

    ChicoryModule(WasmModule module) {
        this.module = module;
    }

    WasmModule wasmModule() {
        return module;
    }
}
