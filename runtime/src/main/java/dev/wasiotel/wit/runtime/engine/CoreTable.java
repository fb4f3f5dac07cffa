package dev.wasiotel.wit.runtime.engine;

/**
 * A table exported by a core instance (e.g. the funcref table of a component's shim module): the
 * host only passes it from one instance of its engine to another.
 */
public non-sealed interface CoreTable extends CoreExtern {

    @Override
    default CoreExternKind kind() {
        return CoreExternKind.TABLE;
    }
}
