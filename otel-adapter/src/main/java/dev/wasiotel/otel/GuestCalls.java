package dev.wasiotel.otel;

import dev.wasiotel.wit.runtime.CoreFunction;
import dev.wasiotel.wit.runtime.GuestContext;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * Wraps host functions so that, while a guest calls one, (1) the adapter's implementations can find
 * the calling guest instance (generated host interfaces do not pass it), and (2) the host's
 * OpenTelemetry {@link Context} has the guest's innermost open span as its current span, so spans
 * the host creates in that call are children of the guest span. The context is restored when the
 * call returns: no guest span stays attached to a thread after the guest's call.
 */
final class GuestCalls {
    private static final ThreadLocal<GuestContext> CURRENT = new ThreadLocal<>();

    private GuestCalls() {
    }

    /** {@code def} with the same import name, signature and type, its body run inside the guest's context. */
    @SuppressWarnings("try") // the scope only has to be open while the body runs
    static HostFunctionDef wrap(HostFunctionDef def) {
        CoreFunction body = def.body();
        return def.withBody((guest, args) -> {
            GuestContext previous = CURRENT.get();
            CURRENT.set(guest);
            try (Scope ignored = GuestState.of(guest).hostContext(Context.current()).makeCurrent()) {
                return body.call(guest, args);
            } finally {
                if (previous == null) {
                    CURRENT.remove();
                } else {
                    CURRENT.set(previous);
                }
            }
        });
    }

    /** The guest instance whose call is running on this thread. */
    static GuestContext current() {
        GuestContext g = CURRENT.get();
        if (g == null) {
            throw new IllegalStateException("not inside a guest call: host functions must come from WasiOtel");
        }
        return g;
    }

    /** The state of the calling guest instance. */
    static GuestState state() {
        return GuestState.of(current());
    }
}
