package dev.wasiotel.wit.runtime.engine;

/**
 * Something one core instance exports and another imports: a function, memory, table or global.
 * A linker (the component host) passes these between instances without seeing an engine's types;
 * an engine links only what it made itself, and host functions ({@link CoreFunc#host}).
 */
public sealed interface CoreExtern permits CoreFunc, CoreMemory, CoreTable, CoreGlobal {

    /** What kind of value this is. */
    CoreExternKind kind();
}
