package dev.wasiotel.host.run;

/** What a WebAssembly binary is, by its preamble (magic, version, layer). */
public enum GuestKind {
    /** A core module: {@code \0asm}, version 1. */
    CORE_MODULE,
    /** A component: {@code \0asm}, version 0x0d, layer 1. */
    COMPONENT;

    /**
     * The kind of {@code bytes}.
     *
     * @throws GuestLoadException if the preamble is neither
     */
    public static GuestKind of(byte[] bytes) {
        if (bytes.length < 8 || bytes[0] != 0 || bytes[1] != 'a' || bytes[2] != 's' || bytes[3] != 'm') {
            throw new GuestLoadException("not a WebAssembly binary: it does not start with \\0asm", null);
        }
        int version = (bytes[4] & 0xff) | (bytes[5] & 0xff) << 8;
        int layer = (bytes[6] & 0xff) | (bytes[7] & 0xff) << 8;
        if (version == 1 && layer == 0) {
            return CORE_MODULE;
        }
        if (layer == 1) {
            return COMPONENT;
        }
        throw new GuestLoadException("unsupported WebAssembly version " + version + " (layer " + layer
                + ") at offset 4: expected a core module (1) or a component (layer 1)", null);
    }
}
