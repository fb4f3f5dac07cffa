// Serves a wasi:http component under Node: the peer that `wasi-otel serve` is compared with.
//
//   node integration-tests/guests/tools/serve-node.mjs GUEST.wasm [--port 8080] [--host 127.0.0.1] [--record FILE] [--quiet]
//
// (--port 0 picks a free port; the "listening on" line names it. --quiet: no line per failed request.)
//
// jco and preview2-shim are resolved from the node_modules beside GUEST.wasm (the guest's folder).
// It `jco transpile`s the component with `--instantiation sync` into build/serve-node there
// (removed on SIGINT/SIGTERM), compiles its core modules once, and serves it with preview2-shim's
// HTTPServer, one fresh instance per request (as `jco serve --isolate-requests instance` does; a
// StarlingMonkey instance serves one request).
// `jco serve` itself is not used because with request isolation it ignores `--jco-map`, and these
// guests import wasi:otel (TOOLCHAIN-NOTES.md).
//
// wasi:otel is a small host here: current-span-context answers the innermost open guest span of
// the request, else the request's host span (trace id from a valid `traceparent` header, else
// HOST_TRACE_ID; span id the request number), as DESIGN §5 says. It keeps counts only; --record
// FILE also appends every call as one JSON line {request, fn, args}. The counts are printed to
// stderr on SIGINT/SIGTERM ("otel: requests N, spans started N, ended N, ...").
//
// A guest that traps (or throws) before setting a response, or returns without setting one, is
// answered 500 with an empty body and logged; the next request gets a fresh instance as always.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

const HOST_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';

function parseArgs(argv) {
  const options = { port: 8080, host: '127.0.0.1', record: null, quiet: false, wasm: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--port') options.port = Number(argv[++i]);
    else if (arg === '--host') options.host = argv[++i];
    else if (arg === '--record') options.record = argv[++i];
    else if (arg === '--quiet') options.quiet = true;
    else if (arg.startsWith('-')) throw new Error(`serve-node: unknown option ${arg}`);
    else options.wasm = arg;
  }
  if (!options.wasm || !Number.isInteger(options.port)) {
    throw new Error('usage: serve-node.mjs GUEST.wasm [--port N] [--host H] [--record FILE] [--quiet]');
  }
  return options;
}

const options = parseArgs(process.argv.slice(2));
const wasm = path.resolve(options.wasm);
const guestDir = path.dirname(wasm);
const require = createRequire(path.join(guestDir, 'package.json'));
const jco = path.join(guestDir, 'node_modules', '@bytecodealliance', 'jco', 'dist', 'jco.js');
const shimUrl = (sub) => pathToFileURL(require.resolve(`@bytecodealliance/preview2-shim/${sub}`)).href;

const name = path.basename(wasm, '.wasm');
// One folder per process, so that two servers of one guest (verify.mjs beside a load run) do not clash.
const outDir = path.join(guestDir, 'build', 'serve-node', `${name}-${process.pid}`);
fs.rmSync(outDir, { recursive: true, force: true });
execFileSync(process.execPath, [jco, 'transpile', wasm, '-o', outDir, '--instantiation', 'sync', '--quiet', '--no-typescript'], {
  stdio: 'inherit',
});
fs.writeFileSync(path.join(outDir, 'package.json'), '{"type":"module"}\n');

const { HTTPServer, types } = await import(shimUrl('http'));
const { WASIShim } = await import(pathToFileURL(require.resolve('@bytecodealliance/preview2-shim/instantiation')).href);
const { instantiate } = await import(pathToFileURL(path.join(outDir, `${name}.js`)).href);

const coreModules = new Map();
function getCoreModule(file) {
  let module = coreModules.get(file);
  if (!module) {
    module = new WebAssembly.Module(fs.readFileSync(path.join(outDir, file)));
    coreModules.set(file, module);
  }
  return module;
}
// Compiled before listening, so that the first request does not pay for it.
for (const file of fs.readdirSync(outDir).filter((f) => f.endsWith('.wasm'))) {
  getCoreModule(file);
}

// ---- wasi:otel: counts, and a record of calls with --record ----

const stats = { instantiateMs: 0, handleMs: 0, requests: 0, spansStarted: 0, spansEnded: 0, metricExports: 0, logs: 0, contextReads: 0, failures: 0 };
const recordFd = options.record ? fs.openSync(options.record, 'a') : null;

function recordCall(request, fn, args) {
  if (recordFd !== null) {
    const json = JSON.stringify({ request, fn, args }, (k, v) => (typeof v === 'bigint' ? v.toString() : ArrayBuffer.isView(v) ? Array.from(v) : v));
    fs.writeSync(recordFd, json + '\n');
  }
}

/** The host span of a request: the client's trace when it sent a valid traceparent. */
function hostSpanOf(request, number) {
  const values = request.headers().get('traceparent');
  const match = values.length === 1 ? /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/.exec(new TextDecoder().decode(values[0])) : null;
  const traceId = match && !/^0+$/.test(match[1]) ? match[1] : HOST_TRACE_ID;
  return {
    traceId,
    spanId: number.toString(16).padStart(16, '0'),
    traceFlags: { sampled: true },
    isRemote: false,
    traceState: [],
  };
}

function otelImports(number, hostSpan) {
  const open = [];
  return {
    'wasi:otel/types': {},
    'wasi:otel/tracing': {
      onStart(spanContext) {
        stats.spansStarted++;
        open.push(spanContext);
        recordCall(number, 'tracing.on-start', [spanContext]);
      },
      onEnd(span) {
        stats.spansEnded++;
        const index = open.findLastIndex((o) => o.spanId === span.spanContext.spanId);
        if (index >= 0) open.splice(index, 1);
        recordCall(number, 'tracing.on-end', [span]);
      },
      currentSpanContext() {
        stats.contextReads++;
        const current = open.length > 0 ? open[open.length - 1] : hostSpan;
        recordCall(number, 'tracing.current-span-context', []);
        return structuredClone(current);
      },
    },
    'wasi:otel/metrics': {
      export(resourceMetrics) {
        stats.metricExports++;
        recordCall(number, 'metrics.export', [resourceMetrics]);
      },
    },
    'wasi:otel/logs': {
      onEmit(logRecord) {
        stats.logs++;
        recordCall(number, 'logs.on-emit', [logRecord]);
      },
    },
  };
}

// ---- responses the guest did not set ----

// Which response-outparams the guest set: the shim's ResponseOutparam.set is wrapped, so a guest
// that traps or returns without a response can still be answered.
const answered = new WeakSet();
const originalSet = types.ResponseOutparam.set;
types.ResponseOutparam.set = function set(param, response) {
  answered.add(param);
  return originalSet.call(this, param, response);
};

function answer500(param) {
  const response = new types.OutgoingResponse(new types.Fields());
  response.setStatusCode(500);
  const body = response.body();
  originalSet.call(types.ResponseOutparam, param, { tag: 'ok', val: response });
  types.OutgoingBody.finish(body, undefined);
}

// ---- serving ----

function log(line) {
  if (!options.quiet) {
    console.error(line);
  }
}

const handler = {
  handle(request, responseOutparam) {
    const number = ++stats.requests;
    try {
      const imports = { ...new WASIShim().getImportObject(), ...otelImports(number, hostSpanOf(request, number)) };
      const t0 = performance.now();
      const instance = instantiate(getCoreModule, imports);
      const t1 = performance.now();
      stats.instantiateMs += t1 - t0;
      try {
        instance.incomingHandler.handle(request, responseOutparam);
      } finally {
        stats.handleMs += performance.now() - t1;
      }
      if (!answered.has(responseOutparam)) {
        stats.failures++;
        log(`serve-node: request ${number}: the guest returned without setting a response; answering 500`);
        answer500(responseOutparam);
      }
    } catch (error) {
      stats.failures++;
      log(`serve-node: request ${number}: ${error instanceof WebAssembly.RuntimeError ? 'guest trapped' : 'guest failed'}: ${error.message}`);
      if (!answered.has(responseOutparam)) {
        answer500(responseOutparam);
      }
    }
  },
};

const server = new HTTPServer(handler);
server.listen(options.port, options.host);
console.error(`serve-node: ${name} listening on http://${options.host}:${server.address().port}/`);

function shutdown() {
  server.stop();
  const s = stats;
  console.error(
    `otel: requests ${s.requests}, spans started ${s.spansStarted}, ended ${s.spansEnded}, metric exports ${s.metricExports}, ` +
      `logs ${s.logs}, context reads ${s.contextReads}, failed requests ${s.failures}; ` +
      `mean ms per request: instantiate ${(s.instantiateMs / Math.max(1, s.requests)).toFixed(2)}, handle ${(s.handleMs / Math.max(1, s.requests)).toFixed(2)}`,
  );
  if (recordFd !== null) fs.closeSync(recordFd);
  fs.rmSync(outDir, { recursive: true, force: true });
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
