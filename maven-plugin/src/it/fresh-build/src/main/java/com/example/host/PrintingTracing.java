package com.example.host;

import com.example.host.bindings.wasi.otel.tracing.SpanContext;
import com.example.host.bindings.wasi.otel.tracing.SpanData;
import com.example.host.bindings.wasi.otel.tracing.TraceFlags;
import com.example.host.bindings.wasi.otel.tracing.Tracing;
import com.example.host.bindings.wasi.otel.tracing.TracingHost;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import java.util.EnumSet;
import java.util.List;

/** Receives the spans of a guest and prints them. */
public final class PrintingTracing implements Tracing {
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
        return TracingHost.functions(new PrintingTracing(), StringEncoding.UTF8);
    }
}
