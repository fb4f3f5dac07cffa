package dev.wasiotel.host.component.binary;

import java.util.List;

/**
 * A decoded component: its definitions in binary order (custom sections dropped), over the bytes
 * it was decoded from (core modules are slices of them).
 *
 * @param bytes the outermost binary
 * @param offset where this component's preamble starts
 * @param definitions its definitions in order
 */
public record ComponentBinary(byte[] bytes, int offset, List<Definition> definitions) {

    /** Copies the list (the bytes are shared, never modified). */
    public ComponentBinary {
        definitions = List.copyOf(definitions);
    }

    /** The bytes of an embedded core module. */
    public byte[] moduleBytes(Definition.CoreModuleDef module) {
        return java.util.Arrays.copyOfRange(bytes, module.start(), module.end());
    }
}
