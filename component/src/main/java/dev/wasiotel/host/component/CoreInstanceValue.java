package dev.wasiotel.host.component;

import dev.wasiotel.wit.runtime.engine.CoreExtern;
import dev.wasiotel.wit.runtime.engine.EngineInstance;
import java.util.Map;

/** An entry of the core instance index space: an instantiated module or a bag of exports. */
interface CoreInstanceValue {

    /** The export {@code name}, or null. */
    CoreExtern export(String name);

    /** An instantiated module. */
    static CoreInstanceValue of(EngineInstance instance) {
        return name -> instance.export(name).orElse(null);
    }

    /** Exports collected by name. */
    static CoreInstanceValue of(Map<String, CoreExtern> exports) {
        return exports::get;
    }
}
