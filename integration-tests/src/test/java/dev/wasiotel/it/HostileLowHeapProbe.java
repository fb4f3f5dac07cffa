package dev.wasiotel.it;

import dev.wasiotel.host.component.Component;
import dev.wasiotel.host.component.ComponentHost;
import dev.wasiotel.host.component.ComponentInstance;
import dev.wasiotel.host.run.GuestRunner;
import dev.wasiotel.host.wasi.Wasi;
import dev.wasiotel.host.wasi.WasiConfig;
import dev.wasiotel.otel.WasiOtel;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import dev.wasiotel.wit.runtime.WitTrap;
import dev.wasiotel.wit.runtime.chicory.ExecutionMode;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Run by {@link HostileLowHeapTest} in a JVM of its own with a small heap ({@code -Xmx512m}): a
 * well-behaved guest instance (c-otel) is created and called, then the hostile guest's memory attacks
 * run through the CLI's path ({@link GuestRunner}) in the same JVM, then the well-behaved instance is
 * called again. Prints one line per step, {@code STEP: returned TEXT} or {@code STEP: threw
 * CLASS[(REASON)]: MESSAGE}; exits 0 unless the probe itself breaks.
 *
 * <p>Arguments: the directory {@code integration-tests/guests}.
 */
public final class HostileLowHeapProbe {
    private HostileLowHeapProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path guests = Path.of(args[0]);
        WasiOtel wasiOtel = WasiOtel.builder(OpenTelemetry.noop()).build();
        Wasi wasi = Wasi.of(WasiConfig.defaults());
        List<HostFunctionDef> functions = new ArrayList<>(wasiOtel.functions());
        functions.addAll(wasi.functions(StringEncoding.UTF8));
        GuestRunner runner = new GuestRunner(encoding -> functions, ExecutionMode.INTERPRETER);

        ComponentInstance wellBehaved = ComponentHost.builder().provideAll(encoding -> functions).build()
                .instantiate(Component.load(Files.readAllBytes(guests.resolve("c-otel/c-otel.wasm"))));
        step("well-behaved before", () -> wellBehaved.invoke("run", List.of("before")));

        byte[] hostile = Files.readAllBytes(guests.resolve("hostile/hostile.wasm"));
        step("alias-attrs", () -> runner.run(hostile, Optional.of("attack"), List.of("alias-attrs", "1000", "8")).text());
        for (String fixture : List.of("memory-65536", "memory-32768")) {
            byte[] module = Files.readAllBytes(guests.resolve("hostile/" + fixture + ".wasm"));
            step(fixture, () -> runner.run(module, Optional.empty(), List.of()).text());
        }
        step("grow", () -> runner.run(hostile, Optional.of("attack"), List.of("grow", "1024", "0")).text());

        step("well-behaved after", () -> wellBehaved.invoke("run", List.of("after")));
        step("well-behaved new", () -> runner.run(hostile, Optional.of("attack"), List.of("ok", "1000", "3")).text());
    }

    private static void step(String name, Callable<Object> body) {
        String outcome;
        try {
            Object result = body.call();
            outcome = "returned " + (result instanceof Optional<?> o ? o.map(String::valueOf).orElse("") : result);
        } catch (Throwable e) {
            String reason = e instanceof WitTrap t ? "(" + t.reason() + ")" : "";
            outcome = "threw " + e.getClass().getName() + reason + ": " + e.getMessage();
        }
        String line = name + ": " + outcome.replaceAll("\\s+", " ");
        System.out.println(line.length() > 400 ? line.substring(0, 400) + "..." : line);
        System.out.flush();
    }
}
