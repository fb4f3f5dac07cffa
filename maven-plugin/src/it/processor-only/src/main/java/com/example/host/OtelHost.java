package com.example.host;

import com.example.host.wasi.otel.imports.ImportsBindings;
import com.example.host.wasi.otel.tracing.SpanContext;
import com.example.host.wasi.otel.tracing.SpanData;
import com.example.host.wasi.otel.tracing.TraceFlags;
import com.example.host.wasi.otel.tracing.Tracing;
import com.example.host.wasi.otel.tracing.TracingHost;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import dev.wasiotel.wit.runtime.WitWorld;
import java.util.EnumSet;
import java.util.List;

/** Receives the spans of a guest and prints them; the bindings are generated from src/main/wit by javac. */
@WitWorld("wasi:otel")
public final class OtelHost implements Tracing {
    @Override
    public void onStart(SpanContext context) {
        System.out.println("start " + context.spanId());
    }

    @Override
    public void onEnd(SpanData span) {
        System.out.println("end " + span.name());
    }

    @Override
    public SpanContext currentSpanContext() {
        return new SpanContext("0".repeat(32), "0".repeat(16), EnumSet.noneOf(TraceFlags.class), false, List.of());
    }

    /** The host functions a guest's {@code wasi:otel/tracing} imports link to. */
    public static List<HostFunctionDef> functions() {
        return TracingHost.functions(new OtelHost(), ImportsBindings.ENCODING);
    }
}
