// The three pieces that connect the OpenTelemetry JS SDK to the wasi:otel imports:
// a SpanProcessor, a PushMetricExporter (with a MetricReader that exports on flush) and a
// LogRecordProcessor. Each call goes to the host synchronously, so nothing is buffered here.
// Shared by the JS guests (js-otel-sdk, js-http-otel): each bundles it with esbuild, resolving the
// @opentelemetry packages from its own node_modules through NODE_PATH (see their build.sh).
import { ValueType } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { AggregationTemporality, DataPointType, MetricReader } from '@opentelemetry/sdk-metrics';
import { onStart, onEnd } from 'wasi:otel/tracing@0.2.0-rc.2';
import { export as exportMetrics } from 'wasi:otel/metrics@0.2.0-rc.2';
import { onEmit } from 'wasi:otel/logs@0.2.0-rc.2';
import {
  toDatetime,
  toKeyValues,
  toResource,
  toScope,
  toSpanData,
  toValueJson,
  toWasiSpanContext,
} from './convert.js';

/** Reports every span start and end to the host. */
export class WasiOtelSpanProcessor {
  onStart(span) {
    onStart(toWasiSpanContext(span.spanContext()));
  }

  onEnd(span) {
    onEnd(toSpanData(span));
  }

  forceFlush() {
    return Promise.resolve();
  }

  shutdown() {
    return Promise.resolve();
  }
}

function toTemporality(temporality) {
  return temporality === AggregationTemporality.DELTA ? 'delta' : 'cumulative';
}

// The SDK does not tell u64 from s64; an INT instrument is reported as s64, a DOUBLE one as f64.
function numberKind(descriptor) {
  return descriptor.valueType === ValueType.INT ? 's64' : 'f64';
}

function toMetricNumber(kind, value) {
  return kind === 's64' ? { tag: 's64', val: BigInt(Math.trunc(value)) } : { tag: 'f64', val: value };
}

function optionalNumber(kind, value) {
  return value === undefined ? undefined : toMetricNumber(kind, value);
}

// The SDK keeps times per data point; the WIT keeps them per metric. The SDK gives all points of
// one collection the same times, so the first point's times stand for the metric.
function metricTimes(dataPoints) {
  if (dataPoints.length === 0) {
    const now = toDatetime([Math.floor(Date.now() / 1000), 0]);
    return { startTime: now, time: now };
  }
  return { startTime: toDatetime(dataPoints[0].startTime), time: toDatetime(dataPoints[0].endTime) };
}

// The JS SDK does not expose exemplars on its data points, so every `exemplars` list is empty.
function toMetricData(metric) {
  const kind = numberKind(metric.descriptor);
  const times = metricTimes(metric.dataPoints);
  const temporality = toTemporality(metric.aggregationTemporality);
  switch (metric.dataPointType) {
    case DataPointType.SUM:
      return {
        tag: `${kind}-sum`,
        val: {
          dataPoints: metric.dataPoints.map((p) => ({
            attributes: toKeyValues(p.attributes),
            value: toMetricNumber(kind, p.value),
            exemplars: [],
          })),
          startTime: times.startTime,
          time: times.time,
          temporality,
          isMonotonic: metric.isMonotonic,
        },
      };
    case DataPointType.GAUGE:
      return {
        tag: `${kind}-gauge`,
        val: {
          dataPoints: metric.dataPoints.map((p) => ({
            attributes: toKeyValues(p.attributes),
            value: toMetricNumber(kind, p.value),
            exemplars: [],
          })),
          startTime: times.startTime,
          time: times.time,
        },
      };
    case DataPointType.HISTOGRAM:
      return {
        tag: `${kind}-histogram`,
        val: {
          dataPoints: metric.dataPoints.map((p) => ({
            attributes: toKeyValues(p.attributes),
            count: BigInt(p.value.count),
            bounds: p.value.buckets.boundaries,
            bucketCounts: p.value.buckets.counts.map(BigInt),
            min: optionalNumber(kind, p.value.min),
            max: optionalNumber(kind, p.value.max),
            sum: toMetricNumber(kind, p.value.sum ?? 0),
            exemplars: [],
          })),
          startTime: times.startTime,
          time: times.time,
          temporality,
        },
      };
    case DataPointType.EXPONENTIAL_HISTOGRAM:
      return {
        tag: `${kind}-exponential-histogram`,
        val: {
          dataPoints: metric.dataPoints.map((p) => ({
            attributes: toKeyValues(p.attributes),
            count: BigInt(p.value.count),
            min: optionalNumber(kind, p.value.min),
            max: optionalNumber(kind, p.value.max),
            sum: toMetricNumber(kind, p.value.sum ?? 0),
            scale: p.value.scale,
            zeroCount: BigInt(p.value.zeroCount),
            positiveBucket: { offset: p.value.positive.offset, counts: p.value.positive.bucketCounts.map(BigInt) },
            negativeBucket: { offset: p.value.negative.offset, counts: p.value.negative.bucketCounts.map(BigInt) },
            // The JS SDK counts only exact zeros in zeroCount: its zero threshold is 0.
            zeroThreshold: 0,
            exemplars: [],
          })),
          startTime: times.startTime,
          time: times.time,
          temporality,
        },
      };
    default:
      throw new Error(`unknown data point type ${metric.dataPointType}`);
  }
}

/** A PushMetricExporter that hands each collection to wasi:otel/metrics.export. */
export class WasiOtelMetricExporter {
  export(resourceMetrics, resultCallback) {
    try {
      exportMetrics({
        resource: toResource(resourceMetrics.resource),
        scopeMetrics: resourceMetrics.scopeMetrics.map((scopeMetrics) => ({
          scope: toScope(scopeMetrics.scope),
          metrics: scopeMetrics.metrics.map((metric) => ({
            name: metric.descriptor.name,
            description: metric.descriptor.description,
            unit: metric.descriptor.unit,
            data: toMetricData(metric),
          })),
        })),
      });
      resultCallback({ code: ExportResultCode.SUCCESS });
    } catch (error) {
      // componentize-js throws the `err` case of the import's result.
      resultCallback({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) });
    }
  }

  selectAggregationTemporality() {
    return AggregationTemporality.CUMULATIVE;
  }

  forceFlush() {
    return Promise.resolve();
  }

  shutdown() {
    return Promise.resolve();
  }
}

/**
 * A MetricReader that collects and pushes only when flushed. The SDK's periodic reader needs a
 * timer running between calls, which a component instance does not have.
 */
export class FlushingMetricReader extends MetricReader {
  constructor(exporter) {
    super({ aggregationTemporalitySelector: (type) => exporter.selectAggregationTemporality(type) });
    this._exporter = exporter;
  }

  async onForceFlush() {
    const { resourceMetrics, errors } = await this.collect();
    if (errors.length > 0) {
      throw errors[0];
    }
    await new Promise((resolve, reject) => {
      this._exporter.export(resourceMetrics, (result) =>
        result.code === ExportResultCode.SUCCESS ? resolve() : reject(result.error),
      );
    });
  }

  async onShutdown() {
    await this._exporter.shutdown();
  }
}

/** Reports every emitted log record to the host. */
export class WasiOtelLogRecordProcessor {
  onEmit(record) {
    const spanContext = record.spanContext;
    onEmit({
      timestamp: toDatetime(record.hrTime),
      observedTimestamp: toDatetime(record.hrTimeObserved),
      severityText: record.severityText,
      severityNumber: record.severityNumber,
      body: record.body === undefined ? undefined : toValueJson(record.body),
      attributes: toKeyValues(record.attributes),
      eventName: record.eventName,
      resource: toResource(record.resource),
      instrumentationScope: toScope(record.instrumentationScope),
      traceId: spanContext ? spanContext.traceId : undefined,
      spanId: spanContext ? spanContext.spanId : undefined,
      traceFlags: spanContext ? toWasiSpanContext(spanContext).traceFlags : undefined,
    });
  }

  forceFlush() {
    return Promise.resolve();
  }

  shutdown() {
    return Promise.resolve();
  }
}
