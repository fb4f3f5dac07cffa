// Runs hostile.wasm under Node (jco transpile + the recording host in ../tools) in the modes that
// return, with sizes small enough for a JSON record, and checks that each sends what the Java
// tests rely on: the input of issue 11's items reaches the host as the guest built it. The modes
// that never return, trap or exhaust memory (spin, trap-deep, grow, realloc-reenter, huge sizes)
// are for the Java host's tests only. `node verify.mjs --update` rewrites expected-calls.json.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { attrs, callsOf, verifyGuest } from '../tools/verify-lib.mjs';

const U64_MAX = '18446744073709551615';

await verifyGuest({
  guestDir: path.dirname(fileURLToPath(import.meta.url)),
  wasm: 'hostile.wasm',
  exportName: 'attack',
  calls: [
    ['ok', 100, 7],
    ['alias-attrs', 3, 0],
    ['many-attrs', 3, 5],
    ['datetime-max', 0, 0],
    ['bad-histograms', 0, 0],
    ['resource-keys', 0, 0],
    ['forge-console', 0, 0],
    ['huge-histogram', 4, 0],
    ['leave-open', 0, 0],
    ['nonsense', 0, 0],
  ],
  check(t, run, host) {
    const [ok, alias, many, datetime, bad, keys, forge, histogram, leave, unknown] = run.results;
    let sum = 0;
    for (let i = 0; i < 100; i++) {
      sum += (i * 31 + 7) & 255;
    }
    t.equal(ok, `ok: n=100 m=7 sum=${sum}`, 'ok result');
    t.equal(alias, 'alias-attrs: on-end returned after 3 attributes of 0 MiB each', 'alias-attrs result');
    t.equal(many, 'many-attrs: a span and a log with 3 attributes of 5 bytes', 'many-attrs result');
    t.equal(datetime, 'datetime-max: two spans ended', 'datetime-max result');
    t.equal(bad, 'bad-histograms: metrics export ok', 'bad-histograms result');
    t.equal(keys, 'resource-keys: log emitted, metrics export ok', 'resource-keys result');
    t.equal(forge, 'forge-console: done', 'forge-console result');
    t.equal(histogram, 'huge-histogram: 4 buckets, metrics export ok', 'huge-histogram result');
    t.ok(leave.startsWith(`leave-open: current=${host.traceId}/`), `leave-open result ${leave}`);
    t.ok(unknown.startsWith('unknown mode; modes: alias-attrs'), 'unknown mode lists the modes');

    const spans = Object.fromEntries(callsOf(run, 'tracing.on-end').map((c) => [c.args[0].name.split('\n')[0], c.args[0]]));
    t.equal(Object.keys(spans), ['ok', 'alias-attrs', 'many-attrs', 'datetime-max-both', 'datetime-max-end', 'innocent'], 'ended spans');
    t.ok(Object.values(spans).every((s) => s.spanContext.traceId === host.traceId && s.parentSpanId === host.spanId), 'spans under the host span');
    const aliased = spans['alias-attrs'].attributes;
    t.equal(aliased.map((a) => a.key), ['alias.0', 'alias.1', 'alias.2'], 'alias-attrs keys');
    t.ok(aliased.every((a) => a.value === '""'), 'alias-attrs: m = 0 gives the empty JSON string');
    t.equal(attrs(spans['many-attrs'].attributes), { 'attr.0': '"vvv"', 'attr.1': '"vvv"', 'attr.2': '"vvv"' }, 'many-attrs attributes');
    const max = { seconds: U64_MAX, nanoseconds: 4294967295 };
    t.equal([spans['datetime-max-both'].startTime, spans['datetime-max-both'].endTime], [max, max], 'datetime-max-both times');
    t.equal(spans['datetime-max-end'].endTime, max, 'datetime-max-end end time');
    t.ok(spans.innocent.name.includes('\nspan   forged-by-guest') && spans.innocent.name.includes('\u001b[31m'), 'forged name has a newline and ANSI escapes');

    const exports = callsOf(run, 'metrics.export').map((c) => c.args[0]);
    t.equal(exports.length, 3, 'three metrics exports');
    const badMetrics = Object.fromEntries(exports[0].scopeMetrics[0].metrics.map((m) => [m.name, m.data]));
    const point = (name) => badMetrics[name].val.dataPoints[0];
    t.equal(point('bad.descending_bounds').bounds, [10, 5, 1], 'descending bounds');
    // the record passes through JSON, where NaN becomes null
    t.equal(point('bad.nan_bounds').bounds, [1, null, 10], 'NaN bound');
    t.equal([point('bad.count_mismatch').count, point('bad.count_mismatch').bucketCounts], [100, [1, 1, 1]], 'counts that do not sum');
    t.equal(point('bad.scale_127').scale, 127, 'exponential scale 127');
    t.equal([badMetrics['bad.u64_minus_one'].tag, point('bad.u64_minus_one').value], ['u64-sum', { tag: 's64', val: -1 }], 'u64 sum of -1');
    const resource = attrs(exports[1].resource.attributes);
    t.equal(Object.keys(resource).map((k) => k.length), [12, 3, 300], 'resource keys: service.name, clé, 300 characters');
    t.ok('clé' in resource, 'non-ASCII resource key');
    const logResource = callsOf(run, 'logs.on-emit').map((c) => c.args[0]).find((l) => l.body === '"resource-keys log"').resource;
    t.equal(attrs(logResource.attributes), resource, 'the log has the same resource');
    const huge = exports[2].scopeMetrics[0].metrics[0].data.val.dataPoints[0];
    t.equal([huge.count, huge.bucketCounts], [4, [1, 1, 1, 1]], 'huge-histogram with n = 4');
  },
});
