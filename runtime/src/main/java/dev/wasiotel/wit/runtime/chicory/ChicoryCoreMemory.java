package dev.wasiotel.wit.runtime.chicory;

import com.dylibso.chicory.runtime.Memory;
import dev.wasiotel.wit.runtime.GuestMemory;
import dev.wasiotel.wit.runtime.engine.CoreMemory;

/** A linear memory exported by a Chicory core instance. */
final class ChicoryCoreMemory implements CoreMemory {
    private final Memory memory;
    private final GuestMemory view;

    ChicoryCoreMemory(Memory memory) {
        this.memory = memory;
        this.view = new ChicoryGuestMemory(memory);
    }

    Memory memory() {
        return memory;
    }

    @Override
    public GuestMemory guestMemory() {
        return view;
    }
}
