package dev.wasiotel.host.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.host.component.TestHosts.RecordingTracing;
import dev.wasiotel.host.testbindings.test.otel_guest.api.ApiGuest;
import dev.wasiotel.host.testbindings.test.otel_guest.guest.GuestLinker;
import dev.wasiotel.host.testbindings.wasi.clocks.wall_clock.Datetime;
import dev.wasiotel.host.testbindings.wasi.clocks.wall_clock.WallClock;
import dev.wasiotel.host.testbindings.wasi.otel.tracing.TracingHost;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.runtime.LinkException;
import dev.wasiotel.wit.runtime.PerInstance;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The generated {@code <World>Linker.addToHost}: one call provides every interface a world imports
 * on a {@link ComponentHost.Builder}, and a real component's calls reach the implementations.
 */
class WorldLinkerTest {
    /** The otel fixture's world imports wasi:clocks/wall-clock only for its types: never called. */
    private static final WallClock UNUSED_CLOCK = new WallClock() {
        @Override
        public Datetime now() {
            throw new UnsupportedOperationException("not imported as a function by the fixture");
        }

        @Override
        public Datetime resolution() {
            throw new UnsupportedOperationException("not imported as a function by the fixture");
        }
    };

    @Test
    void oneCallLinksTheWholeWorldAndCallsReachTheImplementations() {
        RecordingTracing tracing = new RecordingTracing();
        ComponentInstance instance = GuestLinker.addToHost(ComponentHost.builder(), UNUSED_CLOCK, tracing).build()
                .instantiate(Component.load(ComponentFixtures.bytes("otel")));

        assertEquals(TestHosts.HOST_TRACE_ID, new ApiGuest(instance, StringEncoding.UTF8).run("linked"));
        assertEquals(1, tracing.currentCalls);
        assertEquals(1, tracing.started.size());
        assertEquals(1, tracing.ended.size());
        assertEquals("linked", tracing.ended.get(0).name());
        assertEquals(tracing.started.get(0), tracing.ended.get(0).spanContext());
    }

    @Test
    void perInstanceFactoriesGiveEachInstanceItsOwnImplementation() {
        List<RecordingTracing> made = new ArrayList<>();
        PerInstance<RecordingTracing> perInstance = guest -> guest.attachment(RecordingTracing.class, () -> {
            RecordingTracing t = new RecordingTracing();
            made.add(t);
            return t;
        });
        ComponentHost host = GuestLinker.addToHostPerInstance(ComponentHost.builder(),
                PerInstance.shared(UNUSED_CLOCK), perInstance).build();
        Component component = Component.load(ComponentFixtures.bytes("otel"));
        ComponentInstance first = host.instantiate(component);
        ComponentInstance second = host.instantiate(component);

        new ApiGuest(first, StringEncoding.UTF8).run("first");
        new ApiGuest(second, StringEncoding.UTF8).run("second");
        new ApiGuest(first, StringEncoding.UTF8).run("first again");

        assertEquals(2, made.size(), "one implementation per instance, made on its first call");
        assertNotSame(made.get(0), made.get(1));
        assertEquals(List.of("first", "first again"), made.get(0).ended.stream().map(s -> s.name()).toList());
        assertEquals(List.of("second"), made.get(1).ended.stream().map(s -> s.name()).toList());
    }

    @Test
    void anInterfaceProvidedAlreadyIsRefused() {
        ComponentHost.Builder builder = ComponentHost.builder().provide("wasi:otel/tracing@0.2.0-rc.2",
                encoding -> TracingHost.functions(new RecordingTracing(), encoding));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GuestLinker.addToHost(builder, UNUSED_CLOCK, new RecordingTracing()));
        assertTrue(e.getMessage().contains("wasi:otel/tracing@0.2.0-rc.2"), e.getMessage());
    }

    @Test
    void withoutTheLinkerTheSameComponentDoesNotLink() {
        // the control: what addToHost provides is what the component needs
        assertThrows(LinkException.class, () -> ComponentHost.builder().build()
                .instantiate(Component.load(ComponentFixtures.bytes("otel"))));
    }
}
