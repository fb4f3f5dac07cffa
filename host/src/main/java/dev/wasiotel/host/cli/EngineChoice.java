package dev.wasiotel.host.cli;

import dev.wasiotel.wit.runtime.chicory.ChicoryEngine;
import dev.wasiotel.wit.runtime.engine.WasmEngine;
import dev.wasiotel.wit.runtime.engine.WasmEngines;

/**
 * The {@code --engine NAME} option of {@code run} and {@code serve}: the name looked up, and
 * Chicory's own options ({@code --compiler}, {@code --precompiled}) refused with another engine.
 */
final class EngineChoice {
    /** The option's help text, the same for both commands. */
    static final String DESCRIPTION = "The WebAssembly engine a component runs on:"
            + " `chicory` (the default, pure Java; --compiler and --precompiled apply to it) or an opt-in engine on"
            + " the class path, e.g. `graalwasm` (module engine-graalwasm, Java 21+). A core module runs on chicory.";

    private EngineChoice() {
    }

    /**
     * The engine {@code name} asks for, checked before anything is read.
     *
     * @param name the {@code --engine} value, or null when not given
     * @param compiler whether {@code --compiler} was given
     * @param precompiled whether {@code --precompiled} was given
     * @return the engine, or null for Chicory (which the command makes with its execution mode and
     *     machines)
     * @throws IllegalArgumentException (a usage error, its message one line naming the option) if
     *     there is no engine of that name (the message lists the available ones), or Chicory's
     *     options were given with another engine
     */
    static WasmEngine choose(String name, boolean compiler, boolean precompiled) {
        if (name == null && !compiler && !precompiled) {
            name = WasmEngines.defaultName(); // -Dwasiotel.engine=NAME
        }
        if (name == null || name.equals(ChicoryEngine.NAME)) {
            return null;
        }
        WasmEngine chosen;
        try {
            chosen = WasmEngines.named(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--engine: " + e.getMessage(), e);
        }
        if (compiler || precompiled) {
            throw new IllegalArgumentException((compiler ? "--compiler" : "--precompiled")
                    + " applies to the chicory engine, not to --engine " + name);
        }
        return chosen;
    }
}
