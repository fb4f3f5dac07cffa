package dev.wasiotel.wit.runtime.engine;

/** The kinds of core imports and exports. */
public enum CoreExternKind {
    /** A function. */
    FUNC,
    /** A table. */
    TABLE,
    /** A linear memory. */
    MEMORY,
    /** A global. */
    GLOBAL,
    /** An exception tag (parsed, never linked here). */
    TAG;

    /** The lower-case name, as WebAssembly text spells it. */
    public String wasmName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

}
