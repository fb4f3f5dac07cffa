package dev.wasiotel.wit.runtime.split;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import java.util.Arrays;

/** Runs an exported function on Chicory's interpreter and describes the outcome: results or trap, and memory. */
final class Runs {
    private Runs() {
    }

    /** Parses (Chicory validates while parsing). */
    static WasmModule parse(byte[] module) {
        return Parser.parse(module);
    }

    static String outcome(WasmModule module, String export, long... args) {
        Instance instance = Instance.builder(module).build();
        String result;
        try {
            result = Arrays.toString(instance.export(export).apply(args));
        } catch (RuntimeException e) {
            result = "trap " + e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        if (module.memorySection().isPresent() && module.memorySection().get().memoryCount() > 0) {
            result += " memory " + Arrays.hashCode(instance.memory().readBytes(0, 1024));
        }
        return result;
    }
}
