package dev.wasiotel.wit.runtime.chicory;

import com.dylibso.chicory.runtime.GlobalInstance;

/** A global exported by a core instance. */
public final class CoreGlobal implements CoreExtern {
    private final GlobalInstance global;

    CoreGlobal(GlobalInstance global) {
        this.global = global;
    }

    GlobalInstance global() {
        return global;
    }

    @Override
    public CoreExternKind kind() {
        return CoreExternKind.GLOBAL;
    }
}
