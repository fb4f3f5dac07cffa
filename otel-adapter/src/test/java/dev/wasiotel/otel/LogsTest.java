package dev.wasiotel.otel;

import static dev.wasiotel.otel.Values.kv;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.otel.bindings.wasi.otel.logs.LogRecord;
import dev.wasiotel.otel.bindings.wasi.otel.tracing.TraceFlags;
import dev.wasiotel.otel.bindings.wasi.otel.types.Resource;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.KeyValue;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** wasi:otel logs through a real guest: every field, and every field absent. */
class LogsTest {

    @Test
    void everyFieldReachesTheExporter() {
        try (Harness h = new Harness()) {
            TestGuest g = h.guest();
            Harness.emit(g, new LogRecord(Optional.of(Values.START), Optional.of(Values.END), Optional.of("WARN"),
                    Optional.of(13), Optional.of("{\"msg\":\"disk low\",\"free\":[1,2.5,\"x\"],\"raw\":\"data:application/octet-stream;base64,/w==\"}"),
                    Optional.of(List.of(kv("disk", "\"sda\""), kv("pct", "97"))), Optional.of("disk.low"),
                    Optional.of(new Resource(List.of(kv("service.name", "\"guest-svc\"")), Optional.empty())),
                    Optional.of(Values.scope()), Optional.of(Values.TRACE), Optional.of(Values.SPAN),
                    Optional.of(EnumSet.of(TraceFlags.SAMPLED))));
            List<LogRecordData> logs = h.logs.getFinishedLogRecordItems();
            assertEquals(1, logs.size());
            LogRecordData l = logs.get(0);
            assertEquals(Values.START_NANOS, l.getTimestampEpochNanos());
            assertEquals(Values.END_NANOS, l.getObservedTimestampEpochNanos());
            assertEquals("WARN", l.getSeverityText());
            assertEquals(Severity.WARN, l.getSeverity());
            assertEquals(13, l.getSeverity().getSeverityNumber());
            Value<?> body = l.getBodyValue();
            @SuppressWarnings("unchecked")
            List<KeyValue> fields = (List<KeyValue>) body.getValue();
            assertEquals("msg", fields.get(0).getKey());
            assertEquals(Value.of("disk low"), fields.get(0).getValue());
            assertEquals(Value.of(Value.of(1L), Value.of(2.5), Value.of("x")), fields.get(1).getValue());
            assertArrayEquals(new byte[] {(byte) 0xff}, AnyValues.bytes(fields.get(2).getValue()));
            assertEquals("sda", l.getAttributes().get(AttributeKey.stringKey("disk")));
            assertEquals(97L, l.getAttributes().get(AttributeKey.longKey("pct")));
            assertEquals(2, l.getTotalAttributeCount());
            assertEquals("disk.low", l.getEventName());
            assertEquals("guest-svc", l.getResource().getAttribute(AttributeKey.stringKey("service.name")));
            assertEquals("h", l.getResource().getAttribute(AttributeKey.stringKey("host.only")));
            assertEquals("guest-lib", l.getInstrumentationScopeInfo().getName());
            assertEquals("1.2.3", l.getInstrumentationScopeInfo().getVersion());
            assertEquals(Values.TRACE, l.getSpanContext().getTraceId());
            assertEquals(Values.SPAN, l.getSpanContext().getSpanId());
            assertTrue(l.getSpanContext().isSampled());
            assertEquals(0, h.diag().total(), h.diag().snapshot().toString());
        }
    }

    @Test
    void aRecordWithNoFieldsIsKeptWithUnsetValues() {
        try (Harness h = new Harness()) {
            TestGuest g = h.guest();
            Harness.emit(g, new LogRecord(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty()));
            LogRecordData l = h.logs.getFinishedLogRecordItems().get(0);
            assertEquals(0, l.getTimestampEpochNanos());
            assertEquals(0, l.getObservedTimestampEpochNanos());
            assertEquals(Severity.UNDEFINED_SEVERITY_NUMBER, l.getSeverity());
            assertNull(l.getSeverityText());
            assertNull(l.getBodyValue());
            assertNull(l.getEventName());
            assertTrue(l.getAttributes().isEmpty());
            assertFalse(l.getSpanContext().isValid());
            assertEquals(h.hostResource, l.getResource());
            assertEquals("", l.getInstrumentationScopeInfo().getName());
            assertEquals(0, h.diag().total());
        }
    }

    @Test
    void everySeverityNumberMapsToTheSdks() {
        for (int n = 0; n <= 24; n++) {
            assertEquals(n, OtelLogs.severity(Optional.of(n), new Diagnostics()).getSeverityNumber());
        }
    }

}
