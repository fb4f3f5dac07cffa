package dev.wasiotel.otel;

import dev.wasiotel.wit.runtime.GuestContext;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.Clock;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Closes out the spans a guest call left open, so that the next call of the instance starts with an
 * empty stack (its {@code current-span-context} is its own host span again) and no span is lost:
 * each is exported as ended now, marked {@value #MARKER_KEY} = true, and counted as {@link
 * Repair#SPAN_LEFT_OPEN}. A wasi:observe span is ended through the SDK. Of a wasi:otel span only
 * the ids were given at {@code on-start}, so it is exported under the name {@value #NAME}, with its
 * start as the host saw it and as parent the span that was innermost in its trace then. Remembers
 * (weakly) every instance that opened a span, to close all out at shutdown; an instance whose
 * context reports the end of its calls ({@link GuestContext#onCallEnd}) is closed out after each call.
 */
final class LeftOpenSpans {
    /** The marker attribute of a span closed out by the host. */
    static final String MARKER_KEY = "wasi.otel.span.left_open";
    /** The name a wasi:otel span left open is exported under. */
    static final String NAME = "wasi:otel span left open";

    static final AttributeKey<Boolean> MARKER = AttributeKey.booleanKey(MARKER_KEY);
    private static final InstrumentationScopeInfo SCOPE = InstrumentationScopeInfo.create("wasi:otel");

    private final Set<GuestState> states = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private final Sinks sinks;
    private final Diagnostics diag;

    LeftOpenSpans(Sinks sinks, Diagnostics diag) {
        this.sinks = sinks;
        this.diag = diag;
    }

    /**
     * Remembers an instance that has opened spans; the first time, asks its context to close them
     * out whenever one of its calls ends (a context that cannot tell has them closed out at {@link
     * #closeOutAll} or by {@code WasiOtel.callEnded}).
     */
    void track(GuestContext guest, GuestState state) {
        // checked first without the shared set's lock: every on-start comes here, mostly for an
        // instance seen already (by this adapter: an instance linked to two has one state)
        if (state.trackedBy() == this) {
            return;
        }
        state.trackedBy(this);
        if (states.add(state)) {
            guest.onCallEnd(() -> closeOut(state));
        }
    }

    /** Closes out every span open on {@code state}, innermost first. */
    void closeOut(GuestState state) {
        List<GuestState.OpenSpan> open = state.takeAll();
        for (int i = open.size() - 1; i >= 0; i--) {
            export(open.get(i));
        }
    }

    /** Closes out the open spans of every instance seen. */
    void closeOutAll() {
        List<GuestState> all;
        synchronized (states) {
            all = new ArrayList<>(states);
        }
        all.forEach(this::closeOut);
    }

    private void export(GuestState.OpenSpan o) {
        diag.record(Repair.SPAN_LEFT_OPEN, "span " + o.context().getSpanId() + " was still open when the guest's"
                + " call ended; exported as ended now");
        if (o.observe() != null) {
            o.observe().endLeftOpen();
            return;
        }
        if (o.call() != null) {
            // the host stops while the call runs (a signal): end its span now, marked
            o.call().setAttribute(MARKER, true);
            o.call().end();
            return;
        }
        long end = Math.max(o.startEpochNanos(), Clock.getDefault().now());
        sinks.endSpan(new GuestSpan(o.context(), o.parent(), sinks.resource(), SCOPE, NAME, SpanKind.INTERNAL,
                o.startEpochNanos(), end, Attributes.of(MARKER, true), List.of(), List.of(), StatusData.unset(), 0, 0, 0));
    }
}
