package dev.wasiotel.engine.graalwasm;

import dev.wasiotel.wit.runtime.WitTrap;
import org.graalvm.polyglot.PolyglotException;

/**
 * Turns what escapes a GraalWasm call into what callers of the runtime expect: a host function's
 * {@link WitTrap} (or other exception) unchanged, a trap of the guest, an interruption at a deadline
 * and an exhausted stack as {@link WitTrap.Reason#GUEST_TRAP} ({@link
 * dev.wasiotel.wit.runtime.engine.CallGuard} makes the interruption a deadline trap).
 */
final class GraalTraps {
    private GraalTraps() {
    }

    static RuntimeException translate(PolyglotException e, String what) {
        if (e.isHostException()) {
            Throwable host = e.asHostException();
            for (Throwable t = host; t != null; t = t.getCause()) {
                if (t instanceof WitTrap trap) {
                    return trap;
                }
            }
            if (host instanceof RuntimeException r) {
                return r;
            }
            if (host instanceof StackOverflowError so) {
                return stackExhausted(what, so);
            }
            if (host instanceof Error error) {
                throw error;
            }
            return new IllegalStateException(what + " failed", host);
        }
        if (e.isInterrupted() || e.isCancelled()) {
            return new WitTrap(WitTrap.Reason.GUEST_TRAP, what + ": interrupted", e);
        }
        if (e.isResourceExhausted()) {
            return new WitTrap(WitTrap.Reason.GUEST_TRAP, what + ": call stack exhausted", e);
        }
        String message = e.getMessage();
        return new WitTrap(WitTrap.Reason.GUEST_TRAP, what + ": " + (message == null ? "trap" : message), e);
    }

    static WitTrap stackExhausted(String what, Throwable cause) {
        return new WitTrap(WitTrap.Reason.GUEST_TRAP, what + ": call stack exhausted", cause);
    }
}
