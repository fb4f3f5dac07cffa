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

    /** The context it lives in: only instances in that context may import it directly. */
    GraalContext context();

    /** A memory of a GraalWasm instance. */
    record Memory(Value value, GraalContext context, GuestMemory guestMemory) implements GraalExtern, CoreMemory {
        Memory(Value value, GraalContext context) {
            this(value, context, new GraalGuestMemory(value));
        }
    }

    /** A table of a GraalWasm instance. */
    record Table(Value value, GraalContext context) implements GraalExtern, CoreTable {
    }

    /** A global of a GraalWasm instance. */
    record Global(Value value, GraalContext context) implements GraalExtern, CoreGlobal {
    }
}
