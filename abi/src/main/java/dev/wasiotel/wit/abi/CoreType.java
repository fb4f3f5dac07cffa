package dev.wasiotel.wit.abi;

/** A core WebAssembly value type, as flattened component values use them. */
public enum CoreType {
    /** 32-bit integer (also pointers and lengths). */
    I32,
    /** 64-bit integer. */
    I64,
    /** 32-bit float. */
    F32,
    /** 64-bit float. */
    F64;

    /** The lowercase wasm name. */
    public String wasmName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
