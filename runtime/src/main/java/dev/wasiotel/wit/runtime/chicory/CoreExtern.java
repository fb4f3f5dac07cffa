package dev.wasiotel.wit.runtime.chicory;

/**
 * Something one core instance exports and another imports: a function, memory, table or global.
 * A linker (the component host) passes these between instances without seeing Chicory types.
 */
public sealed interface CoreExtern permits CoreFunc, CoreMemory, CoreTable, CoreGlobal {

    /** What kind of value this is. */
    CoreExternKind kind();
}
