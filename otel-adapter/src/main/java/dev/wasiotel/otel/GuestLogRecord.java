package dev.wasiotel.otel;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.common.ValueType;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.logs.ReadWriteLogRecord;
import io.opentelemetry.sdk.logs.data.Body;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.resources.Resource;

/**
 * A guest log record handed to the SDK's log record processors: readable as {@link LogRecordData}
 * and, as processors may enrich a record before exporting it, writable through {@link
 * #setAttribute}. Fields the guest left out are the SDK's "unset" values (time 0, empty context,
 * {@link Severity#UNDEFINED_SEVERITY_NUMBER}, null text, event name and body).
 */
final class GuestLogRecord implements ReadWriteLogRecord, LogRecordData {
    private final Resource resource;
    private final InstrumentationScopeInfo scope;
    private final long timestamp;
    private final long observedTimestamp;
    private final SpanContext spanContext;
    private final Severity severity;
    private final String severityText;
    private final Value<?> body;
    private final String eventName;
    private Attributes attributes;
    private int totalAttributeCount;

    GuestLogRecord(Resource resource, InstrumentationScopeInfo scope, long timestamp, long observedTimestamp,
            SpanContext spanContext, Severity severity, String severityText, Value<?> body, String eventName,
            Attributes attributes, int totalAttributeCount) {
        this.resource = resource;
        this.scope = scope;
        this.timestamp = timestamp;
        this.observedTimestamp = observedTimestamp;
        this.spanContext = spanContext;
        this.severity = severity;
        this.severityText = severityText;
        this.body = body;
        this.eventName = eventName;
        this.attributes = attributes;
        this.totalAttributeCount = Math.max(totalAttributeCount, attributes.size());
    }

    @Override
    public synchronized <T> ReadWriteLogRecord setAttribute(AttributeKey<T> key, T value) {
        if (key != null && !key.getKey().isEmpty() && value != null) {
            attributes = attributes.toBuilder().put(key, value).build();
            totalAttributeCount++;
        }
        return this;
    }

    @Override
    public LogRecordData toLogRecordData() {
        return this;
    }

    @Override
    public Resource getResource() {
        return resource;
    }

    @Override
    public InstrumentationScopeInfo getInstrumentationScopeInfo() {
        return scope;
    }

    @Override
    public long getTimestampEpochNanos() {
        return timestamp;
    }

    @Override
    public long getObservedTimestampEpochNanos() {
        return observedTimestamp;
    }

    @Override
    public SpanContext getSpanContext() {
        return spanContext;
    }

    @Override
    public Severity getSeverity() {
        return severity;
    }

    @Override
    public String getSeverityText() {
        return severityText;
    }

    @Override
    @Deprecated
    public Body getBody() {
        if (body == null) {
            return Body.empty();
        }
        return body.getType() == ValueType.STRING ? Body.string((String) body.getValue()) : Body.string(body.asString());
    }

    @Override
    public Value<?> getBodyValue() {
        return body;
    }

    @Override
    public synchronized Attributes getAttributes() {
        return attributes;
    }

    @Override
    public <T> T getAttribute(AttributeKey<T> key) {
        return getAttributes().get(key);
    }

    @Override
    public synchronized int getTotalAttributeCount() {
        return totalAttributeCount;
    }

    @Override
    public String getEventName() {
        return eventName;
    }
}
