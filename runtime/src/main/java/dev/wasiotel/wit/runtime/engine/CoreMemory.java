package dev.wasiotel.wit.runtime.engine;

import dev.wasiotel.wit.runtime.GuestMemory;

/** A linear memory exported by a core instance. */
public non-sealed interface CoreMemory extends CoreExtern {

    /** The memory as lifting and lowering code accesses it. */
    GuestMemory guestMemory();

    @Override
    default CoreExternKind kind() {
        return CoreExternKind.MEMORY;
    }
}
