package dev.wasiotel.otel;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.common.InstrumentationLibraryInfo;
import io.opentelemetry.sdk.common.InstrumentationScopeInfo;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.List;

/**
 * A finished guest span as the SDK sees it: both the {@link SpanData} exporters read and the ended
 * {@link ReadableSpan} span processors receive in {@code onEnd}. It carries the guest's own ids and
 * the guest's counts of dropped attributes, events and links.
 *
 * @param spanContext the guest's trace and span id, flags and trace state
 * @param parentSpanContext the parent (invalid for a root span)
 * @param resource the host's resource (span-data carries none)
 * @param scope the guest's instrumentation scope
 * @param name the span name
 * @param kind the span kind
 * @param startEpochNanos start time
 * @param endEpochNanos end time, not before the start
 * @param attributes the attributes
 * @param events the events
 * @param links the links (with valid span contexts)
 * @param status the status
 * @param droppedAttributes attributes the guest dropped
 * @param droppedEvents events the guest dropped
 * @param droppedLinks links the guest dropped, plus links dropped here for invalid ids
 */
record GuestSpan(
        SpanContext spanContext,
        SpanContext parentSpanContext,
        Resource resource,
        InstrumentationScopeInfo scope,
        String name,
        SpanKind kind,
        long startEpochNanos,
        long endEpochNanos,
        Attributes attributes,
        List<EventData> events,
        List<LinkData> links,
        StatusData status,
        int droppedAttributes,
        int droppedEvents,
        int droppedLinks) implements SpanData, ReadableSpan {

    GuestSpan {
        events = List.copyOf(events);
        links = List.copyOf(links);
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public SpanKind getKind() {
        return kind;
    }

    @Override
    public SpanContext getSpanContext() {
        return spanContext;
    }

    @Override
    public SpanContext getParentSpanContext() {
        return parentSpanContext;
    }

    @Override
    public StatusData getStatus() {
        return status;
    }

    @Override
    public long getStartEpochNanos() {
        return startEpochNanos;
    }

    @Override
    public Attributes getAttributes() {
        return attributes;
    }

    @Override
    public List<EventData> getEvents() {
        return events;
    }

    @Override
    public List<LinkData> getLinks() {
        return links;
    }

    @Override
    public long getEndEpochNanos() {
        return endEpochNanos;
    }

    @Override
    public boolean hasEnded() {
        return true;
    }

    @Override
    public int getTotalRecordedEvents() {
        return saturatedSum(events.size(), droppedEvents);
    }

    @Override
    public int getTotalRecordedLinks() {
        return saturatedSum(links.size(), droppedLinks);
    }

    @Override
    public int getTotalAttributeCount() {
        return saturatedSum(attributes.size(), droppedAttributes);
    }

    @Override
    @Deprecated
    public InstrumentationLibraryInfo getInstrumentationLibraryInfo() {
        return InstrumentationLibraryInfo.create(scope.getName(), scope.getVersion(), scope.getSchemaUrl());
    }

    @Override
    public InstrumentationScopeInfo getInstrumentationScopeInfo() {
        return scope;
    }

    @Override
    public Resource getResource() {
        return resource;
    }

    @Override
    public SpanData toSpanData() {
        return this;
    }

    @Override
    public long getLatencyNanos() {
        return endEpochNanos - startEpochNanos;
    }

    @Override
    public <T> T getAttribute(AttributeKey<T> key) {
        return attributes.get(key);
    }

    private static int saturatedSum(int a, int b) {
        long s = (long) a + b;
        return s > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) s;
    }
}
