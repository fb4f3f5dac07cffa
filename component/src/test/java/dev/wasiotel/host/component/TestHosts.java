package dev.wasiotel.host.component;

import dev.wasiotel.host.testbindings.test.resource_guest.host_log.HostLog;
import dev.wasiotel.host.testbindings.test.resource_guest.host_log.HostLogHost;
import dev.wasiotel.host.testbindings.test.resource_guest.host_log.Logger;
import dev.wasiotel.host.testbindings.wasi.otel.tracing.SpanContext;
import dev.wasiotel.host.testbindings.wasi.otel.tracing.SpanData;
import dev.wasiotel.host.testbindings.wasi.otel.tracing.TraceFlags;
import dev.wasiotel.host.testbindings.wasi.otel.tracing.Tracing;
import dev.wasiotel.host.testbindings.wasi.otel.tracing.TracingHost;
import dev.wasiotel.wit.runtime.chicory.ExecutionMode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/** Host implementations for the fixtures, recording what the guests send. */
final class TestHosts {
    static final String HOST_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String HOST_SPAN_ID = "00f067aa0ba902b7";

    private TestHosts() {
    }

    /** wasi:otel/tracing, recording. */
    static final class RecordingTracing implements Tracing {
        final List<SpanContext> started = new ArrayList<>();
        final List<SpanData> ended = new ArrayList<>();
        int currentCalls;

        @Override
        public void onStart(SpanContext context) {
            started.add(context);
        }

        @Override
        public void onEnd(SpanData span) {
            ended.add(span);
        }

        @Override
        public SpanContext currentSpanContext() {
            currentCalls++;
            return new SpanContext(HOST_TRACE_ID, HOST_SPAN_ID, EnumSet.of(TraceFlags.SAMPLED), false, List.of());
        }
    }

    /** test:resource-guest/host-log, recording. */
    static final class RecordingLog implements HostLog {
        final List<String> lines = new ArrayList<>();
        int closed;

        @Override
        public Logger newLogger(String prefix) {
            return new Logger() {
                private long count;

                @Override
                public long log(String message) {
                    lines.add(prefix + message);
                    return ++count;
                }

                @Override
                public void close() {
                    closed++;
                }
            };
        }
    }

    static ComponentHost otelHost(Tracing tracing, ExecutionMode mode) {
        return ComponentHost.builder()
                .provide("wasi:otel/tracing@0.2.0-rc.2", enc -> TracingHost.functions(tracing, enc))
                .executionMode(mode)
                .build();
    }

    static ComponentHost logHost(HostLog log) {
        return ComponentHost.builder()
                .provide("test:resource-guest/host-log", enc -> HostLogHost.functions(log, enc))
                .build();
    }
}
