// Conversions from OpenTelemetry JS SDK values to the wasi:otel@0.2.0-rc.2 WIT values,
// in the shapes componentize-js expects: records are objects with camelCase fields,
// variants are {tag, val}, enums are kebab-case strings, flags are objects of booleans,
// u64/s64 are BigInt, options are `undefined` or the value.
// Shared by the JS guests (js-otel-sdk, js-http-otel); see wasi-otel-sdk.js.
import { SpanKind, SpanStatusCode, TraceFlags } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';

const SPAN_KINDS = {
  [SpanKind.INTERNAL]: 'internal',
  [SpanKind.SERVER]: 'server',
  [SpanKind.CLIENT]: 'client',
  [SpanKind.PRODUCER]: 'producer',
  [SpanKind.CONSUMER]: 'consumer',
};

/** SDK HrTime [seconds, nanoseconds] to a wasi:clocks datetime. */
export function toDatetime(hrTime) {
  return { seconds: BigInt(hrTime[0]), nanoseconds: hrTime[1] };
}

/** Milliseconds since the epoch to a wasi:clocks datetime. */
export function millisToDatetime(millis) {
  const seconds = Math.floor(millis / 1000);
  return { seconds: BigInt(seconds), nanoseconds: Math.round((millis - seconds * 1000) * 1e6) };
}

// The WIT `value` type is an OTel AnyValue encoded as JSON; bytes use the data-URI form the WIT
// documents, because JSON cannot tell a byte array from an array of numbers.
function toJsonCompatible(value) {
  if (value === undefined || value === null) {
    return null;
  }
  if (value instanceof Uint8Array) {
    let binary = '';
    for (const byte of value) {
      binary += String.fromCharCode(byte);
    }
    return 'data:application/octet-stream;base64,' + btoa(binary);
  }
  if (Array.isArray(value)) {
    return value.map(toJsonCompatible);
  }
  if (typeof value === 'bigint') {
    return Number(value);
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    // JSON has no NaN or infinities; keep the information as a string rather than lose it.
    return String(value);
  }
  if (typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = toJsonCompatible(v);
    }
    return out;
  }
  return value;
}

/** An AnyValue as the JSON text the wasi:otel `value` type carries. */
export function toValueJson(value) {
  return JSON.stringify(toJsonCompatible(value));
}

/** SDK attributes (an object) to a list of wasi:otel key-value records, in insertion order. */
export function toKeyValues(attributes) {
  if (!attributes) {
    return [];
  }
  const out = [];
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== undefined) {
      out.push({ key, value: toValueJson(value) });
    }
  }
  return out;
}

function parseTraceState(traceState) {
  if (!traceState) {
    return [];
  }
  const serialized = traceState.serialize();
  if (serialized === '') {
    return [];
  }
  return serialized.split(',').map((member) => {
    const eq = member.indexOf('=');
    return [member.slice(0, eq), member.slice(eq + 1)];
  });
}

/** An OTel API SpanContext to a wasi:otel span-context. */
export function toWasiSpanContext(spanContext) {
  return {
    traceId: spanContext.traceId,
    spanId: spanContext.spanId,
    traceFlags: { sampled: (spanContext.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED },
    isRemote: spanContext.isRemote === true,
    traceState: parseTraceState(spanContext.traceState),
  };
}

/** A wasi:otel span-context (e.g. the host's, from current-span-context) to an OTel API SpanContext. */
export function fromWasiSpanContext(wasi) {
  const state = wasi.traceState.map(([k, v]) => `${k}=${v}`).join(',');
  return {
    traceId: wasi.traceId,
    spanId: wasi.spanId,
    traceFlags: wasi.traceFlags.sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
    isRemote: wasi.isRemote,
    traceState: state === '' ? undefined : new TraceState(state),
  };
}

/** An SDK InstrumentationScope to a wasi:otel instrumentation-scope. */
export function toScope(scope) {
  return {
    name: scope.name,
    version: scope.version,
    schemaUrl: scope.schemaUrl,
    attributes: toKeyValues(scope.attributes),
  };
}

/** An SDK Resource to a wasi:otel resource. */
export function toResource(resource) {
  return { attributes: toKeyValues(resource.attributes), schemaUrl: resource.schemaUrl };
}

function toStatus(status) {
  switch (status.code) {
    case SpanStatusCode.OK:
      return { tag: 'ok' };
    case SpanStatusCode.ERROR:
      return { tag: 'error', val: status.message ?? '' };
    default:
      return { tag: 'unset' };
  }
}

/** An SDK ReadableSpan to a wasi:otel span-data. */
export function toSpanData(span) {
  return {
    spanContext: toWasiSpanContext(span.spanContext()),
    parentSpanId: span.parentSpanContext ? span.parentSpanContext.spanId : '',
    spanKind: SPAN_KINDS[span.kind] ?? 'internal',
    name: span.name,
    startTime: toDatetime(span.startTime),
    endTime: toDatetime(span.endTime),
    attributes: toKeyValues(span.attributes),
    events: span.events.map((event) => ({
      name: event.name,
      time: toDatetime(event.time),
      attributes: toKeyValues(event.attributes),
    })),
    links: span.links.map((link) => ({
      spanContext: toWasiSpanContext(link.context),
      attributes: toKeyValues(link.attributes),
    })),
    status: toStatus(span.status),
    instrumentationScope: toScope(span.instrumentationScope),
    droppedAttributes: span.droppedAttributesCount,
    droppedEvents: span.droppedEventsCount,
    droppedLinks: span.droppedLinksCount,
  };
}
