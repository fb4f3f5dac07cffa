package dev.wasiotel.wit.runtime;

/**
 * The value of a {@link Result} side that carries no payload.
 *
 * <p>WIT lets either side of a {@code result} be empty: {@code result} has neither payload,
 * {@code result<T>} has no error payload and {@code result<_, E>} has no ok payload. Java's
 * {@code Result<T, E>} always holds a non-null value, so an empty side holds {@link #INSTANCE}:
 * {@code result<_, E>} is {@code Result<Unit, E>} and its success is
 * {@code Result.ok(Unit.INSTANCE)}.
 */
public enum Unit {
    /** The only value. */
    INSTANCE;

    /** Prints as {@code ()}. */
    @Override
    public String toString() {
        return "()";
    }
}
