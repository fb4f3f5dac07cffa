package dev.wasiotel.host.component.binary;

import dev.wasiotel.wit.abi.StringEncoding;

/**
 * The options of a {@code canon lift} or {@code canon lower}. Absent indices are {@code -1}.
 *
 * @param encoding the string encoding (UTF-8 when absent)
 * @param memory the core memory index, or -1
 * @param realloc the core function index of {@code realloc}, or -1
 * @param postReturn the core function index of {@code post-return}, or -1
 * @param async whether the {@code async} option is given (the async ABI, not implemented here)
 * @param callback the core function index of {@code callback} (async ABI), or -1
 */
public record CanonOptions(StringEncoding encoding, int memory, int realloc, int postReturn, boolean async,
        int callback) {

    /** Options without the async ABI. */
    public CanonOptions(StringEncoding encoding, int memory, int realloc, int postReturn) {
        this(encoding, memory, realloc, postReturn, false, -1);
    }

    /** Whether these options ask for the async ABI ({@code async} or {@code callback}). */
    public boolean usesAsyncAbi() {
        return async || callback >= 0;
    }
}
