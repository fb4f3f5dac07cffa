package com.example.app;

import com.example.app.my.app.host.HostImports;
import com.example.app.my.app.host.HostLinker;
import com.example.otel.wasi.clocks.wall_clock.Datetime;
import com.example.otel.wasi.clocks.wall_clock.WallClock;
import com.example.otel.wasi.otel.tracing.SpanContext;
import com.example.otel.wasi.otel.tracing.SpanData;
import com.example.otel.wasi.otel.tracing.Tracing;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import java.util.List;

/** Implements the dependency's Java interfaces; the world's linker (generated here) links them. */
public final class AppHost implements Tracing, WallClock, HostImports {
    @Override
    public void onStart(SpanContext context) {
    }

    @Override
    public void onEnd(SpanData span) {
    }

    @Override
    public SpanContext currentSpanContext() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Datetime now() {
        return new Datetime(0, 0);
    }

    @Override
    public Datetime resolution() {
        return new Datetime(0, 1);
    }

    @Override
    public void log(String message) {
        System.out.println(message);
    }

    public static List<HostFunctionDef> functions() {
        AppHost host = new AppHost();
        return HostLinker.functions(host, host, host, StringEncoding.UTF8);
    }
}
