package dev.wasiotel.wit.runtime.chicory;

import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.InvalidException;
import com.dylibso.chicory.wasm.MalformedException;
import com.dylibso.chicory.wasm.UnlinkableException;
import com.dylibso.chicory.wasm.WasmModule;
import dev.wasiotel.wit.runtime.GuestLimits;
import dev.wasiotel.wit.runtime.LinkException;
import java.util.List;
import java.util.function.Function;

/**
 * The two steps of making a Chicory instance, with Chicory's failures turned into ours: linking
 * ({@link LinkException}, or {@link IllegalArgumentException} for an invalid module), then
 * initialising (a trap becomes a {@link dev.wasiotel.wit.runtime.WitTrap}). Callers bind host state
 * to the instance between the two, before any guest code runs.
 */
final class Instantiation {
    private Instantiation() {
    }

    /**
     * Links {@code wasm} with {@code imports}; runs no guest code. The memories and tables it
     * defines are bounded by {@code limits}; a module declaring more at its minimum is refused
     * before anything is allocated.
     *
     * @throws LinkException if an import does not link, or a declaration exceeds {@code limits}
     */
    static Instance link(WasmModule wasm, ImportValues imports, Function<Instance, Machine> machines,
            GuestLimits limits) {
        EngineLimits.check(wasm, limits);
        try {
            return Instance.builder(wasm)
                    .withImportValues(imports)
                    .withMachineFactory(machines)
                    .withMemoryFactory(EngineLimits.memoryFactory(limits))
                    .withTableFactory(EngineLimits.tableFactory(limits))
                    .withInitialize(false)
                    .withStart(false)
                    .build();
        } catch (UnlinkableException e) {
            throw new LinkException(List.of(e.getMessage()));
        } catch (InvalidException | MalformedException e) {
            throw new IllegalArgumentException("not a valid WebAssembly module: " + e.getMessage(), e);
        }
    }

    /** Initialises memories, tables and globals and runs the start function. */
    static void initialize(Instance instance) {
        try {
            instance.initialize(false);
        } catch (InvalidException | MalformedException e) {
            throw new IllegalArgumentException("not a valid WebAssembly module: " + e.getMessage(), e);
        } catch (RuntimeException | StackOverflowError e) {
            throw ChicoryTraps.translate(e, "instantiation");
        }
    }
}
