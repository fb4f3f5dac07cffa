// The js-http-otel example guest: StarlingMonkey's fetch event (componentize-js's default build,
// exporting wasi:http/incoming-handler) handled with the OpenTelemetry JS SDK, whose span
// processor, metric exporter and log processor call the wasi:otel imports
// (../../tools/js/wasi-otel-sdk.js, shared with js-otel-sdk).
//
// Per request: a span `handle-request` under the host's span (current-span-context), a child
// `call-downstream` around one outgoing fetch to the URL in the `x-downstream` header or the
// `downstream` query parameter (none: no fetch), a counter and a histogram exported once, and one
// INFO log. The response body is deterministic (method, path, request body size, downstream
// status and body size), so two hosts serving the same requests answer the same bytes.
import { trace, isSpanContextValid, ROOT_CONTEXT, SpanKind, SpanStatusCode, ValueType } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { LoggerProvider } from '@opentelemetry/sdk-logs';
import { currentSpanContext } from 'wasi:otel/tracing@0.2.0-rc.2';
import { fromWasiSpanContext } from '../../tools/js/convert.js';
import {
  FlushingMetricReader,
  WasiOtelLogRecordProcessor,
  WasiOtelMetricExporter,
  WasiOtelSpanProcessor,
} from '../../tools/js/wasi-otel-sdk.js';

const SCOPE = 'wasi-otel-guests/js-http-otel';
const SCOPE_VERSION = '1.0.0';

// Built on the first request, not at module top level: componentize-js runs the top level at
// build time (Wizer pre-initialisation), where no host and no real clock exist. A host gives each
// request a fresh instance, so this normally runs once per request.
let telemetry;

function setUp() {
  const resource = resourceFromAttributes({ 'service.name': 'js-http-otel-guest', 'guest.toolchain': 'componentize-js' });
  const tracerProvider = new BasicTracerProvider({ resource, spanProcessors: [new WasiOtelSpanProcessor()] });
  const meterProvider = new MeterProvider({ resource, readers: [new FlushingMetricReader(new WasiOtelMetricExporter())] });
  const loggerProvider = new LoggerProvider({ resource, processors: [new WasiOtelLogRecordProcessor()] });
  const tracer = tracerProvider.getTracer(SCOPE, SCOPE_VERSION);
  const meter = meterProvider.getMeter(SCOPE, SCOPE_VERSION);
  return {
    tracerProvider,
    meterProvider,
    loggerProvider,
    tracer,
    logger: loggerProvider.getLogger(SCOPE, SCOPE_VERSION),
    requests: meter.createCounter('guest.http.requests', { description: 'Requests handled by the guest', unit: '{request}', valueType: ValueType.INT }),
    downstreamBytes: meter.createHistogram('guest.http.downstream.body.size', {
      description: 'Body size of the downstream response',
      unit: 'By',
      advice: { explicitBucketBoundaries: [0, 64, 1024, 65536] },
    }),
  };
}

// The host's current span (or an all-zero context when it has none) becomes the parent of the
// guest's root span. Spans get their parent context explicitly: the SDK's context managers cannot
// follow an `await`, and this handler awaits the request body and the downstream fetch.
function hostContext() {
  const host = fromWasiSpanContext(currentSpanContext());
  return isSpanContextValid(host) ? trace.setSpanContext(ROOT_CONTEXT, host) : ROOT_CONTEXT;
}

/** The downstream URL: the `x-downstream` header, else the `downstream` query parameter. */
function downstreamOf(request, url) {
  return request.headers.get('x-downstream') ?? url.searchParams.get('downstream');
}

/** One outgoing fetch under span `call-downstream`; returns the line for the response body. */
async function callDownstream(t, parent, target) {
  const span = t.tracer.startSpan('call-downstream', { kind: SpanKind.INTERNAL, attributes: { 'downstream.url': target } }, parent);
  try {
    const response = await fetch(target, { headers: { 'x-from-guest': 'js-http-otel' } });
    const body = new Uint8Array(await response.arrayBuffer());
    span.setAttributes({ 'http.response.status_code': response.status, 'downstream.body.size': body.length });
    t.downstreamBytes.record(body.length, { 'http.response.status_code': response.status });
    return { ok: true, line: `downstream: ${response.status} ${body.length} bytes` };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    span.setStatus({ code: SpanStatusCode.ERROR, message });
    span.addEvent('exception', { 'exception.type': error?.name ?? 'Error', 'exception.message': message });
    return { ok: false, line: `downstream: error ${message}` };
  } finally {
    span.end();
  }
}

async function handle(request) {
  if (!telemetry) {
    telemetry = setUp();
  }
  const t = telemetry;
  const url = new URL(request.url);
  const pathWithQuery = url.pathname + url.search;
  const root = t.tracer.startSpan(
    'handle-request',
    { kind: SpanKind.INTERNAL, attributes: { 'http.request.method': request.method, 'url.path': url.pathname } },
    hostContext(),
  );
  const rootContext = trace.setSpan(ROOT_CONTEXT, root);

  const requestBody = new Uint8Array(await request.arrayBuffer());
  const target = downstreamOf(request, url);
  const downstream = target ? await callDownstream(t, rootContext, target) : { ok: true, line: 'downstream: none' };
  const status = downstream.ok ? 200 : 502;

  const attributes = { 'http.request.method': request.method, 'http.response.status_code': status };
  t.requests.add(1, attributes);
  t.logger.emit({
    severityNumber: downstream.ok ? SeverityNumber.INFO : SeverityNumber.WARN,
    severityText: downstream.ok ? 'INFO' : 'WARN',
    body: `handled ${request.method} ${url.pathname}`,
    attributes: { ...attributes, 'request.body.size': requestBody.length },
    context: rootContext,
  });
  root.setAttribute('http.response.status_code', status);
  if (!downstream.ok) {
    root.setStatus({ code: SpanStatusCode.ERROR, message: downstream.line });
  }
  root.end();

  await t.tracerProvider.forceFlush();
  await t.meterProvider.forceFlush();
  await t.loggerProvider.forceFlush();

  const text = `js-http-otel: ${request.method} ${pathWithQuery}\nrequest body: ${requestBody.length} bytes\n${downstream.line}\n`;
  return new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'x-guest': 'js-http-otel' } });
}

addEventListener('fetch', (event) => event.respondWith(handle(event.request)));
