// Runs observe-guest.wasm under Node (jco transpile + the recording host in ../tools) and checks
// its wasi:observe and wasi:logging calls. `node verify.mjs --update` rewrites expected-calls.json.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { callsOf, checkTimes, verifyGuest } from '../tools/verify-lib.mjs';

await verifyGuest({
  guestDir: path.dirname(fileURLToPath(import.meta.url)),
  wasm: 'observe-guest.wasm',
  exportName: 'run',
  calls: [['world']],
  check(t, run, host) {
    t.equal(run.results, [`hello world from observe-guest (trace ${host.traceId}, recording)`], 'run result');
    const fns = run.calls.map((c) => c.fn);
    t.equal(fns, [
      'tracer.start', 'span#1.span-context', 'span#1.is-recording',
      'tracer.start', 'span#2.set-attributes', 'span#2.add-event', 'span#2.add-event', 'span#2.set-status',
      'span#2.span-context', 'span#2.end', 'span#2.drop', 'logging.log',
      'tracer.start', 'span#3.add-link', 'span#3.update-name', 'span#3.set-status', 'logging.log', 'span#3.drop',
      'span#1.end', 'span#1.drop',
    ], 'call sequence (every span handle dropped)');

    const [root, step, fail] = callsOf(run, 'tracer.start');
    t.equal(root.args, ['observe-run', {
      newRoot: false,
      spanKind: 'server',
      attributes: [
        { key: 'guest.name', value: { tag: 'string', val: 'world' } },
        { key: 'guest.language', value: { tag: 'string', val: 'c' } },
      ],
    }], 'root start options (absent options are none)');
    t.equal(root.result.parentSpanId, host.spanId, 'root parent = host span');
    t.equal(step.args, ['observe-step', null], 'step starts with no options');
    t.equal(step.result.parentSpanId, root.result.spanContext.spanId, 'step parent = root (innermost open span)');
    t.equal(run.calls[1].result.spanId, root.result.spanContext.spanId, 'span-context of root returned');

    const setAttributes = run.calls[4].args[0];
    t.equal(setAttributes, [
      { key: 'step.index', value: { tag: 's64', val: 1 } },
      { key: 'step.ratio', value: { tag: 'float64', val: 0.5 } },
      { key: 'step.ok', value: { tag: 'bool', val: true } },
      { key: 'step.label', value: { tag: 'string', val: 'parse' } },
      { key: 'step.tags', value: { tag: 'string-array', val: ['a', 'b'] } },
      { key: 'step.flags', value: { tag: 'bool-array', val: [true, false] } },
      { key: 'step.ratios', value: { tag: 'float64-array', val: [0.25, 1.5] } },
      { key: 'step.counts', value: { tag: 's64-array', val: [-1, '9007199254740993'] } },
    ], 'all eight value variants');
    t.equal(run.calls[5].args, ['step.done', null, [{ key: 'step.items', value: { tag: 's64', val: 3 } }]], 'event without timestamp');
    t.equal([run.calls[6].args[0], run.calls[6].args[2]], ['step.timed', null], 'event with timestamp, no attributes');
    checkTimes(t, run.calls[6].args[1], run.startedAt - 1000, run.finishedAt + 1000, 'event timestamp');
    t.equal(run.calls[7].args, [{ tag: 'ok' }], 'step status ok');
    t.equal(run.calls[9].args, [null], 'end without timestamp');

    t.equal(fail.args[0], 'observe-fail', 'fail start name');
    t.equal([fail.args[1].spanKind, fail.args[1].newRoot], ['client', false], 'fail kind');
    t.equal(fail.args[1].links.map((l) => [l.spanContext.spanId, l.attributes]),
      [[step.result.spanContext.spanId, [{ key: 'link.reason', value: { tag: 'string', val: 'follows' } }]]], 'fail start link to step');
    checkTimes(t, fail.args[1].timestamp, run.startedAt - 1000, run.finishedAt + 1000, 'fail start timestamp');
    t.equal(fail.result.parentSpanId, root.result.spanContext.spanId, 'fail parent = root');
    t.equal(run.calls[13].args[0].spanContext.spanId, root.result.spanContext.spanId, 'add-link to root');
    t.equal(run.calls[14].args, ['observe-failed'], 'update-name');
    t.equal(run.calls[15].args, [{ tag: 'error', val: 'simulated failure' }], 'error status');

    t.equal(callsOf(run, 'logging.log').map((c) => c.args), [
      ['info', 'observe-guest', 'step done'],
      ['error', 'observe-guest', 'simulated failure'],
    ], 'wasi:logging lines');
  },
});
