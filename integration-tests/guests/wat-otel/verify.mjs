// Runs wat-otel.wasm under Node (jco transpile + the recording host in ../tools) and checks its
// one span. `node verify.mjs --update` rewrites expected-calls.json.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { callsOf, checkTimes, verifyGuest } from '../tools/verify-lib.mjs';

await verifyGuest({
  guestDir: path.dirname(fileURLToPath(import.meta.url)),
  wasm: 'wat-otel.wasm',
  exportName: 'run',
  calls: [['world']],
  check(t, run, host) {
    t.equal(run.results, ['hello from wat-otel'], 'run result');
    t.equal(run.calls.map((c) => c.fn), ['tracing.current-span-context', 'tracing.on-start', 'tracing.on-end'], 'call sequence');
    const started = callsOf(run, 'tracing.on-start')[0].args[0];
    t.equal(started, { traceId: host.traceId, spanId: '00000000000000aa', traceFlags: { sampled: true }, isRemote: false, traceState: [] }, 'on-start context');
    const span = callsOf(run, 'tracing.on-end')[0].args[0];
    t.equal(span.spanContext, started, 'on-end context = on-start context');
    t.equal([span.parentSpanId, span.spanKind, span.name, span.status], [host.spanId, 'server', 'wat-run', { tag: 'ok' }], 'parent, kind, name, status');
    t.equal([span.attributes, span.events, span.links], [[{ key: 'guest.language', value: '"wat"' }], [], []], 'attributes, events, links');
    t.equal(span.instrumentationScope, { name: 'wasi-otel-guests/wat-otel', attributes: [] }, 'scope without version and schema-url');
    t.equal([span.droppedAttributes, span.droppedEvents, span.droppedLinks], [0, 0, 0], 'dropped counts');
    checkTimes(t, span, run.startedAt - 1000, run.finishedAt + 1000, 'span times');
  },
});
