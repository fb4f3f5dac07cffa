package dev.wasiotel.host.wasi;

import com.dylibso.chicory.wabt.Wat2Wasm;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Assembles WebAssembly text with Chicory's wabt, caching each module (assembly takes ~0.2 s). */
final class Wat {
    private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();

    private Wat() {
    }

    static byte[] wasm(String wat) {
        return CACHE.computeIfAbsent(wat, Wat2Wasm::parse).clone();
    }
}
