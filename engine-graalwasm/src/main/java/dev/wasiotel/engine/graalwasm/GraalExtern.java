package dev.wasiotel.engine.graalwasm;

import dev.wasiotel.wit.runtime.GuestMemory;
import dev.wasiotel.wit.runtime.engine.CoreGlobal;
import dev.wasiotel.wit.runtime.engine.CoreMemory;
import dev.wasiotel.wit.runtime.engine.CoreTable;
import org.graalvm.polyglot.Value;

/** A function, memory, table or global of a GraalWasm instance: the polyglot value another instance imports. */
interface GraalExtern {

    /** The polyglot value. */
    Value value();

    /** A memory of a GraalWasm instance. */
    record Memory(Value value, GuestMemory guestMemory) implements GraalExtern, CoreMemory {
        Memory(Value value) {
            this(value, new GraalGuestMemory(value));
        }
    }

    /** A table of a GraalWasm instance. */
    record Table(Value value) implements GraalExtern, CoreTable {
    }

    /** A global of a GraalWasm instance. */
    record Global(Value value) implements GraalExtern, CoreGlobal {
    }
}
