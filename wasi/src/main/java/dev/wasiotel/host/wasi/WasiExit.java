package dev.wasiotel.host.wasi;

/**
 * The guest called {@code wasi:cli/exit}: thrown out of the host function so that guest code stops
 * at once. The embedder catches it (see {@link #find}) and turns {@link #code()} into its own exit
 * status. The guest instance is unusable afterwards, as after any exception that left guest code.
 */
public final class WasiExit extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int code;

    /** An exit with status {@code code} (0 = success). */
    public WasiExit(int code) {
        super("the guest exited with status " + code, null, false, false);
        this.code = code;
    }

    /** The exit status: 0 for {@code exit(ok)}, 1 for {@code exit(err)}, else the guest's code. */
    public int code() {
        return code;
    }

    /**
     * The {@code WasiExit} in {@code failure}'s cause chain, or null: the runtime may wrap what a
     * host function throws, so embedders look for it rather than catching it directly.
     */
    public static WasiExit find(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 32; depth++) {
            if (t instanceof WasiExit exit) {
                return exit;
            }
            t = t.getCause();
        }
        return null;
    }
}
