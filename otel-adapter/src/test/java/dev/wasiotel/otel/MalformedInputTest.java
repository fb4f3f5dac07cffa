package dev.wasiotel.otel;

import static dev.wasiotel.otel.Values.END;
import static dev.wasiotel.otel.Values.PARENT;
import static dev.wasiotel.otel.Values.SPAN;
import static dev.wasiotel.otel.Values.START;
import static dev.wasiotel.otel.Values.TRACE;
import static dev.wasiotel.otel.Values.kv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.otel.bindings.observe.wasi.observe.tracer.StartOptions;
import dev.wasiotel.otel.bindings.wasi.clocks.wall_clock.Datetime;
import dev.wasiotel.otel.bindings.wasi.otel.logs.LogRecord;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.Exemplar;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.Gauge;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.GaugeDataPoint;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.Histogram;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.HistogramDataPoint;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.Metric;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.MetricData;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.MetricNumber;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.ResourceMetrics;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.ScopeMetrics;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.Sum;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.SumDataPoint;
import dev.wasiotel.otel.bindings.wasi.otel.metrics.Temporality;
import dev.wasiotel.otel.bindings.wasi.otel.tracing.Link;
import dev.wasiotel.otel.bindings.wasi.otel.tracing.SpanContext;
import dev.wasiotel.otel.bindings.wasi.otel.tracing.SpanData;
import dev.wasiotel.otel.bindings.wasi.otel.tracing.TraceFlags;
import dev.wasiotel.otel.bindings.wasi.otel.types.KeyValue;
import dev.wasiotel.otel.bindings.wasi.otel.types.Resource;
import dev.wasiotel.wit.runtime.Result;
import dev.wasiotel.wit.runtime.Tuple2;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.metrics.data.ExemplarData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.data.PointData;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed guest telemetry, one row per case: what the guest sends (through a real guest), the
 * repairs counted, and what the SDK receives. No case traps the guest or throws into the host.
 */
class MalformedInputTest {

    /** One row: {@code send} makes the guest call; {@code repairs} are the exact counts; {@code check} the outcome. */
    record Case(String name, BiConsumer<Harness, TestGuest> send, Map<Repair, Long> repairs,
            BiConsumer<Harness, TestGuest> check) {
        @Override
        public String toString() {
            return name;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void malformedInputHasItsDefinedOutcome(Case c) {
        try (Harness h = new Harness()) {
            TestGuest g = h.guest();
            c.send().accept(h, g);
            assertEquals(c.repairs(), h.diag().snapshot());
            c.check().accept(h, g);
            assertFalse(g.instance.isPoisoned(), "the guest never traps");
        }
    }

    static Stream<Case> cases() {
        List<Case> cs = new ArrayList<>();
        // ---- ids of spans (on-end without on-start: END_UNKNOWN_SPAN is part of each outcome)
        cs.add(endOnly("upper-case trace id is lower-cased", span(TRACE.toUpperCase(), SPAN, PARENT),
                Map.of(Repair.ID_CASE_FOLDED, 1L, Repair.END_UNKNOWN_SPAN, 1L),
                s -> assertEquals(TRACE, s.getTraceId())));
        cs.add(endOnly("upper-case span id is lower-cased", span(TRACE, "00F067AA0BA902B7", PARENT),
                Map.of(Repair.ID_CASE_FOLDED, 1L, Repair.END_UNKNOWN_SPAN, 1L),
                s -> assertEquals(SPAN, s.getSpanId())));
        cs.add(endOnly("short trace id is left-padded", span("abc", SPAN, PARENT),
                Map.of(Repair.ID_PADDED, 1L, Repair.END_UNKNOWN_SPAN, 1L),
                s -> assertEquals("0".repeat(29) + "abc", s.getTraceId())));
        cs.add(endOnly("short span id is left-padded", span(TRACE, "1", PARENT),
                Map.of(Repair.ID_PADDED, 1L, Repair.END_UNKNOWN_SPAN, 1L),
                s -> assertEquals("0000000000000001", s.getSpanId())));
        cs.add(dropped("empty trace id drops the span", span("", SPAN, PARENT)));
        cs.add(dropped("empty span id drops the span", span(TRACE, "", PARENT)));
        cs.add(dropped("all-zero trace id drops the span", span("0".repeat(32), SPAN, PARENT)));
        cs.add(dropped("all-zero span id drops the span", span(TRACE, "0000000000000000", PARENT)));
        cs.add(dropped("non-hex trace id drops the span", span("g" + TRACE.substring(1), SPAN, PARENT)));
        cs.add(dropped("too long trace id drops the span", span(TRACE + "0", SPAN, PARENT)));
        cs.add(dropped("non-ASCII digits in span id drop the span", span(TRACE, "\u0661\u0662", PARENT)));
        cs.add(endOnly("non-hex parent id makes a root span", span(TRACE, SPAN, "not-hex"),
                Map.of(Repair.PARENT_ID_INVALID, 1L, Repair.END_UNKNOWN_SPAN, 1L),
                s -> assertFalse(s.getParentSpanContext().isValid())));
        cs.add(endOnly("all-zero parent id means root, no repair", span(TRACE, SPAN, "0000000000000000"),
                Map.of(Repair.END_UNKNOWN_SPAN, 1L), s -> assertFalse(s.getParentSpanContext().isValid())));
        cs.add(endOnly("short upper-case parent id is repaired", span(TRACE, SPAN, "ABC"),
                Map.of(Repair.ID_CASE_FOLDED, 1L, Repair.ID_PADDED, 1L, Repair.END_UNKNOWN_SPAN, 1L),
                s -> assertEquals("0000000000000abc", s.getParentSpanId())));
        cs.add(endOnly("link with invalid ids is dropped and counted as dropped",
                withLinks(span(TRACE, SPAN, PARENT), List.of(new Link(Values.context("", "zz"), List.of()))),
                Map.of(Repair.LINK_DROPPED_INVALID_ID, 1L, Repair.END_UNKNOWN_SPAN, 1L), s -> {
                    assertEquals(0, s.getLinks().size());
                    assertEquals(1, s.getTotalRecordedLinks());
                }));
        cs.add(endOnly("trace-state with an invalid key becomes empty",
                withContext(span(TRACE, SPAN, PARENT), new SpanContext(TRACE, SPAN, EnumSet.of(TraceFlags.SAMPLED), false,
                        List.of(new Tuple2<>("ok", "1"), new Tuple2<>("Bad Key", "2")))),
                Map.of(Repair.TRACE_STATE_INVALID, 1L, Repair.END_UNKNOWN_SPAN, 1L),
                s -> assertTrue(s.getSpanContext().getTraceState().isEmpty())));
        cs.add(endOnly("trace-state with a duplicate key becomes empty",
                withContext(span(TRACE, SPAN, PARENT), new SpanContext(TRACE, SPAN, EnumSet.of(TraceFlags.SAMPLED), false,
                        List.of(new Tuple2<>("a", "1"), new Tuple2<>("a", "2")))),
                Map.of(Repair.TRACE_STATE_INVALID, 1L, Repair.END_UNKNOWN_SPAN, 1L),
                s -> assertTrue(s.getSpanContext().getTraceState().isEmpty())));
        // ---- span lifecycle
        cs.add(endOnly("on-end of a span never started is exported", span(TRACE, SPAN, PARENT),
                Map.of(Repair.END_UNKNOWN_SPAN, 1L), s -> assertEquals(SPAN, s.getSpanId())));
        cs.add(new Case("on-end out of order removes the span from the middle", (h, g) -> {
            Harness.onStart(g, Values.context(TRACE, "000000000000000a"));
            Harness.onStart(g, Values.context(TRACE, "000000000000000b"));
            Harness.onEnd(g, span(TRACE, "000000000000000a", ""));
        }, Map.of(Repair.END_OUT_OF_ORDER, 1L), (h, g) -> {
            assertEquals("000000000000000b", Harness.spanContext(g, WasiOtel.CURRENT_SPAN_CONTEXT).spanId());
            assertEquals(1, h.spans.getFinishedSpanItems().size());
        }));
        cs.add(new Case("duplicate on-start is ignored", (h, g) -> {
            Harness.onStart(g, Values.context(TRACE, SPAN));
            Harness.onStart(g, Values.context(TRACE, SPAN));
            Harness.onEnd(g, span(TRACE, SPAN, ""));
        }, Map.of(Repair.START_DUPLICATE, 1L),
                (h, g) -> assertEquals("0".repeat(16), Harness.spanContext(g, WasiOtel.CURRENT_SPAN_CONTEXT).spanId())));
        cs.add(new Case("on-start with invalid ids is ignored", (h, g) -> Harness.onStart(g, Values.context("", "")),
                Map.of(Repair.START_IGNORED_INVALID_ID, 1L),
                (h, g) -> assertEquals("0".repeat(16), Harness.spanContext(g, WasiOtel.CURRENT_SPAN_CONTEXT).spanId())));
        cs.add(endOnly("end before start is set to start", withTimes(span(TRACE, SPAN, PARENT), END, START),
                Map.of(Repair.END_BEFORE_START, 1L, Repair.END_UNKNOWN_SPAN, 1L),
                s -> assertEquals(s.getStartEpochNanos(), s.getEndEpochNanos())));
        cs.add(endOnly("nanoseconds >= 1e9 are carried into seconds",
                withTimes(span(TRACE, SPAN, PARENT), new Datetime(10, 2_500_000_000L), new Datetime(20, 0)),
                Map.of(Repair.DATETIME_NANOS_CARRIED, 1L, Repair.END_UNKNOWN_SPAN, 1L),
                s -> assertEquals(12_500_000_000L, s.getStartEpochNanos())));
        cs.add(endOnly("a time beyond 2262 is clamped",
                withTimes(span(TRACE, SPAN, PARENT), START, new Datetime(-1L, 0)),
                Map.of(Repair.DATETIME_CLAMPED, 1L, Repair.END_UNKNOWN_SPAN, 1L),
                s -> assertEquals(Long.MAX_VALUE, s.getEndEpochNanos())));
        // ---- AnyValue JSON
        cs.add(attribute("value that is not JSON is kept as a string", "hello", Repair.VALUE_NOT_JSON,
                a -> assertEquals("hello", a.get(AttributeKey.stringKey("k")))));
        cs.add(attribute("JSON with trailing garbage is kept as a string", "1 2", Repair.VALUE_NOT_JSON,
                a -> assertEquals("1 2", a.get(AttributeKey.stringKey("k")))));
        cs.add(attribute("empty value is kept as an empty string", "", Repair.VALUE_NOT_JSON,
                a -> assertEquals("", a.get(AttributeKey.stringKey("k")))));
        cs.add(attribute("broken base64 bytes are kept as the string",
                "\"data:application/octet-stream;base64,@@@\"", Repair.VALUE_BAD_BASE64,
                a -> assertEquals("data:application/octet-stream;base64,@@@", a.get(AttributeKey.stringKey("k")))));
        cs.add(attribute("JSON nested too deep is kept as its text", "[".repeat(70) + "]".repeat(70),
                Repair.VALUE_TOO_DEEP, a -> assertEquals("[".repeat(70) + "]".repeat(70), a.get(AttributeKey.stringKey("k")))));
        cs.add(attribute("integer beyond long becomes a double", "123456789012345678901234567890",
                Repair.VALUE_INTEGER_AS_DOUBLE, a -> assertEquals(1.2345678901234568E29, a.get(AttributeKey.doubleKey("k")))));
        cs.add(endOnly("attribute with an empty key is dropped",
                withAttributes(span(TRACE, SPAN, PARENT), List.of(kv("", "1"), kv("x", "2"))),
                Map.of(Repair.ATTRIBUTE_EMPTY_KEY, 1L, Repair.END_UNKNOWN_SPAN, 1L),
                s -> assertEquals(Attributes.of(AttributeKey.longKey("x"), 2L).asMap(), s.getAttributes().asMap())));
        // ---- logs
        cs.add(log("severity 0 is unspecified, no repair", logRecord(Optional.of(0), Optional.of(TRACE), Optional.of(SPAN), "\"b\""),
                Map.of(), l -> assertEquals(Severity.UNDEFINED_SEVERITY_NUMBER, l.getSeverity())));
        cs.add(log("severity 25 is unspecified, text kept", logRecord(Optional.of(25), Optional.empty(), Optional.empty(), "\"b\""),
                Map.of(Repair.SEVERITY_OUT_OF_RANGE, 1L), l -> {
                    assertEquals(Severity.UNDEFINED_SEVERITY_NUMBER, l.getSeverity());
                    assertEquals("text", l.getSeverityText());
                }));
        cs.add(log("severity 255 is unspecified", logRecord(Optional.of(255), Optional.empty(), Optional.empty(), "\"b\""),
                Map.of(Repair.SEVERITY_OUT_OF_RANGE, 1L), l -> assertEquals(Severity.UNDEFINED_SEVERITY_NUMBER, l.getSeverity())));
        cs.add(log("trace id without span id gives no span context", logRecord(Optional.of(9), Optional.of(TRACE), Optional.empty(), "\"b\""),
                Map.of(Repair.LOG_CONTEXT_INVALID, 1L), l -> assertFalse(l.getSpanContext().isValid())));
        cs.add(log("non-hex span id gives no span context", logRecord(Optional.of(9), Optional.of(TRACE), Optional.of("xyz"), "\"b\""),
                Map.of(Repair.LOG_CONTEXT_INVALID, 1L), l -> assertFalse(l.getSpanContext().isValid())));
        cs.add(log("log body that is not JSON is kept as a string", logRecord(Optional.of(9), Optional.empty(), Optional.empty(), "{oops"),
                Map.of(Repair.VALUE_NOT_JSON, 1L), l -> assertEquals("{oops", l.getBodyValue().getValue())));
        cs.add(log("JSON null body is the empty value", logRecord(Optional.of(9), Optional.empty(), Optional.empty(), "null"),
                Map.of(), l -> assertEquals(io.opentelemetry.api.common.ValueType.EMPTY, l.getBodyValue().getType())));
        // ---- metrics
        cs.add(metric("s64 number in an f64 gauge is converted", new MetricData.F64Gauge(gauge(new MetricNumber.S64(3), List.of())),
                Map.of(Repair.METRIC_NUMBER_CONVERTED, 1L), m -> assertEquals(3.0, m.getDoubleGaugeData().getPoints().iterator().next().getValue())));
        cs.add(metric("f64 number in an s64 sum is rounded", new MetricData.S64Sum(sum(new MetricNumber.F64(1.6))),
                Map.of(Repair.METRIC_NUMBER_CONVERTED, 1L), m -> assertEquals(2L, m.getLongSumData().getPoints().iterator().next().getValue())));
        cs.add(metric("NaN in an s64 sum drops the point", new MetricData.S64Sum(sum(new MetricNumber.F64(Double.NaN))),
                Map.of(Repair.METRIC_POINT_DROPPED, 1L), m -> assertTrue(m.getLongSumData().getPoints().isEmpty())));
        cs.add(metric("NaN in an f64 gauge drops the point", new MetricData.F64Gauge(gauge(new MetricNumber.F64(Double.NaN), List.of())),
                Map.of(Repair.METRIC_POINT_DROPPED, 1L), m -> assertTrue(m.getDoubleGaugeData().getPoints().isEmpty())));
        cs.add(metric("u64 above 2^63-1 makes the metric double, never wrapped",
                new MetricData.U64Sum(sum(new MetricNumber.U64(-1L))), Map.of(Repair.METRIC_U64_AS_DOUBLE, 1L), m -> {
                    assertEquals(MetricDataType.DOUBLE_SUM, m.getType());
                    assertEquals(1.8446744073709552E19, m.getDoubleSumData().getPoints().iterator().next().getValue());
                }));
        cs.add(metric("u64 above 2^63-1 in an s64 gauge drops the point",
                new MetricData.S64Gauge(gauge(new MetricNumber.U64(Long.MIN_VALUE), List.of())),
                Map.of(Repair.METRIC_NUMBER_CONVERTED, 1L, Repair.METRIC_POINT_DROPPED, 1L),
                m -> assertTrue(m.getLongGaugeData().getPoints().isEmpty())));
        cs.add(metric("histogram with wrong bucket count is dropped",
                new MetricData.F64Histogram(histogram(3, new double[] {1, 2}, new long[] {1, 2})),
                Map.of(Repair.METRIC_BUCKETS_MISMATCH, 1L), m -> assertTrue(m.getHistogramData().getPoints().isEmpty())));
        cs.add(metric("histogram count above 2^63-1 is clamped",
                new MetricData.F64Histogram(histogram(-1L, new double[] {1}, new long[] {-1L, 0})),
                Map.of(Repair.METRIC_COUNT_CLAMPED, 2L),
                m -> assertEquals(Long.MAX_VALUE, m.getHistogramData().getPoints().iterator().next().getCount())));
        cs.add(metric("exemplar ids as raw bytes are hex-encoded",
                new MetricData.F64Gauge(gauge(new MetricNumber.F64(1), List.of(exemplar("\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008",
                        "\u00ff".repeat(16))))),
                Map.of(Repair.EXEMPLAR_RAW_BYTE_ID, 2L), m -> {
                    ExemplarData e = firstPoint(m).getExemplars().get(0);
                    assertEquals("0102030405060708", e.getSpanContext().getSpanId());
                    assertEquals("ff".repeat(16), e.getSpanContext().getTraceId());
                }));
        cs.add(metric("exemplar ids empty mean no span, no repair",
                new MetricData.F64Gauge(gauge(new MetricNumber.F64(1), List.of(exemplar("", "")))),
                Map.of(), m -> assertFalse(firstPoint(m).getExemplars().get(0).getSpanContext().isValid())));
        cs.add(metric("exemplar ids neither hex nor raw bytes keep the exemplar without span",
                new MetricData.F64Gauge(gauge(new MetricNumber.F64(1), List.of(exemplar("zz", "zz")))),
                Map.of(Repair.EXEMPLAR_ID_INVALID, 2L), m -> {
                    assertEquals(1, firstPoint(m).getExemplars().size());
                    assertFalse(firstPoint(m).getExemplars().get(0).getSpanContext().isValid());
                }));
        cs.add(metric("exemplar ids in upper-case hex are lower-cased",
                new MetricData.F64Gauge(gauge(new MetricNumber.F64(1), List.of(exemplar(SPAN.toUpperCase(), TRACE.toUpperCase())))),
                Map.of(Repair.ID_CASE_FOLDED, 2L), m -> assertEquals(SPAN, firstPoint(m).getExemplars().get(0).getSpanContext().getSpanId())));
        // ---- wasi:observe
        cs.add(new Case("wasi:observe link with invalid ids is dropped", (h, g) -> {
            int s = ObserveTest.start(g, "s", Optional.of(new StartOptions(false, Optional.empty(), Optional.empty(),
                    Optional.of(List.of(new dev.wasiotel.otel.bindings.observe.wasi.observe.tracer.Link(
                            new dev.wasiotel.otel.bindings.observe.wasi.observe.tracer.SpanContext("", "", EnumSet.noneOf(
                                    dev.wasiotel.otel.bindings.observe.wasi.observe.tracer.TraceFlags.class), false, List.of()),
                            List.of()))), Optional.empty())));
            g.call(ObserveTest.TRACER, "[resource-drop]span", s);
        }, Map.of(Repair.LINK_DROPPED_INVALID_ID, 1L), (h, g) -> assertTrue(h.spans.getFinishedSpanItems().get(0).getLinks().isEmpty())));
        cs.add(new Case("wasi:observe attribute with an empty key is dropped", (h, g) -> {
            int s = ObserveTest.start(g, "s", Optional.empty());
            g.call(ObserveTest.TRACER, "[method]span.set-attributes", ObserveTest.concat(new long[] {s}, ObserveTest.list(g,
                    List.of(new dev.wasiotel.otel.bindings.observe.wasi.observe.tracer.KeyValue("",
                            new dev.wasiotel.otel.bindings.observe.wasi.observe.tracer.Value.S64(1))))));
            g.call(ObserveTest.TRACER, "[method]span.end", s, 0, 0, 0);
        }, Map.of(Repair.ATTRIBUTE_EMPTY_KEY, 1L), (h, g) -> assertTrue(h.spans.getFinishedSpanItems().get(0).getAttributes().isEmpty())));
        return cs.stream();
    }

    // ---------------------------------------------------------------- case builders

    static Case endOnly(String name, SpanData s, Map<Repair, Long> repairs,
            java.util.function.Consumer<io.opentelemetry.sdk.trace.data.SpanData> check) {
        return new Case(name, (h, g) -> Harness.onEnd(g, s), repairs, (h, g) -> {
            assertEquals(1, h.spans.getFinishedSpanItems().size());
            check.accept(h.spans.getFinishedSpanItems().get(0));
        });
    }

    static Case dropped(String name, SpanData s) {
        return new Case(name, (h, g) -> Harness.onEnd(g, s), Map.of(Repair.SPAN_DROPPED_INVALID_ID, 1L),
                (h, g) -> assertEquals(0, h.spans.getFinishedSpanItems().size()));
    }

    static Case attribute(String name, String json, Repair repair, java.util.function.Consumer<Attributes> check) {
        return endOnly(name, withAttributes(span(TRACE, SPAN, PARENT), List.of(kv("k", json))),
                Map.of(repair, 1L, Repair.END_UNKNOWN_SPAN, 1L), s -> check.accept(s.getAttributes()));
    }

    static Case log(String name, LogRecord r, Map<Repair, Long> repairs, java.util.function.Consumer<LogRecordData> check) {
        return new Case(name, (h, g) -> Harness.emit(g, r), repairs, (h, g) -> {
            assertEquals(1, h.logs.getFinishedLogRecordItems().size());
            check.accept(h.logs.getFinishedLogRecordItems().get(0));
        });
    }

    static Case metric(String name, MetricData d, Map<Repair, Long> repairs,
            java.util.function.Consumer<io.opentelemetry.sdk.metrics.data.MetricData> check) {
        ResourceMetrics rm = new ResourceMetrics(new Resource(List.of(), Optional.empty()), List.of(new ScopeMetrics(
                Values.scope(), List.of(new Metric("m", "", "", d)))));
        return new Case(name, (h, g) -> assertEquals(Result.ok(), h.exportAndFlush(g, rm)), repairs, (h, g) -> {
            assertEquals(1, h.metrics.getFinishedMetricItems().size());
            check.accept(h.metrics.getFinishedMetricItems().get(0));
        });
    }

    // ---------------------------------------------------------------- values

    static SpanData span(String trace, String span, String parent) {
        return Values.span(trace, span, parent, "s");
    }

    static SpanData withLinks(SpanData s, List<Link> links) {
        return new SpanData(s.spanContext(), s.parentSpanId(), s.spanKind(), s.name(), s.startTime(), s.endTime(),
                s.attributes(), s.events(), links, s.status(), s.instrumentationScope(), 0, 0, 0);
    }

    static SpanData withContext(SpanData s, SpanContext c) {
        return new SpanData(c, s.parentSpanId(), s.spanKind(), s.name(), s.startTime(), s.endTime(),
                s.attributes(), s.events(), s.links(), s.status(), s.instrumentationScope(), 0, 0, 0);
    }

    static SpanData withTimes(SpanData s, Datetime start, Datetime end) {
        return new SpanData(s.spanContext(), s.parentSpanId(), s.spanKind(), s.name(), start, end,
                s.attributes(), s.events(), s.links(), s.status(), s.instrumentationScope(), 0, 0, 0);
    }

    static SpanData withAttributes(SpanData s, List<KeyValue> attributes) {
        return new SpanData(s.spanContext(), s.parentSpanId(), s.spanKind(), s.name(), s.startTime(), s.endTime(),
                attributes, s.events(), s.links(), s.status(), s.instrumentationScope(), 0, 0, 0);
    }

    static LogRecord logRecord(Optional<Integer> severity, Optional<String> trace, Optional<String> span, String body) {
        return new LogRecord(Optional.of(START), Optional.empty(), Optional.of("text"), severity, Optional.of(body),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), trace, span, Optional.empty());
    }

    static Gauge gauge(MetricNumber v, List<Exemplar> exemplars) {
        return new Gauge(List.of(new GaugeDataPoint(List.of(), v, exemplars)), Optional.empty(), END);
    }

    static Sum sum(MetricNumber v) {
        return new Sum(List.of(new SumDataPoint(List.of(), v, List.of())), START, END, Temporality.DELTA, true);
    }

    static Histogram histogram(long count, double[] bounds, long[] counts) {
        return new Histogram(List.of(new HistogramDataPoint(List.of(), count, bounds, counts, Optional.empty(),
                Optional.empty(), new MetricNumber.F64(1), List.of())), START, END, Temporality.CUMULATIVE);
    }

    static Exemplar exemplar(String spanId, String traceId) {
        return new Exemplar(List.of(), START, new MetricNumber.F64(1), spanId, traceId);
    }

    static PointData firstPoint(io.opentelemetry.sdk.metrics.data.MetricData m) {
        return m.getData().getPoints().iterator().next();
    }

}
