package dev.wasiotel.otel;

import dev.wasiotel.wit.runtime.CoreFunction;
import dev.wasiotel.wit.runtime.GuestContext;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * Wraps host functions so that, while a guest calls one, the host's OpenTelemetry {@link Context}
 * has the calling instance's innermost open guest span as its current span, so spans the host
 * creates in that call are children of the guest span. The context is restored when the call
 * returns: no guest span stays attached to a thread after the guest's call. (How the adapter finds
 * the calling instance's state is not this class's job: the generated hosts pass the instance to
 * {@link WasiOtel}'s per-instance factory.)
 */
final class GuestCalls {
    private GuestCalls() {
    }

    /** {@code def} with the same import name, signature and type, its body run inside the guest's context. */
    @SuppressWarnings("try") // the scope only has to be open while the body runs
    static HostFunctionDef wrap(HostFunctionDef def) {
        CoreFunction body = def.body();
        return def.withBody((GuestContext guest, long[] args) -> {
            GuestState state = guest.attachment(GuestState.class);
            if (state == null || state.isEmpty()) {
                // no guest span open: the host's own context is already the right one
                return body.call(guest, args);
            }
            try (Scope ignored = state.hostContext(Context.current()).makeCurrent()) {
                return body.call(guest, args);
            }
        });
    }
}
