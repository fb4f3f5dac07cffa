package dev.wasiotel.wit.runtime.chicory;

import com.dylibso.chicory.runtime.TableInstance;
import com.dylibso.chicory.wasm.types.Table;

/**
 * A table whose growth the host can always refuse: {@code table.grow} beyond its maximum (the
 * module's, capped by {@link dev.wasiotel.wit.runtime.GuestLimits}) returns {@code -1}, and so does
 * a grow the JVM has no heap for.
 */
final class BoundedTable extends TableInstance {

    /** A table over {@code table}, which must be this instance's own copy: Chicory counts growth in its limits. */
    BoundedTable(Table table, int initialValue) {
        super(table, initialValue);
    }

    @Override
    public int grow(int size, int value, com.dylibso.chicory.runtime.Instance instance) {
        try {
            return super.grow(size, value, instance);
        } catch (OutOfMemoryError e) {
            // table.grow may fail for any reason the host has: -1, and the guest goes on
            return -1;
        }
    }
}
