package dev.wasiotel.host.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.host.component.TestHosts.RecordingTracing;
import dev.wasiotel.host.testbindings.test.otel_guest.api.ApiGuest;
import dev.wasiotel.host.testbindings.wasi.otel.tracing.TracingHost;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.runtime.GuestInstance;
import dev.wasiotel.wit.runtime.calls.CallKind;
import dev.wasiotel.wit.runtime.calls.CallSite;
import dev.wasiotel.wit.runtime.calls.CallTracer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which wrappers {@link ComponentHost.Builder#traceCalls} installs: none without a tracer (and
 * none for sites the tracer declines), one per traced site with one, asked once per site.
 */
class CallTracingWrappersTest {

    @Test
    void withoutATracerNoWrapperIsInstalled() {
        ComponentInstance otel = otelHost(null).instantiate(Component.load(ComponentFixtures.bytes("otel")));
        ComponentInstance composed = ComponentHost.builder().build()
                .instantiate(Component.load(ComponentFixtures.bytes("composed")));

        assertEquals(0, otel.tracedCallSites());
        assertEquals(0, composed.tracedCallSites());
        assertEquals(1017L, composed.invoke("test:composed/api#run", List.of()));
        // a generated caller's sequence is the guard's own, its context the instance's
        try (GuestInstance.Call call = otel.beginCall("test:otel-guest/api#run")) {
            assertSame(otel.context(), otel.context(call));
        }
    }

    @Test
    void aGeneratedCallerIsOneTracedCallFromLoweringToPostReturn() {
        Recording tracer = new Recording(false);
        ComponentInstance otel = otelHost(tracer).instantiate(Component.load(ComponentFixtures.bytes("otel")));

        new ApiGuest(otel, StringEncoding.UTF8).run("x");
        // as the dynamic path: one export call around everything, the core call not traced again
        assertEquals(List.of("start test:otel-guest/api#run", "start wasi:otel/tracing#current-span-context",
                "end wasi:otel/tracing#current-span-context", "start wasi:otel/tracing#on-start",
                "end wasi:otel/tracing#on-start", "start wasi:otel/tracing#on-end", "end wasi:otel/tracing#on-end",
                "end test:otel-guest/api#run"), tracer.events);
        // and its bytes as the dynamic path counts them: "x" lowered, the result string lifted
        assertEquals(tracer.bytes.get(tracer.bytes.size() - 1), bytesOfInvoke("x"));
    }

    @Test
    void callsThatUseNoByteCountsGetNone() {
        Recording tracer = new Recording(false);
        tracer.counts = false;
        ComponentInstance otel = otelHost(tracer).instantiate(Component.load(ComponentFixtures.bytes("otel")));

        otel.invoke("test:otel-guest/api#run", List.of("x"));
        new ApiGuest(otel, StringEncoding.UTF8).run("x");
        try (GuestInstance.Call call = otel.beginCall("test:otel-guest/api#run")) {
            assertSame(otel.context(), otel.context(call), "no counting context");
        }

        // the export and its three imports, twice, and the empty sequence: nothing counted
        assertEquals(java.util.Collections.nCopies(9, "-1 -> -1"), tracer.bytes);
    }

    /** The bytes the export span of {@code invoke} reports, on a fresh instance. */
    private static String bytesOfInvoke(String name) {
        Recording tracer = new Recording(false);
        otelHost(tracer).instantiate(Component.load(ComponentFixtures.bytes("otel")))
                .invoke("test:otel-guest/api#run", List.of(name));
        return tracer.bytes.get(tracer.bytes.size() - 1);
    }

    @Test
    void aTracerIsAskedOnceForEverySiteAndOnlyItsProbesAreInstalled() {
        Recording tracer = new Recording(false);
        ComponentInstance otel = otelHost(tracer).instantiate(Component.load(ComponentFixtures.bytes("otel")));

        // three imported functions of wasi:otel/tracing (lowered), one export
        assertEquals(java.util.Set.of(
                "IMPORT wasi:otel/tracing@0.2.0-rc.2#current-span-context at /",
                "IMPORT wasi:otel/tracing@0.2.0-rc.2#on-start at /",
                "IMPORT wasi:otel/tracing@0.2.0-rc.2#on-end at /",
                "EXPORT test:otel-guest/api#run at /"), new java.util.HashSet<>(tracer.asked));
        assertEquals(4, tracer.asked.size(), tracer.asked.toString());
        assertEquals(4, otel.tracedCallSites());

        otel.invoke("test:otel-guest/api#run", List.of("x"));
        assertEquals(List.of("start test:otel-guest/api#run", "start wasi:otel/tracing#current-span-context",
                "end wasi:otel/tracing#current-span-context", "start wasi:otel/tracing#on-start",
                "end wasi:otel/tracing#on-start", "start wasi:otel/tracing#on-end", "end wasi:otel/tracing#on-end",
                "end test:otel-guest/api#run"), tracer.events);
    }

    @Test
    void sitesTheTracerDeclinesGetNoWrapper() {
        Recording declining = new Recording(true);
        ComponentInstance composed = ComponentHost.builder().traceCalls(declining).build()
                .instantiate(Component.load(ComponentFixtures.bytes("composed")));

        assertEquals(0, composed.tracedCallSites());
        assertTrue(declining.asked.contains("CROSS_COMPONENT len at / to /0"), declining.asked.toString());
        assertEquals(1017L, composed.invoke("test:composed/api#run", List.of()));
        assertEquals(List.of(), declining.events);
    }

    private static ComponentHost otelHost(CallTracer tracer) {
        RecordingTracing tracing = new RecordingTracing();
        ComponentHost.Builder b = ComponentHost.builder()
                .provide("wasi:otel/tracing@0.2.0-rc.2", enc -> TracingHost.functions(tracing, enc));
        if (tracer != null) {
            b.traceCalls(tracer);
        }
        return b.build();
    }

    /** Records what it is asked and the calls it sees; declines every site if told to. */
    private static final class Recording implements CallTracer {
        final List<String> asked = new ArrayList<>();
        final List<String> events = new ArrayList<>();
        /** The argument and result bytes of each ended call, in order. */
        final List<String> bytes = new ArrayList<>();
        /** What its calls answer to {@code countsBytes}. */
        boolean counts = true;
        private final boolean decline;

        Recording(boolean decline) {
            this.decline = decline;
        }

        @Override
        public Probe probe(CallSite site) {
            asked.add(site.kind() + " " + site.qualifiedName() + " at " + site.instance()
                    + (site.kind() == CallKind.CROSS_COMPONENT ? " to " + site.callee() : ""));
            if (decline) {
                return null;
            }
            return instance -> {
                events.add("start " + site.spanName());
                return new Call() {
                    @Override
                    public void end(long argumentBytes, long resultBytes, Throwable failure) {
                        events.add("end " + site.spanName());
                        bytes.add(argumentBytes + " -> " + resultBytes);
                    }

                    @Override
                    public boolean countsBytes() {
                        return counts;
                    }
                };
            };
        }
    }
}
