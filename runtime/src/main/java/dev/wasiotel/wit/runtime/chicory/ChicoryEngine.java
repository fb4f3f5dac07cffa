package dev.wasiotel.wit.runtime.chicory;

import dev.wasiotel.wit.runtime.GuestLimits;
import dev.wasiotel.wit.runtime.engine.EngineInstance;
import dev.wasiotel.wit.runtime.engine.EngineModule;
import dev.wasiotel.wit.runtime.engine.Imports;
import dev.wasiotel.wit.runtime.engine.WasmEngine;
import java.util.Objects;

/**
 * Chicory as a {@link WasmEngine}, the pure-Java default: its interpreter or its run-time
 * compiler ({@link ExecutionMode}), and machines compiled at build time ({@link
 * PrecompiledMachines}) for the modules they hold, whatever the mode. Chicory's interpreter and
 * compiled code check the thread's interrupt flag, so a deadline needs nothing more.
 *
 * @param mode how code runs that {@code precompiled} has no machine for
 * @param precompiled machines compiled ahead of time
 */
public record ChicoryEngine(ExecutionMode mode, PrecompiledMachines precompiled) implements WasmEngine {
    /** The engine's name. */
    public static final String NAME = "chicory";

    /** Checks the settings. */
    public ChicoryEngine {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(precompiled, "precompiled");
    }

    /** Chicory's interpreter with no precompiled machines. */
    public static ChicoryEngine interpreter() {
        return new ChicoryEngine(ExecutionMode.INTERPRETER, PrecompiledMachines.none());
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Parses {@code bytes} as {@link ChicoryHost#parse(byte[], PrecompiledMachines)} does (a module
     * whose machine {@link #precompiled} holds is parsed from its stripped copy).
     */
    @Override
    public EngineModule parse(byte[] bytes) {
        return ChicoryHost.parse(bytes, precompiled);
    }

    @Override
    public boolean accepts(EngineModule module) {
        return module instanceof ChicoryModule;
    }

    @Override
    public void checkLimits(EngineModule module, GuestLimits limits) {
        CoreInstance.checkLimits(chicory(module), limits);
    }

    @Override
    public EngineInstance instantiate(EngineModule module, Imports imports, GuestLimits limits) {
        Objects.requireNonNull(imports, "imports");
        return CoreInstance.instantiate(chicory(module), imports::resolve, mode, precompiled, limits);
    }

    /** {@code chicory (INTERPRETER)}, {@code chicory (COMPILER)}. */
    @Override
    public String toString() {
        return NAME + " (" + mode + ")";
    }

    private static ChicoryModule chicory(EngineModule module) {
        if (module instanceof ChicoryModule m) {
            return m;
        }
        throw new IllegalArgumentException("not a module parsed by Chicory: " + module);
    }
}
