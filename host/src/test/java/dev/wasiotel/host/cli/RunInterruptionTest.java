package dev.wasiotel.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Collection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a SIGTERM or SIGINT does to a run, driven without a signal (the process tests in
 * integration-tests send real ones): the host span ends as interrupted, spans already ended by the
 * guest are exported by the bounded flush, and the exit status is the signal's.
 */
class RunInterruptionTest {
    private final List<SpanData> exported = new CopyOnWriteArrayList<>();
    private final List<Integer> exits = new CopyOnWriteArrayList<>();
    private final StringWriter err = new StringWriter();
    /** A batch processor whose own schedule is far away: only a flush exports. */
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(BatchSpanProcessor.builder(new Collecting()).setScheduleDelay(Duration.ofHours(1))
                    .build())
            .build();

    @AfterEach
    void shutdown() {
        provider.shutdown().join(5, TimeUnit.SECONDS);
    }

    @Test
    void aSignalEndsTheHostSpanAsInterruptedFlushesAndExitsWithItsStatus() {
        Span host = provider.get("dev.wasiotel.host").spanBuilder("run g.wasm").startSpan();
        provider.get("guest").spanBuilder("ended-by-the-guest").startSpan().end();
        RunInterruption interruption = interruption(host);

        interruption.onSignal("SIGTERM", RunInterruption.EXIT_SIGTERM);

        assertEquals(List.of(143), exits);
        assertEquals(2, exported.size(), exported::toString);
        SpanData run = span("run g.wasm");
        assertEquals(StatusCode.ERROR, run.getStatus().getStatusCode());
        assertEquals("interrupted by SIGTERM", run.getStatus().getDescription());
        assertEquals("SIGTERM", run.getAttributes().get(AttributeKey.stringKey(RunInterruption.INTERRUPTED_BY_KEY)));
        assertEquals("interrupted", run.getEvents().get(0).getName());
        assertTrue(span("ended-by-the-guest").hasEnded());
        assertEquals("wasi-otel: interrupted by SIGTERM\n", err.toString().replace("\r\n", "\n"));
        assertTrue(interruption.interrupted());
        interruption.close(); // returns at once: the signal's handling is over
    }

    @Test
    void aSecondSignalExitsAtOnceWithoutAnotherFlush() {
        Span host = provider.get("h").spanBuilder("run g.wasm").startSpan();
        RunInterruption interruption = interruption(host);
        interruption.onSignal("SIGINT", RunInterruption.EXIT_SIGINT);
        interruption.onSignal("SIGINT", RunInterruption.EXIT_SIGINT);
        assertEquals(List.of(130, 130), exits);
        assertEquals(1, exported.size(), exported::toString);
        assertEquals(1, err.toString().lines().count(), err::toString);
    }

    @Test
    void aSignalAfterTheRunEndedOnlyFlushes() {
        Span host = provider.get("h").spanBuilder("run g.wasm").startSpan();
        host.setStatus(StatusCode.OK);
        host.end();
        interruption(host).onSignal("SIGTERM", RunInterruption.EXIT_SIGTERM);
        assertEquals(List.of(143), exits);
        SpanData run = span("run g.wasm");
        assertEquals(StatusCode.OK, run.getStatus().getStatusCode(), "an ended span is not changed");
        assertFalse(run.getAttributes().asMap()
                .containsKey(AttributeKey.stringKey(RunInterruption.INTERRUPTED_BY_KEY)));
    }

    @Test
    void aFlushThatDoesNotCompleteIsSaid() {
        Span host = provider.get("h").spanBuilder("run g.wasm").startSpan();
        new RunInterruption(host, bound -> false, new PrintWriter(err, true), () -> "", exits::add)
                .onSignal("SIGTERM", RunInterruption.EXIT_SIGTERM);
        assertEquals(List.of(143), exits);
        assertEquals("wasi-otel: interrupted by SIGTERM; telemetry export did not complete within 5 s\n",
                err.toString().replace("\r\n", "\n"));
    }

    @Test
    void telemetryThatCouldNotBeExportedIsSaidAfterTheFlush() {
        Span host = provider.get("h").spanBuilder("run g.wasm").startSpan();
        List<String> order = new ArrayList<>();
        new RunInterruption(host, bound -> order.add("flush"), new PrintWriter(err, true), () -> {
            order.add("lost");
            return "telemetry lost: 2 spans could not be exported (last error: refused)";
        }, exits::add).onSignal("SIGINT", RunInterruption.EXIT_SIGINT);
        assertEquals(List.of("flush", "lost"), order, "the loss is read after the flush");
        assertEquals("wasi-otel: interrupted by SIGINT\nwasi-otel: telemetry lost: 2 spans could not be exported"
                + " (last error: refused)\n", err.toString().replace("\r\n", "\n"));
    }

    @Test
    void installingAndClosingLeavesNoHandlerBehind() {
        Span host = provider.get("h").spanBuilder("run g.wasm").startSpan();
        RunInterruption installed = RunInterruption.install(host, bound -> true, new PrintWriter(err, true), () -> "");
        installed.close();
        assertFalse(installed.interrupted());
        host.end();
        assertEquals("", err.toString());
    }

    private RunInterruption interruption(Span host) {
        return new RunInterruption(host, bound -> provider.forceFlush().join(bound.toMillis(), TimeUnit.MILLISECONDS)
                .isSuccess(), new PrintWriter(err, true), () -> "", exits::add);
    }

    private SpanData span(String name) {
        return exported.stream().filter(s -> s.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " in " + exported));
    }

    private final class Collecting implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            exported.addAll(spans);
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
