package dev.wasiotel.wit.runtime.chicory;

import com.dylibso.chicory.runtime.WasmException;
import com.dylibso.chicory.wasm.ChicoryException;
import dev.wasiotel.wit.runtime.WitTrap;

/**
 * Turns what escapes a Chicory call into what callers of this runtime expect: a host function's
 * {@link WitTrap} unchanged (found anywhere in the cause chain, should Chicory wrap it), a trap of
 * the guest as a {@link WitTrap.Reason#GUEST_TRAP}, and any other exception of the host unchanged.
 */
final class ChicoryTraps {
    private ChicoryTraps() {
    }

    /** The exception to throw for {@code failure}, which escaped a call to {@code what}. */
    static RuntimeException translate(Throwable failure, String what) {
        WitTrap trap = findWitTrap(failure);
        if (trap != null) {
            return trap;
        }
        if (failure instanceof ChicoryException || failure instanceof WasmException) {
            return new WitTrap(WitTrap.Reason.GUEST_TRAP, what + ": " + describe(failure), failure);
        }
        if (failure instanceof StackOverflowError) {
            return new WitTrap(WitTrap.Reason.GUEST_TRAP, what + ": call stack exhausted", failure);
        }
        if (failure instanceof RuntimeException) {
            return (RuntimeException) failure;
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        return new IllegalStateException(what + " failed", failure);
    }

    private static WitTrap findWitTrap(Throwable failure) {
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 32; depth++) {
            if (t instanceof WitTrap) {
                return (WitTrap) t;
            }
            t = t.getCause();
        }
        return null;
    }

    private static String describe(Throwable failure) {
        if (failure instanceof WasmException) {
            return "uncaught wasm exception";
        }
        String message = failure.getMessage();
        return message == null || message.isEmpty() ? failure.getClass().getSimpleName() : message;
    }
}
