package dev.wasiotel.host.component.binary;

/**
 * A component binary is malformed, or uses something this host does not support: the message
 * names the byte offset (from the start of the outermost binary) and what was expected there.
 */
public final class ComponentFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long offset;

    /** At {@code offset}: {@code message}. */
    public ComponentFormatException(long offset, String message) {
        super("at offset " + offset + " (0x" + Long.toHexString(offset) + "): " + message);
        this.offset = offset;
    }

    /** At {@code offset}: {@code message}, caused by {@code cause}. */
    public ComponentFormatException(long offset, String message, Throwable cause) {
        super("at offset " + offset + " (0x" + Long.toHexString(offset) + "): " + message, cause);
        this.offset = offset;
    }

    /** The byte offset in the outermost binary where the problem was found. */
    public long offset() {
        return offset;
    }
}
