// Serves c-http.wasm under Node (../tools/serve-node.mjs), sends the requests of
// expected-responses.json with curl and checks the answers and the one wasi:otel span of each
// request (../tools/verify-http.mjs).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { attributesOf, verifyHttpGuest } from '../tools/verify-http.mjs';

const HOST_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

await verifyHttpGuest({
  guestDir: path.dirname(fileURLToPath(import.meta.url)),
  wasm: 'c-http.wasm',
  checkCalls(t, calls, downstream, cases) {
    const fetching = cases.filter((c) => c.headers?.['x-downstream']?.startsWith('{downstream}'));
    t.equal(downstream.map((r) => [r.method, r.url]), fetching.map((c) => ['GET', c.headers['x-downstream'].slice('{downstream}'.length)]),
      'downstream received the /fetch requests');
    const spanIds = new Set();
    cases.forEach((testCase, index) => {
      const number = index + 1;
      const label = `#${number} ${testCase.name}`;
      const recorded = calls.get(number) ?? [];
      const traceparent = /^00-([0-9a-f]{32})-/.exec(testCase.headers?.traceparent ?? '');
      const traceId = traceparent ? traceparent[1] : HOST_TRACE_ID;
      const hostSpanId = number.toString(16).padStart(16, '0');
      const trapped = testCase.path === '/trap';
      t.equal(recorded.map((c) => c.fn), ['tracing.current-span-context', 'tracing.on-start', ...(trapped ? [] : ['tracing.on-end'])],
        `${label}: calls (the trap leaves its span open)`);
      const started = recorded[1]?.args[0];
      t.ok(started && started.traceId === traceId && /^[0-9a-f]{16}$/.test(started.spanId), `${label}: on-start in trace ${traceId}`);
      spanIds.add(started?.spanId);
      if (trapped) {
        return;
      }
      const span = recorded[2].args[0];
      t.equal([span.name, span.spanKind, span.parentSpanId, span.spanContext.traceId, span.spanContext.spanId],
        ['c-http-request', 'internal', hostSpanId, traceId, started.spanId], `${label}: span under the host span`);
      const expected = {
        'http.request.method': JSON.stringify(testCase.method),
        'url.path': JSON.stringify(testCase.path.split('?')[0]),
      };
      if (testCase.path !== '/no-response') {
        expected['http.response.status_code'] = String(testCase.status);
      }
      if (testCase.responseBody === 'same-as-request') {
        expected['c-http.echoed.bytes'] = String(testCase.body.text !== undefined ? Buffer.byteLength(testCase.body.text) : testCase.body.pattern);
      }
      t.equal(attributesOf(span.attributes), expected, `${label}: span attributes`);
      t.equal(span.instrumentationScope, { name: 'wasi-otel-guests/c-http', version: '1.0.0', attributes: [] }, `${label}: scope`);
      const start = Number(span.startTime.seconds) * 1e3 + span.startTime.nanoseconds / 1e6;
      const end = Number(span.endTime.seconds) * 1e3 + span.endTime.nanoseconds / 1e6;
      t.ok(start <= end && Math.abs(end - Date.now()) < 600_000, `${label}: real start <= end`);
    });
    t.equal(spanIds.size, cases.length, 'span ids differ between requests');
  },
});
