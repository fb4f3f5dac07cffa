package dev.wasiotel.wit.runtime;

/**
 * The guest did something the canonical ABI forbids (a bad pointer, an invalid string, an unknown
 * discriminant, a misused handle, ...). Lifting and lowering throw this and nothing else for bad
 * guest data; the host stays usable.
 */
public final class WitTrap extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a trap happened; the names follow the conformance vectors' reasons. */
    public enum Reason {
        /** String bytes are not valid UTF-8. */
        INVALID_UTF8,
        /** String code units are not valid UTF-16 (an unpaired surrogate). */
        INVALID_UTF16,
        /** A {@code char} is a surrogate or above U+10FFFF. */
        INVALID_CHAR,
        /** A variant, enum, option or result case index is out of range. */
        INVALID_DISCRIMINANT,
        /** A pointer is not aligned as the type requires. */
        MISALIGNED_POINTER,
        /** Pointer plus length is outside linear memory. */
        OUT_OF_BOUNDS,
        /** A string's byte length exceeds 2^28-1. */
        STRING_TOO_LONG,
        /** A list's byte length exceeds 2^28-1. */
        LIST_TOO_LONG,
        /** A fixed-length list does not have its length. */
        LIST_LENGTH_MISMATCH,
        /** The guest's {@code cabi_realloc} returned a misaligned or out-of-bounds pointer. */
        REALLOC,
        /** A resource handle is unknown, of the wrong type, or used against the own/borrow rules. */
        INVALID_HANDLE,
        /** The guest itself trapped (unreachable, out-of-bounds access, ...) during a call. */
        GUEST_TRAP,
        /**
         * A host function received an argument its interface forbids (e.g. WASI: a write beyond
         * {@code check-write}'s permit, {@code poll} of an empty list).
         */
        INVALID_ARGUMENT,
        /**
         * The guest exceeded a limit of its host ({@link GuestLimits}): memory, table size, or the
         * bytes one call may lift out of guest memory. The message names the limit.
         */
        RESOURCE_LIMIT,
        /** A call into the guest ran past its deadline ({@link GuestLimits#callTimeout()}) and was stopped. */
        DEADLINE,
        /**
         * The guest re-entered its host where the component model forbids it, e.g. called an import
         * from inside its {@code cabi_realloc}, or a second call reached a busy instance.
         */
        REENTRANCE
    }

    private final Reason reason;

    /** A trap with a reason and a message naming what was wrong. */
    public WitTrap(Reason reason, String message) {
        super(reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ": " + message);
        this.reason = reason;
    }

    /** A trap caused by another failure (for {@link Reason#GUEST_TRAP}). */
    public WitTrap(Reason reason, String message, Throwable cause) {
        super(reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ": " + message, cause);
        this.reason = reason;
    }

    /** Why. */
    public Reason reason() {
        return reason;
    }
}
