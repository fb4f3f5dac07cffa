package dev.wasiotel.wit.runtime.chicory;

import com.dylibso.chicory.runtime.GlobalInstance;
import dev.wasiotel.wit.runtime.engine.CoreGlobal;

/** A global exported by a Chicory core instance. */
final class ChicoryCoreGlobal implements CoreGlobal {
    private final GlobalInstance global;

    ChicoryCoreGlobal(GlobalInstance global) {
        this.global = global;
    }

    GlobalInstance global() {
        return global;
    }
}
