// Serves js-http-otel.wasm under Node (../tools/serve-node.mjs), sends the requests of
// expected-responses.json with curl (the guest's outgoing fetch goes to a downstream server in
// this process) and checks the answers and what the OpenTelemetry JS SDK sent through wasi:otel
// for each request (../tools/verify-http.mjs).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { attributesOf, verifyHttpGuest } from '../tools/verify-http.mjs';

const HOST_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SCOPE = { name: 'wasi-otel-guests/js-http-otel', version: '1.0.0', attributes: [] };

await verifyHttpGuest({
  guestDir: path.dirname(fileURLToPath(import.meta.url)),
  wasm: 'js-http-otel.wasm',
  checkCalls(t, calls, downstream, cases) {
    const fetching = cases.filter((c) => c.headers?.['x-downstream']?.startsWith('{downstream}'));
    t.equal(downstream.map((r) => [r.method, r.url, r.headers['x-from-guest']]),
      fetching.map((c) => ['GET', c.headers['x-downstream'].slice('{downstream}'.length), 'js-http-otel']), 'downstream received the guest fetches');
    cases.forEach((testCase, index) => {
      const number = index + 1;
      const label = `#${number} ${testCase.name}`;
      const recorded = calls.get(number) ?? [];
      const traceparent = /^00-([0-9a-f]{32})-/.exec(testCase.headers?.traceparent ?? '');
      const traceId = traceparent ? traceparent[1] : HOST_TRACE_ID;
      const hostSpanId = number.toString(16).padStart(16, '0');
      const fetches = testCase.headers?.['x-downstream'] !== undefined;
      t.equal(recorded.filter((c) => c.fn === 'tracing.current-span-context').length, 1, `${label}: reads the host context once`);

      const ends = recorded.filter((c) => c.fn === 'tracing.on-end').map((c) => c.args[0]);
      t.equal(ends.map((s) => s.name), fetches ? ['call-downstream', 'handle-request'] : ['handle-request'], `${label}: spans`);
      const root = ends[ends.length - 1];
      t.equal([root.parentSpanId, root.spanContext.traceId, root.spanKind], [hostSpanId, traceId, 'internal'], `${label}: handle-request under the host span`);
      t.ok(ends.every((s) => s.spanContext.traceId === traceId && s.instrumentationScope.name === SCOPE.name), `${label}: one trace, one scope`);
      const starts = recorded.filter((c) => c.fn === 'tracing.on-start').map((c) => c.args[0].spanId);
      t.equal(starts, [root, ...ends.slice(0, -1)].map((s) => s.spanContext.spanId), `${label}: on-start ids`);
      t.equal(attributesOf(root.attributes), {
        'http.request.method': JSON.stringify(testCase.method),
        'url.path': JSON.stringify(testCase.path.split('?')[0]),
        'http.response.status_code': String(testCase.status),
      }, `${label}: handle-request attributes`);
      if (fetches) {
        const call = ends[0];
        t.equal(call.parentSpanId, root.spanContext.spanId, `${label}: call-downstream is a child of handle-request`);
        if (testCase.status === 200) {
          t.equal(attributesOf(call.attributes)['http.response.status_code'], testCase.path === '/post' ? '404' : '200', `${label}: downstream status`);
        } else {
          t.equal([call.status.tag, root.status.tag, call.events.map((e) => e.name)], ['error', 'error', ['exception']], `${label}: error status and exception event`);
        }
      }

      const logs = recorded.filter((c) => c.fn === 'logs.on-emit').map((c) => c.args[0]);
      t.equal(logs.map((l) => [l.body, l.spanId, l.traceId, l.severityText]),
        [[JSON.stringify(`handled ${testCase.method} ${testCase.path.split('?')[0]}`), root.spanContext.spanId, traceId, testCase.status === 200 ? 'INFO' : 'WARN']],
        `${label}: one log in handle-request`);
      const exports = recorded.filter((c) => c.fn === 'metrics.export').map((c) => c.args[0]);
      t.equal(exports.length, 1, `${label}: one metrics export`);
      const metrics = Object.fromEntries((exports[0]?.scopeMetrics[0]?.metrics ?? []).map((m) => [m.name, m]));
      const counter = metrics['guest.http.requests']?.data;
      t.equal([counter?.tag, counter?.val.dataPoints.map((p) => [p.value, attributesOf(p.attributes)])],
        ['s64-sum', [[{ tag: 's64', val: '1' }, { 'http.request.method': JSON.stringify(testCase.method), 'http.response.status_code': String(testCase.status) }]]],
        `${label}: request counter`);
      t.equal(Object.keys(metrics), fetches && testCase.status === 200 ? ['guest.http.requests', 'guest.http.downstream.body.size'] : ['guest.http.requests'],
        `${label}: metrics`);
    });
  },
});
