package dev.wasiotel.otel;

import io.opentelemetry.sdk.resources.Resource;

/**
 * The guest's resource merged over the host's, as each metric export and log record carries it.
 * A guest sends the same resource every time, so the last merge that repaired nothing is kept and
 * reused while the guest's resource stays equal; one that needed a repair is merged again each
 * time, so that every repair is counted per use (as {@link OtelTracing#scope} does for scopes).
 */
final class GuestResources {
    private final Resource host;
    private final AnyValues values;
    private final Diagnostics diag;
    /** Racing threads at worst merge the same resource twice. */
    private volatile Last last;

    private record Last(dev.wasiotel.otel.bindings.wasi.otel.types.Resource guest, Resource merged) {
    }

    GuestResources(Resource host, AnyValues values, Diagnostics diag) {
        this.host = host;
        this.values = values;
        this.diag = diag;
    }

    /** The host's resource with {@code guest}'s merged over it. */
    Resource merge(dev.wasiotel.otel.bindings.wasi.otel.types.Resource guest) {
        Last l = last;
        if (l != null && l.guest().equals(guest)) {
            return l.merged();
        }
        // a repair anywhere (here or on another thread) meanwhile only means this one is not kept
        long repairs = diag.total();
        Resource merged = OtelMetrics.mergeResource(host, guest, values);
        if (diag.total() == repairs) {
            last = new Last(guest, merged);
        }
        return merged;
    }
}
