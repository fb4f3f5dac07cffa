package dev.wasiotel.host.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.dylibso.chicory.wabt.Wat2Wasm;
import dev.wasiotel.host.component.Component;
import dev.wasiotel.host.component.ComponentHost;
import dev.wasiotel.host.component.ComponentInstance;
import dev.wasiotel.host.testbindings.test.utf16_guest.api.ApiGuest;
import dev.wasiotel.host.testbindings.test.utf16_guest.shouter.ShouterHost;
import dev.wasiotel.otel.CallSpans;
import dev.wasiotel.otel.WasiOtel;
import dev.wasiotel.wit.abi.CoreType;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.runtime.GuestInstance;
import dev.wasiotel.wit.runtime.GuestLimits;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import dev.wasiotel.wit.runtime.WitTrap;
import dev.wasiotel.wit.runtime.calls.CallFilter;
import dev.wasiotel.wit.runtime.chicory.ChicoryHost;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code traceCalls} on the real SDK: the span tree of export, import and cross-component calls
 * with the guest's own spans in it, the filter, a trap in an import, metrics, core modules.
 */
class CallTracingTest {
    private static final String RUN = "test:otel-guest/api#run";
    /** The ids the otel fixture's guest gives its own span. */
    private static final String GUEST_TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String GUEST_SPAN = "b7ad6b7169203331";

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
    private OpenTelemetrySdk sdk = sdk(Sampler.alwaysOn());
    private WasiOtel wasiOtel = WasiOtel.builder(sdk).addSpanProcessor(SimpleSpanProcessor.create(spans)).build();

    private OpenTelemetrySdk sdk(Sampler sampler) {
        return OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().setSampler(sampler)
                        .addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
                .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
                .build();
    }

    @AfterEach
    void close() {
        sdk.close();
    }

    @Test
    void guestSpansAndImportSpansNestUnderTheExportSpanUnderTheHostSpan() {
        ComponentInstance guest = host(CallFilter.all(), wasiOtel::functions).instantiate(fixture("otel"));

        SpanData host = inHostSpan(() -> guest.invoke(RUN, List.of("handle-request")));

        SpanData export = one("test:otel-guest/api#run");
        assertEquals(host.getSpanId(), export.getParentSpanId(), "the export span is the host span's child");
        assertEquals(host.getTraceId(), export.getTraceId());
        assertEquals(SpanKind.INTERNAL, export.getKind());
        assertEquals("export", export.getAttributes().get(AttributeKey.stringKey(CallSpans.KIND_KEY)));
        assertEquals("test:otel-guest/api", export.getAttributes().get(AttributeKey.stringKey(CallSpans.INTERFACE_KEY)));
        assertEquals("run", export.getAttributes().get(AttributeKey.stringKey(CallSpans.FUNCTION_KEY)));
        assertEquals("/", export.getAttributes().get(AttributeKey.stringKey(CallSpans.INSTANCE_KEY)));
        // "handle-request" lowered into guest memory (14 bytes) plus the flat (ptr, len); the result
        // is a pointer to a (ptr, len) string of 32 bytes: the host read 8 + 32 bytes
        assertEquals(8L + 14, export.getAttributes().get(AttributeKey.longKey(CallSpans.ARGUMENTS_SIZE_KEY)));
        assertEquals(4L + 8 + 32, export.getAttributes().get(AttributeKey.longKey(CallSpans.RESULT_SIZE_KEY)));

        // the guest asked for its current span before opening one: the export span, not the import's
        SpanData current = one("wasi:otel/tracing#current-span-context");
        assertEquals(export.getSpanId(), current.getParentSpanId());
        assertEquals("import", current.getAttributes().get(AttributeKey.stringKey(CallSpans.KIND_KEY)));
        assertEquals("wasi:otel/tracing@0.2.0-rc.2",
                current.getAttributes().get(AttributeKey.stringKey(CallSpans.INTERFACE_KEY)));
        SpanData onStart = one("wasi:otel/tracing#on-start");
        assertEquals(export.getSpanId(), onStart.getParentSpanId());

        // the guest's own span keeps its ids, and its parent is what current-span-context answered
        SpanData own = one("handle-request");
        assertEquals(GUEST_TRACE, own.getTraceId());
        assertEquals(GUEST_SPAN, own.getSpanId());
        assertEquals(export.getSpanId(), own.getParentSpanId());
        // on-end is called while the guest span is open: its span is that span's child
        SpanData onEnd = one("wasi:otel/tracing#on-end");
        assertEquals(GUEST_TRACE, onEnd.getTraceId());
        assertEquals(GUEST_SPAN, onEnd.getParentSpanId());
        assertEquals(6, spans.getFinishedSpanItems().size(), names().toString());
        for (SpanData s : spans.getFinishedSpanItems()) {
            if (s != own) {
                assertEquals(StatusCode.UNSET, s.getStatus().getStatusCode(), s.getName());
            }
        }
        assertEquals(StatusCode.OK, own.getStatus().getStatusCode(), "the guest's own status");
        // the fixture's attribute value "v" is not JSON; the spans ended in order, none unknown
        assertEquals("{VALUE_NOT_JSON=1}", wasiOtel.diagnostics().snapshot().toString());
    }

    @Test
    void crossComponentCallsNestUnderTheExportThatMadeThem() {
        ComponentInstance composed = host(CallFilter.all(), e -> List.of()).instantiate(fixture("composed"));

        SpanData host = inHostSpan(() -> assertEquals(1017L, composed.invoke("test:composed/api#run", List.of())));
        inHostSpan(() -> assertEquals(3L, composed.invoke("test:composed/api#len", List.of("xyz"))));

        SpanData run = one("test:composed/api#run");
        assertEquals(host.getSpanId(), run.getParentSpanId());
        // the outer component's core module calls `len`, which the nested component instance /0 lifted
        SpanData cross = one("len");
        assertEquals(run.getSpanId(), cross.getParentSpanId());
        assertEquals(run.getTraceId(), cross.getTraceId());
        assertEquals(SpanKind.INTERNAL, cross.getKind());
        assertEquals("cross-component", cross.getAttributes().get(AttributeKey.stringKey(CallSpans.KIND_KEY)));
        assertEquals("/", cross.getAttributes().get(AttributeKey.stringKey(CallSpans.INSTANCE_KEY)));
        assertEquals("/0", cross.getAttributes().get(AttributeKey.stringKey(CallSpans.CALLEE_KEY)));
        // (ptr, len) and the 16 bytes of "hello, component" read from the caller's memory; a u32 back
        assertEquals(8L + 16, cross.getAttributes().get(AttributeKey.longKey(CallSpans.ARGUMENTS_SIZE_KEY)));
        assertEquals(4L, cross.getAttributes().get(AttributeKey.longKey(CallSpans.RESULT_SIZE_KEY)));
        // called from the host, `len` runs in the instance that lifted it
        SpanData len = one("test:composed/api#len");
        assertEquals("/0", len.getAttributes().get(AttributeKey.stringKey(CallSpans.INSTANCE_KEY)));
        assertEquals(List.of("len", "test:composed/api#run", "host", "test:composed/api#len", "host"), names());
    }

    @Test
    void excludedInterfacesGetNoSpansAndTheTreeClosesOverThem() {
        ComponentInstance guest = host(CallFilter.parse("-wasi:otel/*"), wasiOtel::functions)
                .instantiate(fixture("otel"));

        SpanData host = inHostSpan(() -> guest.invoke(RUN, List.of("handle-request")));

        SpanData export = one("test:otel-guest/api#run");
        assertEquals(host.getSpanId(), export.getParentSpanId());
        SpanData own = one("handle-request");
        assertEquals(export.getSpanId(), own.getParentSpanId());
        assertEquals(List.of("handle-request", "test:otel-guest/api#run", "host"), names());
    }

    @Test
    void includePatternsSelectFunctionsAndTheLastMatchingPatternDecides() {
        ComponentInstance guest = host(CallFilter.parse("wasi:otel/tracing#on-*,-*#on-start"), wasiOtel::functions)
                .instantiate(fixture("otel"));

        SpanData host = inHostSpan(() -> guest.invoke(RUN, List.of("handle-request")));

        // no export span: the guest's span is the host span's child, and on-end that span's
        SpanData own = one("handle-request");
        assertEquals(host.getSpanId(), own.getParentSpanId());
        assertEquals(GUEST_SPAN, one("wasi:otel/tracing#on-end").getParentSpanId());
        assertEquals(List.of("handle-request", "wasi:otel/tracing#on-end", "host"), names());
    }

    @Test
    void aTrapInsideAnImportIsAnErrorOnThatImportsSpanAndOnTheCallsAroundIt() {
        // on-end traps as a host function whose argument its interface forbids
        Function<StringEncoding, List<HostFunctionDef>> trapping = e -> wasiOtel.functions(e).stream()
                .map(d -> d.name().equals("on-end") ? d.withBody((ctx, args) -> {
                    throw new WitTrap(WitTrap.Reason.INVALID_ARGUMENT, "on-end refused");
                }) : d).toList();
        ComponentInstance guest = host(CallFilter.all(), trapping).instantiate(fixture("otel"));

        inHostSpan(() -> assertThrows(WitTrap.class, () -> guest.invoke(RUN, List.of("handle-request"))));

        SpanData onEnd = one("wasi:otel/tracing#on-end");
        assertEquals(StatusCode.ERROR, onEnd.getStatus().getStatusCode());
        assertTrue(onEnd.getStatus().getDescription().contains("on-end refused"), onEnd.getStatus().getDescription());
        assertEquals("invalid_argument", onEnd.getAttributes().get(AttributeKey.stringKey(CallSpans.TRAP_REASON_KEY)));
        assertEquals(1, onEnd.getEvents().stream().filter(ev -> ev.getName().equals("exception")).count());
        assertNull(onEnd.getAttributes().get(AttributeKey.longKey(CallSpans.RESULT_SIZE_KEY)), "no result");
        SpanData export = one("test:otel-guest/api#run");
        assertEquals(StatusCode.ERROR, export.getStatus().getStatusCode(), "the trap left the export too");
        assertEquals(StatusCode.UNSET, one("wasi:otel/tracing#on-start").getStatus().getStatusCode());
        assertEquals(StatusCode.UNSET, one("wasi:otel/tracing#current-span-context").getStatus().getStatusCode());
        // the guest span the trap left open is closed out, still under the export span
        SpanData leftOpen = one("wasi:otel span left open");
        assertEquals(GUEST_SPAN, leftOpen.getSpanId());
        assertEquals(GUEST_SPAN, onEnd.getParentSpanId());
        assertEquals(1L, sum(CallSpans.TRAPS, "on-end"));
    }

    @Test
    void metricsCountCallsAndTimeThemPerFunction() {
        ComponentInstance guest = host(CallFilter.all(), wasiOtel::functions).instantiate(fixture("otel"));
        guest.invoke(RUN, List.of("a"));
        guest.invoke(RUN, List.of("b"));

        assertEquals(2L, sum(CallSpans.CALLS, "run"));
        assertEquals(2L, sum(CallSpans.CALLS, "on-start"));
        MetricData duration = metric(CallSpans.DURATION);
        assertEquals("s", duration.getUnit());
        assertEquals(2L, duration.getHistogramData().getPoints().stream()
                .filter(p -> "run".equals(p.getAttributes().get(AttributeKey.stringKey(CallSpans.FUNCTION_KEY))))
                .mapToLong(p -> p.getCount()).sum());
        assertEquals(0L, sum(CallSpans.TRAPS, "run"));
    }

    @Test
    void theHostSamplerDecides() {
        OpenTelemetrySdk sampled = sdk;
        sdk = sdk(Sampler.alwaysOff());
        wasiOtel = WasiOtel.builder(sdk).addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
        ComponentInstance guest = host(CallFilter.all(), wasiOtel::functions).instantiate(fixture("otel"));

        guest.invoke(RUN, List.of("handle-request"));

        // no call span is recorded; the guest's own span (ids and flags its own) still arrives
        assertEquals(List.of("handle-request"), names());
        sampled.close();
    }

    @Test
    void aGeneratedCallersSpanCoversLoweringTheCallLiftingAndPostReturn() {
        ComponentInstance instance = utf16Host(GuestLimits.defaults()).instantiate(fixture("utf16"));

        SpanData host = inHostSpan(() -> assertEquals("H\u00c9!", new ApiGuest(instance, StringEncoding.UTF16).run()));

        SpanData export = one("test:utf16-guest/api#run");
        assertEquals(host.getSpanId(), export.getParentSpanId());
        assertEquals(StatusCode.UNSET, export.getStatus().getStatusCode());
        assertEquals(export.getSpanId(), one("test:utf16-guest/shouter#shout").getParentSpanId());
        // no parameters; the result: a pointer, the (ptr, len) it points at, "HÉ!" in UTF-16
        assertEquals(0L, export.getAttributes().get(AttributeKey.longKey(CallSpans.ARGUMENTS_SIZE_KEY)));
        assertEquals(4L + 8 + 6, export.getAttributes().get(AttributeKey.longKey(CallSpans.RESULT_SIZE_KEY)));
    }

    @Test
    void aTrapWhileAGeneratedCallerLiftsTheResultIsAnErrorOnTheExportSpan() {
        // the import lifts "hé" (4 bytes in UTF-16), the caller then "HÉ!" (6 bytes): over the budget
        ComponentInstance instance = utf16Host(GuestLimits.defaults().withMaxLiftBytesPerCall(5))
                .instantiate(fixture("utf16"));

        WitTrap trap = assertThrows(WitTrap.class,
                () -> inHostSpan(() -> new ApiGuest(instance, StringEncoding.UTF16).run()));

        assertEquals(WitTrap.Reason.RESOURCE_LIMIT, trap.reason(), trap.toString());
        SpanData export = one("test:utf16-guest/api#run");
        assertEquals(StatusCode.ERROR, export.getStatus().getStatusCode(), "the span covers lifting");
        assertEquals("resource_limit", export.getAttributes().get(AttributeKey.stringKey(CallSpans.TRAP_REASON_KEY)));
        assertEquals(trap.getMessage(), export.getStatus().getDescription());
        // the core call returned: its import call is fine, under the export span
        SpanData shout = one("test:utf16-guest/shouter#shout");
        assertEquals(export.getSpanId(), shout.getParentSpanId());
        assertEquals(StatusCode.UNSET, shout.getStatus().getStatusCode());
    }

    @Test
    void aCoreModuleCallSequenceIsOneTracedCallThatLearnsOfFailures() {
        String wat = "(module (import \"env\" \"twice\" (func $twice (param i32) (result i32)))"
                + " (func (export \"run\") (param i32) (result i32) (call $twice (local.get 0))))";
        HostFunctionDef twice = new HostFunctionDef("env", "twice", List.of(CoreType.I32), List.of(CoreType.I32),
                (ctx, args) -> new long[] {args[0] * 2});
        GuestInstance guest = ChicoryHost.builder().add(twice)
                .traceCalls(wasiOtel.callSpans(CallFilter.all(), e -> false)).build()
                .instantiate(Wat2Wasm.parse(wat));
        IllegalStateException liftFailure = new IllegalStateException("a bad result");

        SpanData host = inHostSpan(() -> {
            // as a generated caller does: the core call returns, then lifting its result fails
            GuestInstance.Call call = guest.beginCall("run");
            try {
                assertEquals(42L, guest.call("run", 21)[0]);
                call.failed(liftFailure);
            } finally {
                call.close();
            }
        });

        SpanData run = one("run");
        assertEquals(host.getSpanId(), run.getParentSpanId());
        assertEquals(StatusCode.ERROR, run.getStatus().getStatusCode());
        assertEquals(IllegalStateException.class.getName(),
                run.getAttributes().get(AttributeKey.stringKey(CallSpans.ERROR_TYPE_KEY)));
        SpanData call = one("env#twice");
        assertEquals(run.getSpanId(), call.getParentSpanId());
        assertEquals(StatusCode.UNSET, call.getStatus().getStatusCode());
    }

    private ComponentHost utf16Host(GuestLimits limits) {
        return ComponentHost.builder().limits(limits)
                .provide("test:utf16-guest/shouter", enc -> ShouterHost.functions(
                        text -> text.toUpperCase(java.util.Locale.ROOT) + "!", enc))
                .traceCalls(wasiOtel.callSpans(CallFilter.all(), e -> false)).build();
    }

    @Test
    void coreModulesAreTracedByModuleAndName() {
        String wat = "(module (import \"env\" \"twice\" (func $twice (param i32) (result i32)))"
                + " (func (export \"run\") (param i32) (result i32) (call $twice (local.get 0))))";
        HostFunctionDef twice = new HostFunctionDef("env", "twice", List.of(CoreType.I32), List.of(CoreType.I32),
                (ctx, args) -> new long[] {args[0] * 2});
        GuestInstance guest = ChicoryHost.builder().add(twice)
                .traceCalls(wasiOtel.callSpans(CallFilter.all(), e -> false)).build()
                .instantiate(Wat2Wasm.parse(wat));

        SpanData host = inHostSpan(() -> assertEquals(42L, guest.call("run", 21)[0]));

        SpanData run = one("run");
        assertEquals(host.getSpanId(), run.getParentSpanId());
        assertEquals("core", run.getAttributes().get(AttributeKey.stringKey(CallSpans.INSTANCE_KEY)));
        SpanData call = one("env#twice");
        assertEquals(run.getSpanId(), call.getParentSpanId());
        assertEquals("env", call.getAttributes().get(AttributeKey.stringKey(CallSpans.INTERFACE_KEY)));
        assertEquals(4L, call.getAttributes().get(AttributeKey.longKey(CallSpans.ARGUMENTS_SIZE_KEY)));
    }

    private ComponentHost host(CallFilter filter, Function<StringEncoding, List<HostFunctionDef>> functions) {
        return ComponentHost.builder().provideAll(functions).traceCalls(wasiOtel.callSpans(filter, e -> false)).build();
    }

    /** Runs {@code body} inside a host span "host" and returns that span, ended. */
    @SuppressWarnings("try")
    private SpanData inHostSpan(Runnable body) {
        Span span = sdk.getTracer("test").spanBuilder("host").startSpan();
        try (Scope ignored = span.makeCurrent()) {
            body.run();
        } finally {
            span.end();
        }
        List<SpanData> hosts = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals("host")).toList();
        return hosts.get(hosts.size() - 1);
    }

    private SpanData one(String name) {
        List<SpanData> found = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
        assertEquals(1, found.size(), "one span " + name + " among " + names());
        return found.get(0);
    }

    /** The finished spans' names, in the order they ended. */
    private List<String> names() {
        List<String> out = new ArrayList<>();
        spans.getFinishedSpanItems().forEach(s -> out.add(s.getName()));
        return out;
    }

    private MetricData metric(String name) {
        return metrics.collectAllMetrics().stream().filter(m -> m.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name));
    }

    /** The sum of counter {@code name} over the points of {@code function}; 0 if it has none. */
    private long sum(String name, String function) {
        return metrics.collectAllMetrics().stream().filter(m -> m.getName().equals(name))
                .flatMap(m -> m.getLongSumData().getPoints().stream())
                .filter(p -> function.equals(p.getAttributes().get(AttributeKey.stringKey(CallSpans.FUNCTION_KEY))))
                .mapToLong(p -> p.getValue()).sum();
    }

    private static Component fixture(String name) {
        try (InputStream in = CallTracingTest.class.getResourceAsStream("/components/" + name + ".wasm")) {
            assertFalse(in == null, "missing fixture " + name);
            return Component.load(in.readAllBytes());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
