// Runs js-otel-sdk.wasm under Node (jco transpile + the recording host in ../tools) and checks
// what it sent through wasi:otel. `node verify.mjs --update` rewrites expected-calls.json.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { attrs, callsOf, checkTimes, verifyGuest } from '../tools/verify-lib.mjs';

const SCOPE = { name: 'wasi-otel-guests/js-otel-sdk', version: '1.0.0', attributes: [] };

function checkSpans(t, run, host) {
  const starts = callsOf(run, 'tracing.on-start').map((c) => c.args[0]);
  const ends = callsOf(run, 'tracing.on-end').map((c) => c.args[0]);
  t.equal(callsOf(run, 'tracing.current-span-context').length, 1, 'current-span-context called once');
  t.equal(run.calls[0].fn, 'tracing.current-span-context', 'host context is read before the first span starts');
  t.equal(ends.map((s) => s.name), ['load-config', 'item-0', 'item-1', 'item-2', 'item-3', 'process-items', 'chatty', 'fail', 'guest-run'], 'span end order');
  t.equal(starts.map((s) => s.spanId).sort(), ends.map((s) => s.spanContext.spanId).sort(), 'every started span ended');
  t.equal(new Set(ends.map((s) => s.spanContext.spanId)).size, 9, 'span ids are distinct');
  t.ok(ends.every((s) => /^[0-9a-f]{16}$/.test(s.spanContext.spanId)), 'span ids are 16 lowercase hex digits');
  t.ok(ends.every((s) => s.spanContext.traceId === host.traceId), 'all spans are in the host trace');
  t.ok(ends.every((s) => s.spanContext.traceFlags.sampled), 'all spans sampled');

  const byName = Object.fromEntries(ends.map((s) => [s.name, s]));
  const id = (name) => byName[name].spanContext.spanId;
  const root = byName['guest-run'];
  t.equal(root.parentSpanId, host.spanId, 'root span parent = host span');
  t.equal(root.spanKind, 'server', 'root span kind');
  t.equal(attrs(root.attributes)['guest.name'], '"world"', 'root attribute guest.name');
  t.equal(attrs(root.attributes)['guest.language'], '"javascript"', 'root attribute guest.language');
  const clock = Number(attrs(root.attributes)['guest.clock.epoch_ms']);
  t.ok(clock >= run.startedAt - 1000 && clock <= run.finishedAt, `guest read the real clock (${clock})`);
  t.equal(root.events.map((e) => [e.name, attrs(e.attributes)]), [['started', { 'input.length': '5' }]], 'root event');
  t.equal(root.instrumentationScope, SCOPE, 'instrumentation scope');

  for (const name of ['load-config', 'process-items', 'chatty', 'fail']) {
    t.equal(byName[name].parentSpanId, id('guest-run'), `${name} is a child of guest-run`);
  }
  for (let i = 0; i < 4; i++) {
    t.equal(byName[`item-${i}`].parentSpanId, id('process-items'), `item-${i} is a child of process-items`);
    t.equal(attrs(byName[`item-${i}`].attributes), { 'item.index': String(i) }, `item-${i} attributes`);
  }
  t.equal(
    attrs(byName['load-config'].attributes),
    {
      'config.source': '"embedded"',
      'config.entries': '3',
      'config.ratio': '0.75',
      'config.enabled': 'true',
      'config.tags': '["alpha","beta"]',
      'config.limits': '[10,20,30]',
    },
    'load-config attributes (JSON values)',
  );
  t.equal(byName['load-config'].spanKind, 'client', 'load-config kind');
  t.equal(byName['load-config'].status, { tag: 'ok' }, 'load-config status ok');
  const link = byName['process-items'].links[0];
  t.equal(byName['process-items'].links.length, 1, 'process-items has one link');
  t.equal(link.spanContext.spanId, id('load-config'), 'link points at load-config');
  t.equal(attrs(link.attributes), { 'link.reason': '"config"' }, 'link attributes');
  t.equal(byName.chatty.events.length, 8, 'chatty keeps 8 events');
  t.equal(byName.chatty.droppedEvents, 2, 'chatty dropped 2 events');
  t.equal(byName.chatty.events[0].name, 'tick-2', 'the oldest events are dropped');
  t.equal(byName.fail.status, { tag: 'error', val: 'simulated failure' }, 'fail has error status');
  t.equal(byName.fail.spanKind, 'producer', 'fail kind');
  t.equal(byName.fail.events[0].name, 'exception', 'fail has an exception event');
  for (const span of ends) {
    const start = Number(span.startTime.seconds) * 1e9 + span.startTime.nanoseconds;
    const end = Number(span.endTime.seconds) * 1e9 + span.endTime.nanoseconds;
    t.ok(end >= start, `${span.name} ends after it starts`);
  }
  // Real wall-clock times (not frozen at build time by the pre-initialised engine).
  checkTimes(t, ends, run.startedAt - 1000, run.finishedAt + 1000, 'span times');
  return id;
}

function checkMetrics(t, run) {
  const exports = callsOf(run, 'metrics.export');
  t.equal(exports.length, 1, 'one metrics export per flush');
  const rm = exports[0].args[0];
  t.equal(attrs(rm.resource.attributes), { 'service.name': '"js-otel-sdk-guest"', 'guest.toolchain': '"componentize-js"' }, 'metrics resource');
  t.equal(rm.scopeMetrics.length, 1, 'one scope');
  t.equal(rm.scopeMetrics[0].scope, SCOPE, 'metrics scope');
  const metrics = Object.fromEntries(rm.scopeMetrics[0].metrics.map((m) => [m.name, m]));
  t.equal(Object.keys(metrics).sort(), ['guest.item.duration', 'guest.payload.size', 'guest.queue.length', 'guest.ratio.total', 'guest.requests', 'guest.temperature'], 'metric names');

  const requests = metrics['guest.requests'];
  t.equal(requests.data.tag, 's64-sum', 'counter of INT is an s64 sum');
  t.equal(requests.data.val.isMonotonic, true, 'counter is monotonic');
  t.equal(requests.data.val.temporality, 'cumulative', 'counter temporality');
  t.equal(requests.data.val.dataPoints.map((p) => [attrs(p.attributes), p.value, p.exemplars]), [[{ 'guest.entry': '"run"' }, { tag: 's64', val: 1 }, []]], 'counter points');
  t.equal(requests.unit, '{call}', 'counter unit');
  t.equal(requests.description, 'Calls of run', 'counter description');

  const queue = metrics['guest.queue.length'];
  t.equal([queue.data.tag, queue.data.val.isMonotonic, queue.data.val.dataPoints[0].value], ['s64-sum', false, { tag: 's64', val: 3 }], 'up-down counter');
  const ratio = metrics['guest.ratio.total'];
  t.equal([ratio.data.tag, ratio.data.val.dataPoints[0].value], ['f64-sum', { tag: 'f64', val: 0.75 }], 'double counter');
  const gauge = metrics['guest.temperature'];
  t.equal(gauge.data.tag, 'f64-gauge', 'gauge variant');
  t.equal(gauge.data.val.dataPoints.map((p) => [attrs(p.attributes), p.value]), [[{ 'sensor.room': '"lab"' }, { tag: 'f64', val: 21.5 }]], 'gauge point');

  const histogram = metrics['guest.item.duration'];
  t.equal(histogram.data.tag, 'f64-histogram', 'histogram variant');
  t.equal(histogram.data.val.temporality, 'cumulative', 'histogram temporality');
  const points = Object.fromEntries(histogram.data.val.dataPoints.map((p) => [attrs(p.attributes)['item.kind'], p]));
  t.equal(
    [points['"even"'].count, points['"even"'].bounds, points['"even"'].bucketCounts, points['"even"'].min, points['"even"'].max, points['"even"'].sum],
    [2, [1, 5, 10, 50], [1, 0, 1, 0, 0], { tag: 'f64', val: 0.5 }, { tag: 'f64', val: 7 }, { tag: 'f64', val: 7.5 }],
    'histogram even point',
  );
  t.equal(
    [points['"odd"'].count, points['"odd"'].bucketCounts, points['"odd"'].sum],
    [2, [0, 1, 0, 1, 0], { tag: 'f64', val: 45 }],
    'histogram odd point',
  );

  const exp = metrics['guest.payload.size'];
  t.equal(exp.data.tag, 'f64-exponential-histogram', 'exponential histogram variant');
  const e = exp.data.val.dataPoints[0];
  t.equal([e.count, e.sum, e.min, e.max, e.zeroCount, e.zeroThreshold], [5, { tag: 'f64', val: 1039 }, { tag: 'f64', val: 1 }, { tag: 'f64', val: 1024 }, 0, 0], 'exponential histogram summary');
  t.equal(e.positiveBucket.counts.reduce((a, b) => a + b, 0), 5, 'positive buckets hold all 5 values');
  t.equal(e.negativeBucket.counts, [], 'no negative buckets');
  // With scale s, value v falls in bucket ceil(log2(v) * 2^s) - 1; check the buckets of 1 and 1024.
  const base = 2 ** (2 ** -e.scale);
  const bucketOf = (v) => Math.ceil(Math.log(v) / Math.log(base)) - 1;
  t.equal(e.positiveBucket.offset, bucketOf(1), 'first bucket holds 1');
  t.equal(e.positiveBucket.offset + e.positiveBucket.counts.length - 1, bucketOf(1024), 'last bucket holds 1024');
  checkTimes(t, rm, run.startedAt - 1000, run.finishedAt + 1000, 'metric times');
}

function checkLogs(t, run, host, id) {
  const logs = callsOf(run, 'logs.on-emit').map((c) => c.args[0]);
  t.equal(logs.length, 2, 'two log records');
  const [info, error] = logs;
  t.equal([info.severityNumber, info.severityText, info.body], [9, 'INFO', '"configuration loaded"'], 'info log');
  t.equal(attrs(info.attributes), { 'config.entries': '3' }, 'info log attributes');
  t.equal([info.traceId, info.spanId, info.traceFlags], [host.traceId, id('load-config'), { sampled: true }], 'info log is in load-config');
  t.equal([error.severityNumber, error.severityText, error.eventName], [17, 'ERROR', 'guest.failure'], 'error log');
  t.equal(JSON.parse(error.body), { message: 'simulated failure', code: 42, retryable: false }, 'error log body is a JSON map');
  t.equal(attrs(error.attributes), { 'error.type': '"simulated"', 'error.bytes': '"data:application/octet-stream;base64,AQL/"' }, 'error log attributes (bytes as data URI)');
  t.equal(error.spanId, id('fail'), 'error log is in fail');
  t.equal(info.instrumentationScope, SCOPE, 'log scope');
  t.equal(attrs(info.resource.attributes)['service.name'], '"js-otel-sdk-guest"', 'log resource');
  checkTimes(t, logs, run.startedAt - 1000, run.finishedAt + 1000, 'log times');
}

await verifyGuest({
  guestDir: path.dirname(fileURLToPath(import.meta.url)),
  wasm: 'js-otel-sdk.wasm',
  exportName: 'run',
  calls: [['world']],
  volatileKeys: ['guest.clock.epoch_ms'],
  check(t, run, host) {
    t.equal(run.results, [`hello world from js-otel-sdk (trace ${host.traceId})`], 'run result');
    t.ok(/^js-otel-sdk guest: hello world \(trace [0-9a-f]{32}, clock 20\d\d-/m.test(run.stdout), `stdout line: ${run.stdout}`);
    const id = checkSpans(t, run, host);
    checkMetrics(t, run);
    checkLogs(t, run, host, id);
  },
});
