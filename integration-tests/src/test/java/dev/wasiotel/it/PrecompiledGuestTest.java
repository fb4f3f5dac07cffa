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
import dev.wasiotel.wit.runtime.chicory.ExecutionMode;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The JS guest's core modules (the main one 14 MB), compiled to JVM bytecode when this module was
 * built (guest-maven-plugin's {@code compile-guest}, oversized functions split first; see the
 * {@code precompiled-js-guest} profile of its pom): {@code ExecutionMode.COMPILER} finds the
 * machines and the stripped split modules on the class path by each module's SHA-256, so the guest
 * neither runs on the interpreter nor is compiled at run time, and still does everything it does
 * under Node.
 */
class PrecompiledGuestTest {

    @Test
    void theJsGuestRunsOnItsBuildTimeCompiledMachine() throws Exception {
        List<SpanData> spans = new CopyOnWriteArrayList<>();
        // an SDK without span processors makes no real spans: the host span needs one
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(new Collecting(new CopyOnWriteArrayList<>()))).build())
                .build();
        WasiOtel wasiOtel = WasiOtel.builder(sdk).addSpanProcessor(SimpleSpanProcessor.create(new Collecting(spans)))
                .build();
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        Wasi wasi = Wasi.of(WasiConfig.builder().stdout(stdout).build());
        ComponentHost host = ComponentHost.builder().executionMode(ExecutionMode.COMPILER).provideAll(encoding -> {
            List<HostFunctionDef> all = new ArrayList<>(wasiOtel.functions(encoding));
            all.addAll(WasiOtel.inGuestContext(wasi.functions(encoding)));
            return all;
        }).build();
        Component component = Component.load(Files.readAllBytes(HostProcess.guest("js-otel-sdk")));

        long start = System.nanoTime();
        ComponentInstance instance = host.instantiate(component);
        long instantiated = System.nanoTime();
        assertEquals(4, component.precompiledCoreModules(), "every core module runs on its build-time machine");

        long[] callNanos = new long[3];
        for (int i = 0; i < callNanos.length; i++) {
            Span hostSpan = sdk.getTracer("test").spanBuilder("host").startSpan();
            long t = System.nanoTime();
            Object result;
            try (Scope scope = hostSpan.makeCurrent()) {
                result = instance.invoke("run", List.of("world"));
            } finally {
                hostSpan.end();
            }
            callNanos[i] = System.nanoTime() - t;
            assertTrue(String.valueOf(result).startsWith("hello world from js-otel-sdk (trace "
                    + hostSpan.getSpanContext().getTraceId()), "run " + i + " under host trace "
                    + hostSpan.getSpanContext().getTraceId() + ": " + result);
            assertEquals(9 * (i + 1), spans.size(), "each run ends 9 spans");
            for (SpanData s : spans.subList(9 * i, 9 * (i + 1))) {
                assertEquals(hostSpan.getSpanContext().getTraceId(), s.getTraceId(), "under the host span: " + s);
            }
        }
        assertTrue(stdout.toString(StandardCharsets.UTF_8).contains("js-otel-sdk guest: hello world"),
                "the guest printed through wasi:cli/stdout");
        System.out.printf("precompiled js-otel-sdk: instantiate %d ms, run %d / %d / %d ms%n",
                (instantiated - start) / 1_000_000, callNanos[0] / 1_000_000, callNanos[1] / 1_000_000,
                callNanos[2] / 1_000_000);
    }

    /** Keeps every span. */
    private record Collecting(List<SpanData> spans) implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> batch) {
            spans.addAll(batch);
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
