package dev.wasiotel.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.wit.runtime.HostFunctionDef;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The entry point's function list, the shipped WIT, and the autoconfigured SDK. */
class WasiOtelTest {

    @Test
    void servesEveryFunctionOfBothWasiOtelTreesAndOfWasiObserve() {
        try (Harness h = new Harness()) {
            Map<String, HostFunctionDef> byName = h.wasiOtel.functions().stream()
                    .collect(Collectors.toMap(HostFunctionDef::qualifiedName, Function.identity()));
            assertEquals(Set.of(
                    "wasi:otel/tracing@0.2.0-rc.2#on-start", "wasi:otel/tracing@0.2.0-rc.2#on-end",
                    "wasi:otel/tracing@0.2.0-rc.2#current-span-context", "wasi:otel/tracing@0.2.0-rc.2#outer-span-context",
                    "wasi:otel/metrics@0.2.0-rc.2#export", "wasi:otel/logs@0.2.0-rc.2#on-emit",
                    "wasi:observe/tracer#start", "wasi:observe/tracer#[method]span.span-context",
                    "wasi:observe/tracer#[method]span.is-recording", "wasi:observe/tracer#[method]span.set-attributes",
                    "wasi:observe/tracer#[method]span.add-event", "wasi:observe/tracer#[method]span.add-link",
                    "wasi:observe/tracer#[method]span.set-status", "wasi:observe/tracer#[method]span.update-name",
                    "wasi:observe/tracer#[method]span.end", "wasi:observe/tracer#[resource-drop]span",
                    "wasi:logging/logging#log"), byName.keySet());
            HostFunctionDef current = byName.get("wasi:otel/tracing@0.2.0-rc.2#current-span-context");
            HostFunctionDef outer = byName.get("wasi:otel/tracing@0.2.0-rc.2#outer-span-context");
            assertEquals(current.signature(), outer.signature());
            assertEquals(current.type(), outer.type());
            // each carries its WIT type through the adapter's wrapping, for typed linking; the
            // drop of a resource is a canonical built-in, typed by its core signature
            for (HostFunctionDef d : byName.values()) {
                assertEquals(d.name().startsWith("[resource-drop]"), d.type() == null, d.qualifiedName());
            }
        }
    }

    @Test
    void theJarShipsTheWitAndTheTwoTreesDifferOnlyInTheSpanContextFunction() throws IOException {
        String main = resource("META-INF/wit/wasi-otel/tracing.wit");
        String tag = resource("META-INF/wit/wasi-otel-0.2.0-rc.2-tag/tracing.wit");
        assertEquals(main.replace("    /// Returns the span context of the most recently entered span.\n"
                        + "    current-span-context: func() -> span-context;",
                "    /// Returns the span context of the host.\n    outer-span-context: func() -> span-context;"), tag);
        for (String f : List.of("types.wit", "metrics.wit", "logs.wit", "world.wit", "LICENSE.md")) {
            assertEquals(resource("META-INF/wit/wasi-otel/" + f), resource("META-INF/wit/wasi-otel-0.2.0-rc.2-tag/" + f), f);
        }
        assertNotNull(resource("META-INF/wit/wasi-observe/LICENSE.md"));
        assertTrue(resource("META-INF/wit/wasi-observe/deps/logging/logging.wit").contains("interface logging"));
    }

    @Test
    void autoconfiguredSdkSendsGuestSpansToTheConsoleByDefault() {
        Logger exporterLog = Logger.getLogger("io.opentelemetry.exporter.logging.LoggingSpanExporter");
        StringBuilder out = new StringBuilder();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                out.append(r.getMessage()).append(' ').append(List.of(r.getParameters() == null ? new Object[0] : r.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        exporterLog.addHandler(capture);
        try (WasiOtelSdk sdk = WasiOtelSdk.fromEnvironment(Map.of("otel.service.name", "wasi-otel-test"))) {
            TestGuest g = new TestGuest(sdk.wasiOtel().functions());
            Harness.onEnd(g, Values.richSpan());
            sdk.sdk().getSdkTracerProvider().forceFlush();
        } finally {
            exporterLog.removeHandler(capture);
        }
        assertTrue(out.toString().contains(Values.SPAN), out.toString());
        assertTrue(out.toString().contains("GET /items"), out.toString());
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = WasiOtelTest.class.getClassLoader().getResourceAsStream(name)) {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
