// Runs as-otel.wasm under Node (jco transpile + the recording host in ../tools) twice and checks
// what it sent through wasi:otel. `node verify.mjs --update` rewrites expected-calls.json.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { attrs, callsOf, checkTimes, verifyGuest } from '../tools/verify-lib.mjs';

const SCOPE = { name: 'wasi-otel-guests/as-otel', version: '1.0.0', attributes: [{ key: 'scope.kind', value: '"manual"' }] };
const RESOURCE = { attributes: [{ key: 'service.name', value: '"as-otel-guest"' }, { key: 'guest.toolchain', value: '"assemblyscript"' }] };
const NAMES = ['world', 'Zoë "q" \\ \u0001'];

function invocations(run) {
  const out = [];
  for (const call of run.calls) {
    if (call.fn === 'tracing.current-span-context') {
      out.push({ calls: [] });
    }
    out[out.length - 1].calls.push(call);
  }
  return out;
}

function checkInvocation(t, inv, host, name, n) {
  const ends = callsOf(inv, 'tracing.on-end').map((c) => c.args[0]);
  const starts = callsOf(inv, 'tracing.on-start').map((c) => c.args[0]);
  t.equal(ends.map((s) => s.name), ['as-step', 'as-fail', 'as-run'], `#${n} span end order`);
  const [step, fail, root] = ends;
  t.equal(starts.map((s) => s.spanId), [root, step, fail].map((s) => s.spanContext.spanId), `#${n} on-start ids match on-end ids`);
  t.ok(ends.every((s) => /^[0-9a-f]{16}$/.test(s.spanContext.spanId) && s.spanContext.traceId === host.traceId), `#${n} ids`);
  t.equal(root.parentSpanId, host.spanId, `#${n} root parent = host span`);
  t.equal([step.parentSpanId, fail.parentSpanId], [root.spanContext.spanId, root.spanContext.spanId], `#${n} children of as-run`);
  t.equal(attrs(root.attributes)['guest.name'], JSON.stringify(name), `#${n} guest.name is the JSON string of the argument`);
  const clock = Number(attrs(root.attributes)['guest.clock.epoch_s']);
  t.ok(Math.abs(clock * 1000 - Date.now()) < 600_000, `#${n} guest read the real clock (${clock})`);
  t.equal(attrs(step.attributes), { 'step.index': '1', 'step.ratio': '0.5', 'step.ok': 'true', 'step.tags': '["a","b"]' }, `#${n} step attributes`);
  t.equal(step.events.map((e) => [e.name, attrs(e.attributes)]), [['step.done', { 'step.items': '3' }]], `#${n} step event`);
  t.equal([root.spanKind, step.spanKind, fail.spanKind], ['server', 'internal', 'client'], `#${n} kinds`);
  t.equal([root.status, step.status, fail.status], [{ tag: 'unset' }, { tag: 'ok' }, { tag: 'error', val: 'simulated failure' }], `#${n} statuses`);
  t.equal(fail.links.map((l) => [l.spanContext.spanId, attrs(l.attributes)]), [[step.spanContext.spanId, { 'link.reason': '"follows"' }]], `#${n} link`);
  t.equal(root.instrumentationScope, SCOPE, `#${n} scope`);

  const logs = callsOf(inv, 'logs.on-emit').map((c) => c.args[0]);
  t.equal(logs.map((l) => [l.severityNumber, l.severityText, l.body, l.traceId, l.spanId, l.traceFlags]), [
    [9, 'INFO', '"step done"', host.traceId, step.spanContext.spanId, { sampled: true }],
    [17, 'ERROR', '{"message":"simulated failure","code":42}', host.traceId, fail.spanContext.spanId, { sampled: true }],
  ], `#${n} logs`);
  t.equal([logs[0].resource, logs[0].instrumentationScope, logs[0].eventName], [RESOURCE, SCOPE, undefined], `#${n} log resource and scope`);

  const exports = callsOf(inv, 'metrics.export').map((c) => c.args[0]);
  t.equal(exports.length, 1, `#${n} one metrics export`);
  t.equal(exports[0].resource, RESOURCE, `#${n} metrics resource`);
  const [requests, latency] = exports[0].scopeMetrics[0].metrics;
  t.equal([requests.name, requests.data.tag, requests.data.val.temporality, requests.data.val.isMonotonic, requests.data.val.dataPoints[0].value],
    ['as.requests', 's64-sum', 'cumulative', true, { tag: 's64', val: 1 }], `#${n} counter`);
  const p = latency.data.val.dataPoints[0];
  t.equal([latency.name, latency.data.tag, latency.data.val.temporality, p.count, p.bounds, p.bucketCounts, p.min, p.max, p.sum],
    ['as.latency', 'f64-histogram', 'delta', 3, [1, 5], [1, 1, 1], { tag: 'f64', val: 0.5 }, { tag: 'f64', val: 8 }, { tag: 'f64', val: 11.5 }], `#${n} histogram`);
}

await verifyGuest({
  guestDir: path.dirname(fileURLToPath(import.meta.url)),
  wasm: 'as-otel.wasm',
  exportName: 'run',
  calls: NAMES.map((name) => [name]),
  volatileKeys: ['guest.clock.epoch_s'],
  check(t, run, host) {
    t.equal(run.results, NAMES.map((name) => `hello ${name} from as-otel (trace ${host.traceId})`), 'run results');
    const invs = invocations(run);
    t.equal(invs.length, 2, 'two invocations');
    invs.forEach((inv, i) => checkInvocation(t, inv, host, NAMES[i], i + 1));
    const ids = run.calls.filter((c) => c.fn === 'tracing.on-end').map((c) => c.args[0].spanContext.spanId);
    t.equal(new Set(ids).size, 6, 'span ids differ between invocations');
    checkTimes(t, run.calls, run.startedAt - 1000, run.finishedAt + 1000, 'all times');
  },
});
