package dev.wasiotel.wit.runtime.chicory;

import com.dylibso.chicory.runtime.TableInstance;
import dev.wasiotel.wit.runtime.engine.CoreTable;

/** A table exported by a Chicory core instance. */
final class ChicoryCoreTable implements CoreTable {
    private final TableInstance table;

    ChicoryCoreTable(TableInstance table) {
        this.table = table;
    }

    TableInstance table() {
        return table;
    }
}
