package dev.wasiotel.wit.runtime.chicory;

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

    static CoreExternKind of(com.dylibso.chicory.wasm.types.ExternalType type) {
        switch (type) {
            case FUNCTION:
                return FUNC;
            case TABLE:
                return TABLE;
            case MEMORY:
                return MEMORY;
            case GLOBAL:
                return GLOBAL;
            default:
                return TAG;
        }
    }
}
