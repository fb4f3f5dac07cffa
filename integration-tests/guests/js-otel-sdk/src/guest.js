// The js-otel-sdk example guest: an ordinary OpenTelemetry JS SDK setup whose span processor,
// metric exporter and log processor call the wasi:otel imports (see ../../tools/js/wasi-otel-sdk.js).
import { context, trace, isSpanContextValid, ROOT_CONTEXT, SpanKind, SpanStatusCode, ValueType } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { StackContextManager } from '@opentelemetry/sdk-trace';
import { AggregationType, MeterProvider } from '@opentelemetry/sdk-metrics';
import { LoggerProvider } from '@opentelemetry/sdk-logs';
import { currentSpanContext } from 'wasi:otel/tracing@0.2.0-rc.2';
import { fromWasiSpanContext } from '../../tools/js/convert.js';
import {
  FlushingMetricReader,
  WasiOtelLogRecordProcessor,
  WasiOtelMetricExporter,
  WasiOtelSpanProcessor,
} from '../../tools/js/wasi-otel-sdk.js';

const SCOPE = 'wasi-otel-guests/js-otel-sdk';
const SCOPE_VERSION = '1.0.0';

// Built on the first call, not at module top level: componentize-js runs the top level at build
// time (Wizer pre-initialisation), where no host and no real clock exist.
let telemetry;

function setUp() {
  const resource = resourceFromAttributes({ 'service.name': 'js-otel-sdk-guest', 'guest.toolchain': 'componentize-js' });
  const tracerProvider = new BasicTracerProvider({
    resource,
    // A small event limit so the guest also reports a non-zero dropped-events count.
    spanLimits: { eventCountLimit: 8 },
    spanProcessors: [new WasiOtelSpanProcessor()],
  });
  const meterProvider = new MeterProvider({
    resource,
    views: [{ instrumentName: 'guest.payload.size', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } }],
    readers: [new FlushingMetricReader(new WasiOtelMetricExporter())],
  });
  const loggerProvider = new LoggerProvider({ resource, processors: [new WasiOtelLogRecordProcessor()] });
  const contextManager = new StackContextManager().enable();
  context.setGlobalContextManager(contextManager);
  return { tracerProvider, meterProvider, loggerProvider };
}

// The host's current span (or an all-zero context when it has none) becomes the parent of the
// guest's root span, so guest spans nest under the host's span in one trace.
function hostContext() {
  const host = fromWasiSpanContext(currentSpanContext());
  return isSpanContextValid(host) ? trace.setSpanContext(ROOT_CONTEXT, host) : ROOT_CONTEXT;
}

function work(tracer, meter, logger, name, startedAtMillis) {
  const requests = meter.createCounter('guest.requests', { description: 'Calls of run', unit: '{call}', valueType: ValueType.INT });
  const latency = meter.createHistogram('guest.item.duration', {
    description: 'Simulated item duration',
    unit: 'ms',
    advice: { explicitBucketBoundaries: [1, 5, 10, 50] },
  });
  const payload = meter.createHistogram('guest.payload.size', { description: 'Payload sizes', unit: 'By' });
  const temperature = meter.createGauge('guest.temperature', { description: 'A gauge', unit: 'Cel' });
  const queue = meter.createUpDownCounter('guest.queue.length', { description: 'Queue length', valueType: ValueType.INT });
  const ratio = meter.createCounter('guest.ratio.total', { description: 'A double counter' });

  return tracer.startActiveSpan(
    'guest-run',
    {
      kind: SpanKind.SERVER,
      attributes: { 'guest.name': name, 'guest.language': 'javascript', 'guest.clock.epoch_ms': startedAtMillis },
    },
    (root) => {
      root.addEvent('started', { 'input.length': name.length });
      // A fixed attribute: the caller's name would make one time series per distinct name.
      requests.add(1, { 'guest.entry': 'run' });

      let configContext;
      tracer.startActiveSpan('load-config', { kind: SpanKind.CLIENT }, (span) => {
        span.setAttributes({
          'config.source': 'embedded',
          'config.entries': 3,
          'config.ratio': 0.75,
          'config.enabled': true,
          'config.tags': ['alpha', 'beta'],
          'config.limits': [10, 20, 30],
        });
        logger.emit({
          severityNumber: SeverityNumber.INFO,
          severityText: 'INFO',
          body: 'configuration loaded',
          attributes: { 'config.entries': 3 },
        });
        span.setStatus({ code: SpanStatusCode.OK });
        configContext = span.spanContext();
        span.end();
      });

      tracer.startActiveSpan('process-items', { links: [{ context: configContext, attributes: { 'link.reason': 'config' } }] }, (span) => {
        const durations = [0.5, 3, 7, 42];
        durations.forEach((duration, index) => {
          tracer.startActiveSpan(`item-${index}`, { kind: SpanKind.INTERNAL, attributes: { 'item.index': index } }, (item) => {
            item.addEvent('item.processed', { 'item.duration_ms': duration });
            latency.record(duration, { 'item.kind': index % 2 === 0 ? 'even' : 'odd' });
            item.end();
          });
        });
        [1, 2, 4, 8, 1024].forEach((size) => payload.record(size));
        queue.add(5);
        queue.add(-2);
        ratio.add(0.25);
        ratio.add(0.5);
        temperature.record(21.5, { 'sensor.room': 'lab' });
        span.setAttribute('items.count', durations.length);
        span.end();
      });

      tracer.startActiveSpan('chatty', (span) => {
        // Ten events against a limit of eight: the span reports two dropped events.
        for (let i = 0; i < 10; i++) {
          span.addEvent(`tick-${i}`, { 'tick.index': i });
        }
        span.end();
      });

      tracer.startActiveSpan('fail', { kind: SpanKind.PRODUCER }, (span) => {
        span.addEvent('exception', { 'exception.type': 'Error', 'exception.message': 'simulated failure' });
        span.setStatus({ code: SpanStatusCode.ERROR, message: 'simulated failure' });
        logger.emit({
          severityNumber: SeverityNumber.ERROR,
          severityText: 'ERROR',
          eventName: 'guest.failure',
          body: { message: 'simulated failure', code: 42, retryable: false },
          attributes: { 'error.type': 'simulated', 'error.bytes': new Uint8Array([1, 2, 255]) },
        });
        span.end();
      });

      const traceId = root.spanContext().traceId;
      root.end();
      return traceId;
    },
  );
}

/** The exported `run` function of the world. */
export async function run(name) {
  if (!telemetry) {
    telemetry = setUp();
  }
  const { tracerProvider, meterProvider, loggerProvider } = telemetry;
  const tracer = tracerProvider.getTracer(SCOPE, SCOPE_VERSION);
  const meter = meterProvider.getMeter(SCOPE, SCOPE_VERSION);
  const logger = loggerProvider.getLogger(SCOPE, SCOPE_VERSION);

  const startedAtMillis = Date.now();
  const traceId = context.with(hostContext(), () => work(tracer, meter, logger, name, startedAtMillis));
  console.log(`js-otel-sdk guest: hello ${name} (trace ${traceId}, clock ${new Date(startedAtMillis).toISOString()})`);

  await tracerProvider.forceFlush();
  await meterProvider.forceFlush();
  await loggerProvider.forceFlush();
  return `hello ${name} from js-otel-sdk (trace ${traceId})`;
}
