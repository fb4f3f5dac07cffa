package dev.wasiotel.wit.runtime.chicory;

import com.dylibso.chicory.runtime.TableInstance;

/** A table exported by a core instance (e.g. the funcref table of a component's shim module). */
public final class CoreTable implements CoreExtern {
    private final TableInstance table;

    CoreTable(TableInstance table) {
        this.table = table;
    }

    TableInstance table() {
        return table;
    }

    @Override
    public CoreExternKind kind() {
        return CoreExternKind.TABLE;
    }
}
