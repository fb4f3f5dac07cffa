package dev.wasiotel.host.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.host.component.TestHosts.RecordingLog;
import dev.wasiotel.host.component.TestHosts.RecordingTracing;
import dev.wasiotel.host.testbindings.test.otel_guest.api.ApiGuest;
import dev.wasiotel.host.testbindings.test.resource_guest.counters.Counter;
import dev.wasiotel.host.testbindings.test.resource_guest.counters.CountersGuest;
import dev.wasiotel.host.testbindings.test.utf16_guest.shouter.Shouter;
import dev.wasiotel.host.testbindings.test.utf16_guest.shouter.ShouterHost;
import dev.wasiotel.host.testbindings.wasi.otel.tracing.SpanContext;
import dev.wasiotel.host.testbindings.wasi.otel.tracing.SpanData;
import dev.wasiotel.host.testbindings.wasi.otel.tracing.SpanKind;
import dev.wasiotel.host.testbindings.wasi.otel.tracing.Status;
import dev.wasiotel.host.testbindings.wasi.otel.tracing.TraceFlags;
import dev.wasiotel.host.testbindings.wasi.otel.types.KeyValue;
import dev.wasiotel.wit.runtime.LinkException;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.runtime.chicory.ExecutionMode;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class ComponentHostTest {

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void otelGuestCallsReachTheHostAndItsExportReturns(ExecutionMode mode) {
        RecordingTracing tracing = new RecordingTracing();
        ComponentInstance guest = TestHosts.otelHost(tracing, mode).instantiate(Component.load(ComponentFixtures.bytes("otel")));

        Object result = guest.invoke("test:otel-guest/api#run", List.of("handle-request"));

        assertEquals(TestHosts.HOST_TRACE_ID, result, "the guest returns the trace id the host reported");
        assertEquals(1, tracing.currentCalls);
        assertEquals(List.of(new SpanContext("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
                EnumSet.of(TraceFlags.SAMPLED), false, List.of())), tracing.started);
        assertEquals(1, tracing.ended.size());
        SpanData span = tracing.ended.get(0);
        assertEquals(tracing.started.get(0), span.spanContext());
        assertEquals(TestHosts.HOST_SPAN_ID, span.parentSpanId());
        assertEquals(SpanKind.SERVER, span.spanKind());
        assertEquals("handle-request", span.name());
        assertEquals(1700000000L, span.startTime().seconds());
        assertEquals(5L, span.startTime().nanoseconds());
        assertEquals(1700000001L, span.endTime().seconds());
        assertEquals(6L, span.endTime().nanoseconds());
        assertEquals(List.of(new KeyValue("k", "v")), span.attributes());
        assertEquals(List.of(), span.events());
        assertEquals(List.of(), span.links());
        assertTrue(span.status() instanceof Status.Ok, "status ok, got " + span.status());
        assertEquals("test-scope", span.instrumentationScope().name());
        assertEquals(Optional.empty(), span.instrumentationScope().version());
        assertEquals(1L, span.droppedAttributes());
        assertEquals(2L, span.droppedEvents());
        assertEquals(3L, span.droppedLinks());
        assertFalse(guest.isPoisoned());
    }

    @Test
    void generatedGuestCallersCallTheOtelGuest() {
        RecordingTracing tracing = new RecordingTracing();
        ComponentInstance instance = TestHosts.otelHost(tracing, ExecutionMode.INTERPRETER)
                .instantiate(Component.load(ComponentFixtures.bytes("otel")));
        ApiGuest guest = new ApiGuest(instance, StringEncoding.UTF8);

        assertEquals(TestHosts.HOST_TRACE_ID, guest.run("first"));
        assertEquals(TestHosts.HOST_TRACE_ID, guest.run("second \u00e9\u4e16"));
        assertEquals(List.of("first", "second \u00e9\u4e16"), tracing.ended.stream().map(SpanData::name).toList());
    }

    @Test
    void exportsAreListedUnderWitComponentCoreNames() {
        ComponentInstance guest = TestHosts.otelHost(new RecordingTracing(), ExecutionMode.INTERPRETER)
                .instantiate(Component.load(ComponentFixtures.bytes("otel")));
        assertEquals(java.util.Set.of("test:otel-guest/api#run"), guest.exportedFunctions());
        assertEquals(List.of("name"), guest.parameterNames("test:otel-guest/api#run"));
    }

    @Test
    void generatedGuestCallersDriveHostAndGuestResources() {
        RecordingLog log = new RecordingLog();
        ComponentInstance instance = TestHosts.logHost(log).instantiate(Component.load(ComponentFixtures.bytes("resource")));
        CountersGuest guest = new CountersGuest(instance, StringEncoding.UTF8);

        assertEquals(0L, guest.lastDropped());
        // first log returns 1, second 2; the counter's representation is 1234
        assertEquals(1 + 2 * 10 + 1234 * 100, guest.run());
        assertEquals(List.of("log: hello", "log: resources"), log.lines);
        assertEquals(1, log.closed, "the guest dropped its own logger handle");
        assertEquals(1234L, guest.lastDropped(), "resource.drop ran the guest's destructor");
    }

    @Test
    void generatedHandlesOfTheComponentsOwnResource() {
        RecordingLog log = new RecordingLog();
        ComponentInstance instance = TestHosts.logHost(log).instantiate(Component.load(ComponentFixtures.bytes("resource")));
        CountersGuest guest = new CountersGuest(instance, StringEncoding.UTF8);

        Counter a = guest.make(77);
        Counter b = guest.make(5);
        assertEquals(77L, guest.peek(a), "a borrow reaches the component as its representation");
        assertEquals(5L, guest.peek(b));
        a.close();
        assertEquals(77L, guest.lastDropped(), "close() ran the component's destructor");
        a.close();
        assertEquals(77L, guest.lastDropped(), "only once");
        IllegalStateException closed = assertThrows(IllegalStateException.class, () -> guest.peek(a));
        assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
        b.close();
        assertEquals(5L, guest.lastDropped());

        ComponentInstance other = TestHosts.logHost(log).instantiate(Component.load(ComponentFixtures.bytes("resource")));
        Counter c = guest.make(9);
        IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class,
                () -> new CountersGuest(other, StringEncoding.UTF8).peek(c));
        assertTrue(foreign.getMessage().contains("another guest instance"), foreign.getMessage());
    }

    @Test
    void nestedComponentsAndComponentInternalCallsWork() {
        ComponentInstance composed = ComponentHost.builder().build()
                .instantiate(Component.load(ComponentFixtures.bytes("composed")));

        // run: the caller module passes "hello, component" (16 bytes, from its own memory) to the
        // nested component's len, which sees it in its memory: 16 + 1000 for the 'h', + 1
        assertEquals(1017L, composed.invoke("test:composed/api#run", List.of()));
        assertEquals(3L, composed.invoke("test:composed/api#len", List.of("xyz")));
        assertEquals(1008L, composed.invoke("test:composed/api#len", List.of("hi there")));
    }

    @Test
    void aTrapPoisonsTheInstance() {
        ComponentInstance composed = ComponentHost.builder().build()
                .instantiate(Component.load(ComponentFixtures.bytes("composed")));
        // a string longer than the callee's memory cannot be allocated there: its realloc returns
        // a pointer whose end is out of bounds
        String huge = "x".repeat(70_000);
        assertThrows(dev.wasiotel.wit.runtime.WitTrap.class,
                () -> composed.invoke("test:composed/api#len", List.of(huge)));
        assertTrue(composed.isPoisoned());
        dev.wasiotel.wit.runtime.WitTrap again = assertThrows(dev.wasiotel.wit.runtime.WitTrap.class,
                () -> composed.invoke("test:composed/api#run", List.of()));
        assertTrue(again.getMessage().contains("poisoned"), again.getMessage());
    }

    @Test
    void guestResourcesCrossToTheHostAsHandlesAndComeBackAsBorrows() {
        ComponentInstance guest = TestHosts.logHost(new RecordingLog())
                .instantiate(Component.load(ComponentFixtures.bytes("resource")));

        Object handle = guest.invoke("test:resource-guest/counters#make", List.of(77L));
        Object other = guest.invoke("test:resource-guest/counters#make", List.of(5L));

        assertTrue(handle instanceof Integer && (Integer) handle > 0, "an own handle: " + handle);
        assertEquals(77L, guest.invoke("test:resource-guest/counters#peek", List.of(handle)));
        assertEquals(5L, guest.invoke("test:resource-guest/counters#peek", List.of(other)));
        dev.wasiotel.wit.runtime.WitTrap trap = assertThrows(dev.wasiotel.wit.runtime.WitTrap.class,
                () -> guest.invoke("test:resource-guest/counters#peek", List.of(999)));
        assertEquals(dev.wasiotel.wit.runtime.WitTrap.Reason.INVALID_HANDLE, trap.reason());
    }

    @Test
    void argumentsOfTheWrongTypeAreAClearError() {
        ComponentInstance guest = TestHosts.logHost(new RecordingLog())
                .instantiate(Component.load(ComponentFixtures.bytes("resource")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> guest.invoke("test:resource-guest/counters#make", List.of("seven")));
        assertTrue(e.getMessage().contains("do not match"), e.getMessage());
    }

    @Test
    void stringEncodingComesFromTheCanonicalOptions() {
        List<StringEncoding> asked = new java.util.ArrayList<>();
        List<String> received = new java.util.ArrayList<>();
        Shouter shouter = text -> {
            received.add(text);
            return text.toUpperCase(java.util.Locale.ROOT) + "!";
        };
        ComponentInstance instance = ComponentHost.builder()
                .provide("test:utf16-guest/shouter", enc -> {
                    asked.add(enc);
                    return ShouterHost.functions(shouter, enc);
                })
                .build()
                .instantiate(Component.load(ComponentFixtures.bytes("utf16")));

        assertEquals("H\u00c9!", new dev.wasiotel.host.testbindings.test.utf16_guest.api.ApiGuest(instance,
                StringEncoding.UTF16).run());
        assertEquals("H\u00c9!", instance.invoke("test:utf16-guest/api#run", List.of()));
        assertEquals(List.of("h\u00e9", "h\u00e9"), received);
        assertTrue(asked.contains(StringEncoding.UTF16), "the lowered import asked for UTF-16 bindings: " + asked);
    }

    @Test
    void aWholeWorldsFunctionsCanBeProvidedAtOnce() {
        RecordingTracing tracing = new RecordingTracing();
        dev.wasiotel.host.testbindings.wasi.clocks.wall_clock.WallClock clock =
                new dev.wasiotel.host.testbindings.wasi.clocks.wall_clock.WallClock() {
                    @Override
                    public dev.wasiotel.host.testbindings.wasi.clocks.wall_clock.Datetime now() {
                        throw new UnsupportedOperationException();
                    }

                    @Override
                    public dev.wasiotel.host.testbindings.wasi.clocks.wall_clock.Datetime resolution() {
                        throw new UnsupportedOperationException();
                    }
                };
        ComponentInstance instance = ComponentHost.builder()
                .provideAll(enc -> dev.wasiotel.host.testbindings.test.otel_guest.guest.GuestLinker.functions(clock, tracing, enc))
                .build()
                .instantiate(Component.load(ComponentFixtures.bytes("otel")));
        assertEquals(TestHosts.HOST_TRACE_ID, new ApiGuest(instance, StringEncoding.UTF8).run("all at once"));
        assertEquals("all at once", tracing.ended.get(0).name());
    }

    @Test
    void everyUnsatisfiedImportIsReportedBeforeAnyCodeRuns() {
        LinkException e = assertThrows(LinkException.class,
                () -> ComponentHost.builder().build().instantiate(Component.load(ComponentFixtures.bytes("otel"))));
        assertEquals(List.of("missing interface wasi:otel/tracing@0.2.0-rc.2 (functions on-start, on-end,"
                + " current-span-context)"), e.problems());
    }

    @Test
    void typeOnlyImportsNeedNoHostInterface() {
        // the otel fixture also imports wasi:clocks/wall-clock@0.2.0 and wasi:otel/types, for types only
        ComponentInstance guest = TestHosts.otelHost(new RecordingTracing(), ExecutionMode.INTERPRETER)
                .instantiate(Component.load(ComponentFixtures.bytes("otel")));
        assertTrue(guest.hasExport("test:otel-guest/api#run"));
    }

    @Test
    void aPreReleaseIsMatchedExactly() {
        ComponentHost host = ComponentHost.builder()
                .provide("wasi:otel/tracing@0.2.0-rc.1",
                        enc -> dev.wasiotel.host.testbindings.wasi.otel.tracing.TracingHost.functions(new RecordingTracing(), enc))
                .build();
        LinkException e = assertThrows(LinkException.class,
                () -> host.instantiate(Component.load(ComponentFixtures.bytes("otel"))));
        assertTrue(e.getMessage().contains("missing interface wasi:otel/tracing@0.2.0-rc.2"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void thePreview1AdapterRunsTheCommandThroughShimAndFixupModules(ExecutionMode mode) {
        MinimalWasiStdout wasi = new MinimalWasiStdout();
        ComponentInstance command = wasi.provideTo(ComponentHost.builder()).executionMode(mode).build()
                .instantiate(Component.load(ComponentFixtures.bytes("command")));

        Object result = command.invoke("wasi:cli/run@0.2.12#run", List.of());

        assertEquals(new dev.wasiotel.wit.abi.VariantValue(0, null), result, "result::ok");
        assertEquals("hello from a preview1 command\n", wasi.stdout.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The README's example: WASI and the wasi:otel adapter given as whole sets of host functions. */
    @Test
    void wasiAndTheAdapterAreProvidedAsWholeSetsAsTheReadmeShows() {
        java.io.ByteArrayOutputStream stdout = new java.io.ByteArrayOutputStream();
        try (dev.wasiotel.otel.WasiOtelSdk otel = dev.wasiotel.otel.WasiOtelSdk.fromEnvironment(Map.of(
                "otel.traces.exporter", "none", "otel.metrics.exporter", "none", "otel.logs.exporter", "none"));
                dev.wasiotel.host.wasi.Wasi wasi = dev.wasiotel.host.wasi.Wasi.of(
                        dev.wasiotel.host.wasi.WasiConfig.builder().stdout(stdout).build())) {
            ComponentHost host = ComponentHost.builder()
                    .provideAll(otel.wasiOtel()::functions)
                    .provideAll(encoding -> dev.wasiotel.otel.WasiOtel.inGuestContext(wasi.functions(encoding)))
                    .build();
            ComponentInstance guest = host.instantiate(Component.load(ComponentFixtures.bytes("command")));

            Object result = guest.invoke("wasi:cli/run@0.2.12#run", List.of());

            assertEquals(new dev.wasiotel.wit.abi.VariantValue(0, null), result, "result::ok");
            assertEquals("hello from a preview1 command\n", stdout.toString(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void thePreview1CommandReportsItsWasiImportsTogether() {
        LinkException e = assertThrows(LinkException.class,
                () -> ComponentHost.builder().build().instantiate(Component.load(ComponentFixtures.bytes("command"))));
        String message = e.getMessage();
        assertTrue(message.contains("wasi:cli/stdout@0.2.12"), message);
        assertTrue(message.contains("wasi:io/streams@0.2.12"), message);
        assertTrue(e.problems().size() >= 4, message);
    }
}
