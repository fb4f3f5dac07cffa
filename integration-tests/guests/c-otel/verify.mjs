// Runs c-otel.wasm and c-otel-rc2-tag.wasm under Node (jco transpile + the recording host in
// ../tools), two calls each, and checks what they sent through wasi:otel. The rc2-tag build reads
// the host context through outer-span-context. `node verify.mjs --update` rewrites the
// expected-calls files.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { attrs, callsOf, checkTimes, verifyGuest } from '../tools/verify-lib.mjs';

const SCOPE = { name: 'wasi-otel-guests/c-otel', version: '1.0.0', attributes: [{ key: 'scope.kind', value: '"manual"' }] };
const RESOURCE = {
  attributes: [{ key: 'service.name', value: '"c-otel-guest"' }, { key: 'guest.toolchain', value: '"clang"' }],
  schemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
};
const NAMES = ['world', 'Zoë "q" \\ \u0001'];

/** The calls of one invocation: each starts by reading the host context (`contextFn`). */
function invocations(run, contextFn) {
  const out = [];
  for (const call of run.calls) {
    if (call.fn === contextFn) {
      out.push({ calls: [] });
    }
    out[out.length - 1].calls.push(call);
  }
  return out;
}

function checkInvocation(t, inv, host, name, n) {
  const ends = callsOf(inv, 'tracing.on-end').map((c) => c.args[0]);
  const starts = callsOf(inv, 'tracing.on-start').map((c) => c.args[0]);
  t.equal(ends.map((s) => s.name), ['c-step', 'c-fail', 'c-run'], `#${n} span end order`);
  t.equal(starts.map((s) => s.spanId), [ends[2], ends[0], ends[1]].map((s) => s.spanContext.spanId), `#${n} on-start ids match on-end ids`);
  const [step, fail, root] = ends;
  t.ok(ends.every((s) => /^[0-9a-f]{16}$/.test(s.spanContext.spanId)), `#${n} span ids are 16 hex digits`);
  t.ok(ends.every((s) => s.spanContext.traceId === host.traceId), `#${n} spans are in the host trace`);
  t.equal(root.parentSpanId, host.spanId, `#${n} root parent = host span`);
  t.equal([step.parentSpanId, fail.parentSpanId], [root.spanContext.spanId, root.spanContext.spanId], `#${n} children of c-run`);
  t.equal(attrs(root.attributes)['guest.name'], JSON.stringify(name), `#${n} guest.name is the JSON string of the argument`);
  const clock = Number(attrs(root.attributes)['guest.clock.epoch_s']);
  t.ok(Math.abs(clock * 1000 - Date.now()) < 600_000, `#${n} guest read the real clock (${clock})`);
  t.equal([root.spanKind, root.droppedAttributes, root.droppedEvents, root.droppedLinks], ['server', 1, 0, 0], `#${n} root kind and dropped counts`);
  t.equal(step.status, { tag: 'ok' }, `#${n} step status`);
  t.equal(
    attrs(step.attributes),
    { 'step.index': '1', 'step.ratio': '0.5', 'step.ok': 'true', 'step.tags': '["a","b"]', 'step.bytes': '"data:application/octet-stream;base64,AAEC"' },
    `#${n} step attributes`,
  );
  t.equal(step.events.map((e) => [e.name, attrs(e.attributes)]), [['step.done', { 'step.items': '3' }]], `#${n} step event`);
  t.equal(fail.status, { tag: 'error', val: 'simulated failure' }, `#${n} fail status`);
  t.equal(fail.spanKind, 'client', `#${n} fail kind`);
  t.equal(fail.links.map((l) => [l.spanContext.spanId, attrs(l.attributes)]), [[step.spanContext.spanId, { 'link.reason': '"follows"' }]], `#${n} fail links to step`);
  t.equal(fail.events[0].name, 'exception', `#${n} fail exception event`);
  t.ok(ends.every((s) => s.instrumentationScope.name === SCOPE.name), `#${n} scope`);
  t.equal(root.instrumentationScope, SCOPE, `#${n} scope with version and attributes`);

  const logs = callsOf(inv, 'logs.on-emit').map((c) => c.args[0]);
  t.equal(logs.map((l) => [l.severityNumber, l.severityText, l.body, l.spanId]), [
    [9, 'INFO', '"step done"', step.spanContext.spanId],
    [17, 'ERROR', '{"message":"simulated failure","code":42}', fail.spanContext.spanId],
  ], `#${n} logs`);
  t.equal(logs[1].eventName, 'guest.failure', `#${n} error log event name`);
  t.equal([logs[1].resource, logs[1].instrumentationScope, logs[1].traceFlags], [RESOURCE, SCOPE, { sampled: true }], `#${n} log resource, scope, flags`);

  const exports = callsOf(inv, 'metrics.export').map((c) => c.args[0]);
  t.equal(exports.length, 1, `#${n} one metrics export`);
  const rm = exports[0];
  t.equal(rm.resource, RESOURCE, `#${n} metrics resource`);
  const metrics = Object.fromEntries(rm.scopeMetrics[0].metrics.map((m) => [m.name, m]));
  t.equal(Object.keys(metrics), ['c.requests', 'c.bytes', 'c.temperature', 'c.balance', 'c.latency', 'c.sizes'], `#${n} metric names`);
  t.equal([metrics['c.requests'].data.tag, metrics['c.requests'].data.val.dataPoints[0].value], ['s64-sum', { tag: 's64', val: 1 }], `#${n} s64 sum`);
  const bytes = metrics['c.bytes'].data;
  t.equal([bytes.tag, bytes.val.temporality, bytes.val.dataPoints[0].value], ['u64-sum', 'delta', { tag: 'u64', val: '18446744073709551615' }], `#${n} u64 sum keeps 2^64-1`);
  const balance = metrics['c.balance'].data;
  t.equal([balance.val.temporality, balance.val.isMonotonic, balance.val.dataPoints[0].value], ['low-memory', false, { tag: 's64', val: -7 }], `#${n} low-memory up-down sum`);
  const gauge = metrics['c.temperature'].data;
  t.equal(gauge.tag, 'f64-gauge', `#${n} gauge variant`);
  t.ok(gauge.val.startTime !== undefined, `#${n} gauge start-time present`);
  const exemplar = gauge.val.dataPoints[0].exemplars[0];
  t.equal([attrs(exemplar.filteredAttributes), exemplar.value, exemplar.spanId, exemplar.traceId],
    [{ 'sample.source': '"c"' }, { tag: 'f64', val: 21.5 }, root.spanContext.spanId, host.traceId], `#${n} exemplar`);
  const histogram = metrics['c.latency'].data.val.dataPoints[0];
  t.equal([histogram.count, histogram.bounds, histogram.bucketCounts, histogram.min, histogram.max, histogram.sum],
    [3, [1, 5, 10], [1, 1, 0, 1], { tag: 'f64', val: 0.5 }, { tag: 'f64', val: 12.25 }, { tag: 'f64', val: 15.75 }], `#${n} histogram`);
  const sizes = metrics['c.sizes'].data;
  const e = sizes.val.dataPoints[0];
  t.equal([sizes.tag, sizes.val.temporality, e.count, e.scale, e.zeroCount, e.positiveBucket, e.negativeBucket, e.zeroThreshold, e.min, e.max, e.sum],
    ['s64-exponential-histogram', 'delta', 5, -1, 1, { offset: 0, counts: [2, 0, 1] }, { offset: 1, counts: [1] }, 0,
      { tag: 's64', val: -3 }, { tag: 's64', val: 9 }, { tag: 's64', val: 10 }], `#${n} exponential histogram`);
}

for (const [wasm, contextFn, expected] of [
  ['c-otel.wasm', 'tracing.current-span-context', 'expected-calls.json'],
  ['c-otel-rc2-tag.wasm', 'tracing.outer-span-context', 'expected-calls-rc2-tag.json'],
]) {
  await verifyGuest({
    guestDir: path.dirname(fileURLToPath(import.meta.url)),
    wasm,
    expected,
    exportName: 'run',
    calls: NAMES.map((name) => [name]),
    volatileKeys: ['guest.clock.epoch_s'],
    check(t, run, host) {
      t.equal(run.results, NAMES.map((name) => `hello ${name} from c-otel (trace ${host.traceId})`), 'run results');
      t.equal(run.calls.filter((c) => c.fn.endsWith('-span-context')).map((c) => c.fn), [contextFn, contextFn], `host context read through ${contextFn}`);
      const invs = invocations(run, contextFn);
      t.equal(invs.length, 2, 'two invocations');
      invs.forEach((inv, i) => checkInvocation(t, inv, host, NAMES[i], i + 1));
      const ids = run.calls.filter((c) => c.fn === 'tracing.on-end').map((c) => c.args[0].spanContext.spanId);
      t.equal(new Set(ids).size, 6, 'span ids differ between invocations');
      checkTimes(t, run.calls, run.startedAt - 1000, run.finishedAt + 1000, 'all times');
    },
  });
}
