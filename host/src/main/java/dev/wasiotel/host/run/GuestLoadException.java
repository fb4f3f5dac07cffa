package dev.wasiotel.host.run;

/** The guest file is not a WebAssembly core module or component this host can load. */
public final class GuestLoadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, with the byte offset where known */
    public GuestLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
