package dev.wasiotel.wit.runtime.chicory;

import com.dylibso.chicory.runtime.Memory;
import dev.wasiotel.wit.runtime.GuestMemory;

/** A linear memory exported by a core instance. */
public final class CoreMemory implements CoreExtern {
    private final Memory memory;
    private final GuestMemory view;

    CoreMemory(Memory memory) {
        this.memory = memory;
        this.view = new ChicoryGuestMemory(memory);
    }

    Memory memory() {
        return memory;
    }

    /** The memory as lifting and lowering code accesses it. */
    public GuestMemory guestMemory() {
        return view;
    }

    @Override
    public CoreExternKind kind() {
        return CoreExternKind.MEMORY;
    }
}
