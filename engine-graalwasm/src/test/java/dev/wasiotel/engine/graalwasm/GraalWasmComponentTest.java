package dev.wasiotel.engine.graalwasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wasiotel.host.component.Component;
import dev.wasiotel.host.component.ComponentHost;
import dev.wasiotel.host.component.ComponentInstance;
import dev.wasiotel.host.wasi.Wasi;
import dev.wasiotel.host.wasi.WasiConfig;
import dev.wasiotel.otel.WasiOtel;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import dev.wasiotel.wit.runtime.chicory.ChicoryEngine;
import dev.wasiotel.wit.runtime.engine.WasmEngine;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The C guest (integration-tests/guests/c-otel, built by clang) through the whole component layer,
 * WASI and the wasi:otel adapter on GraalWasm: the same spans, attributes and output as on Chicory.
 */
class GraalWasmComponentTest {
    private static final Path C_OTEL = Path.of("..", "integration-tests", "guests", "c-otel", "c-otel.wasm");

    /** What one run of the guest exported and printed. */
    private record Run(List<String> spans, String stdout) {
    }

    @Test
    void theCGuestRunsAsOnChicory() throws Exception {
        byte[] wasm = Files.readAllBytes(C_OTEL);
        Run chicory = run(wasm, ChicoryEngine.interpreter());
        Run graal;
        try (GraalWasmEngine engine = new GraalWasmEngine()) {
            graal = run(wasm, engine);
        }
        assertFalse(chicory.spans().isEmpty());
        assertEquals(chicory.spans(), graal.spans());
        assertEquals(chicory.stdout(), graal.stdout());
    }

    @Test
    void closingAComponentInstanceClosesItsContext() throws Exception {
        byte[] wasm = Files.readAllBytes(C_OTEL);
        try (GraalWasmEngine engine = new GraalWasmEngine()) {
            ComponentHost host = host(engine, WasiOtel.builder(OpenTelemetrySdk.builder().build()).build(),
                    Wasi.of(WasiConfig.builder().stdout(new ByteArrayOutputStream()).build()));
            Component component = Component.load(wasm, engine);
            int parsing = engine.openContexts();
            ComponentInstance first = host.instantiate(component);
            ComponentInstance second = host.instantiate(component);
            assertEquals(parsing + 2, engine.openContexts(), "one context per component instance");
            first.close();
            assertEquals(parsing + 1, engine.openContexts());
            assertThrows(RuntimeException.class, () -> first.invoke("run", List.of("closed")));
            second.invoke("run", List.of("still open"));
            second.close();
            assertEquals(parsing, engine.openContexts());
        }
    }

    private static ComponentHost host(WasmEngine engine, WasiOtel otel, Wasi wasi) {
        return ComponentHost.builder().engine(engine).provideAll(encoding -> {
            List<HostFunctionDef> all = new ArrayList<>(otel.functions(encoding));
            all.addAll(WasiOtel.inGuestContext(wasi.functions(encoding)));
            return all;
        }).build();
    }

    private static Run run(byte[] wasm, WasmEngine engine) {
        List<String> spans = new ArrayList<>();
        SpanExporter exporter = new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> batch) {
                for (SpanData s : batch) {
                    spans.add(s.getName() + " " + s.getKind() + " " + s.getStatus().getStatusCode() + " "
                            + s.getAttributes().size() + " attributes " + s.getEvents().size() + " events");
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
        };
        WasiOtel otel = WasiOtel.builder(OpenTelemetrySdk.builder().build())
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Wasi wasi = Wasi.of(WasiConfig.builder().stdout(out).stderr(new ByteArrayOutputStream()).build());
        ComponentHost host = host(engine, otel, wasi);
        ComponentInstance guest = host.instantiate(Component.load(wasm, engine));
        guest.invoke("run", List.of("world"));
        guest.invoke("run", List.of("again"));
        return new Run(spans, out.toString(java.nio.charset.StandardCharsets.UTF_8));
    }
}
