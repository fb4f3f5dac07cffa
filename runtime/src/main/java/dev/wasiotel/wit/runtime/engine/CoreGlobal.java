package dev.wasiotel.wit.runtime.engine;

/** A global exported by a core instance: the host only passes it to another instance of its engine. */
public non-sealed interface CoreGlobal extends CoreExtern {

    @Override
    default CoreExternKind kind() {
        return CoreExternKind.GLOBAL;
    }
}
