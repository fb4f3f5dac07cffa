/**
 * Automatic call instrumentation, engine side: {@link dev.wasiotel.wit.runtime.calls.CallTracer}
 * is what a host asks about every call site it links (a guest export, a host import, a call from
 * one component instance into another); {@link dev.wasiotel.wit.runtime.calls.TracedCalls} wraps
 * host functions for the sites it traces. Nothing here is installed unless a host is given a
 * tracer: without one, no wrapper exists. The OpenTelemetry implementation is in the adapter
 * ({@code dev.wasiotel.otel.CallSpans}), which owns each instance's stack of open spans.
 */
package dev.wasiotel.wit.runtime.calls;
