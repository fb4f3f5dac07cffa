package dev.wasiotel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.host.component.Component;
import dev.wasiotel.host.component.ComponentHost;
import dev.wasiotel.host.component.ComponentInstance;
import dev.wasiotel.host.wasi.Wasi;
import dev.wasiotel.host.wasi.WasiConfig;
import dev.wasiotel.otel.WasiOtel;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import dev.wasiotel.wit.abi.StringEncoding;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * One host, many guest instances on many threads for a bounded time: every span a guest ends
 * ({@code on-end} calls counted as they come in) is exported exactly once, each invocation's
 * root span joins the trace of the host span it ran under (never another's), and the heap does not grow with the number of
 * invocations. Threads and seconds: system properties {@code load.threads} (8) and {@code
 * load.seconds} (30).
 */
class ConcurrentGuestsLoadTest {
    private static final int THREADS = Integer.getInteger("load.threads", 8);
    private static final Duration DURATION = Duration.ofSeconds(Integer.getInteger("load.seconds", 30));
    /** The heap may hold this much more after the run than before it (live data, not per-invocation). */
    private static final long HEAP_GROWTH_LIMIT = 64L << 20;
    /** The warm-up runs under no host span: its root starts a trace of its own. */
    private static final String NO_HOST_SPAN = "none";

    @Test
    void noSpanIsLostAndMemoryStaysBounded() throws Exception {
        AtomicLong endedByGuests = new AtomicLong();
        CountingExporter exporter = new CountingExporter();
        // the host's own SDK: each invocation runs under a host span of its own, which the guest's root joins
        // (an SDK without span processors makes no real spans: the host's go to an exporter of their own)
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(new CountingExporter())).build()).build();
        Tracer tracer = sdk.getTracer("load-test");
        WasiOtel wasiOtel = WasiOtel.builder(sdk).addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
        Wasi wasi = Wasi.of(WasiConfig.defaults());
        List<HostFunctionDef> all = new ArrayList<>();
        for (HostFunctionDef d : wasiOtel.functions()) {
            all.add(d.name().equals("on-end") ? new HostFunctionDef(d.module(), d.name(), d.params(), d.results(),
                    (guest, a) -> {
                        endedByGuests.incrementAndGet();
                        return d.body().call(guest, a);
                    }) : d);
        }
        all.addAll(wasi.functions(StringEncoding.UTF8));
        ComponentHost host = ComponentHost.builder().provideAll(encoding -> {
            if (encoding != StringEncoding.UTF8) {
                throw new IllegalArgumentException(encoding.toString());
            }
            return all;
        }).build();
        Component component = Component.load(Files.readAllBytes(HostProcess.guest("c-otel")));

        // warm up, then measure the heap
        exporter.expectedTraces.put("warm-up", NO_HOST_SPAN);
        host.instantiate(component).invoke("run", List.of("warm-up"));
        long heapBefore = usedHeapAfterGc();
        long deadline = System.nanoTime() + DURATION.toNanos();
        AtomicLong invocations = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                try {
                    ComponentInstance instance = host.instantiate(component);
                    for (int i = 0; System.nanoTime() < deadline; i++) {
                        String name = "t" + id + "-" + i;
                        Span span = tracer.spanBuilder("invoke " + name).startSpan();
                        exporter.expectedTraces.put(name, span.getSpanContext().getTraceId());
                        Object result;
                        try (Scope scope = span.makeCurrent()) {
                            result = instance.invoke("run", List.of(name));
                        } finally {
                            span.end();
                        }
                        assertTrue(String.valueOf(result).contains(name), String.valueOf(result));
                        invocations.incrementAndGet();
                        if (i % 50 == 49) {
                            instance = host.instantiate(component); // instances come and go too
                        }
                    }
                } catch (Throwable e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }, "guest-" + t);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertTrue(failures.isEmpty(), () -> "failures: " + failures);
        long heapAfter = usedHeapAfterGc();

        long ended = endedByGuests.get();
        System.out.printf("load: %d threads x %d s: %d invocations, %d spans ended by guests, %d exported,"
                        + " %.0f spans/s, heap %d MiB -> %d MiB%n", THREADS, DURATION.toSeconds(), invocations.get(),
                ended, exporter.exported.get(), ended / (double) DURATION.toSeconds(), heapBefore >> 20,
                heapAfter >> 20);
        assertTrue(invocations.get() >= THREADS, "every thread ran");
        // the warm-up's spans count on both sides too
        assertEquals(ended, exporter.exported.get(), "every span a guest ended was exported");
        assertEquals(invocations.get(), exporter.checkedRoots.get(), "every invocation's root span was checked");
        assertEquals(0, exporter.crossedTraces.get(), "no span joined another invocation's trace");
        assertTrue(heapAfter - heapBefore < HEAP_GROWTH_LIMIT, "heap grew from " + heapBefore + " to " + heapAfter);
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    /**
     * Counts exported spans, and checks that each guest root span (the one carrying {@code
     * guest.name}) is in the trace of the host span its invocation ran under.
     */
    private static final class CountingExporter implements SpanExporter {
        final AtomicLong exported = new AtomicLong();
        final AtomicLong crossedTraces = new AtomicLong();
        final AtomicLong checkedRoots = new AtomicLong();
        final Map<String, String> expectedTraces = new ConcurrentHashMap<>();

        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            for (SpanData s : spans) {
                exported.incrementAndGet();
                Object name = s.getAttributes().asMap().entrySet().stream()
                        .filter(e -> e.getKey().getKey().equals("guest.name")).map(Map.Entry::getValue)
                        .findFirst().orElse(null);
                String expected = name == null ? null : expectedTraces.get(String.valueOf(name));
                if (expected != null && !expected.equals(NO_HOST_SPAN)) {
                    checkedRoots.incrementAndGet();
                    if (!expected.equals(s.getTraceId())) {
                        crossedTraces.incrementAndGet();
                    }
                }
            }
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
