package dev.wasiotel.wit.runtime;

/**
 * The guest's {@code cabi_realloc(old_ptr, old_size, align, new_size) -> ptr}, through which the
 * host allocates guest memory when it lowers strings, lists and spilled values. Implementations
 * validate the result (see {@link Bounds#checkRealloc}).
 */
@FunctionalInterface
public interface Realloc {
    /** Allocates, grows or shrinks a block; returns its (validated) address. */
    int realloc(int oldPtr, int oldSize, int align, int newSize);
}
