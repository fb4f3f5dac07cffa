// Verifies a guest component without the Java host: `jco transpile` it, run it under Node with
// the recording host of otel-host.mjs (WASI from preview2-shim) in a child process (so its stdout
// can be read), check the recorded calls, and compare their normalised form with the committed
// expected-calls.json (`--update` rewrites that file instead). Prints 'N passed, N failed'.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

const TOOLS_DIR = path.dirname(fileURLToPath(import.meta.url));
const HOST_MODULE = pathToFileURL(path.join(TOOLS_DIR, 'otel-host.mjs')).href;

// A BigInt as a JSON number when that is exact, else as a decimal string.
function bigintToJson(v) {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
}

/** JSON with BigInts as numbers when exact (else decimal strings) and typed arrays as arrays. */
export function toJson(value) {
  return JSON.stringify(
    value,
    (key, v) => {
      if (typeof v === 'bigint') {
        return bigintToJson(v);
      }
      if (ArrayBuffer.isView(v)) {
        return Array.from(v, (x) => (typeof x === 'bigint' ? bigintToJson(x) : x));
      }
      return v;
    },
    2,
  );
}

function isDatetime(v) {
  return v !== null && typeof v === 'object' && Object.keys(v).length === 2 && 'seconds' in v && 'nanoseconds' in v;
}

/** All wasi:clocks datetimes in a recorded value, as milliseconds since the epoch. */
export function datetimesOf(value, out = []) {
  if (isDatetime(value)) {
    out.push(Number(value.seconds) * 1000 + value.nanoseconds / 1e6);
  } else if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) {
      datetimesOf(v, out);
    }
  }
  return out;
}

/**
 * The recorded calls with what differs between runs replaced: datetimes by "<datetime>", trace
 * and span ids by stable names in order of appearance ("host-trace"/"host-span" for the host's),
 * and the values of the attributes named in volatileKeys by "<volatile>".
 */
export function normalise(calls, hostContext, volatileKeys = []) {
  const names = new Map([
    [hostContext.traceId, 'host-trace'],
    [hostContext.spanId, 'host-span'],
    ['', ''],
  ]);
  let traces = 0;
  let spans = 0;
  const idName = (id, kind) => {
    if (!names.has(id)) {
      names.set(id, kind === 'trace' ? `trace-${++traces}` : `span-${++spans}`);
    }
    return names.get(id);
  };
  const walk = (v) => {
    if (typeof v === 'bigint') {
      return bigintToJson(v);
    }
    if (ArrayBuffer.isView(v)) {
      return Array.from(v, walk);
    }
    if (Array.isArray(v)) {
      return v.map(walk);
    }
    if (v === null || typeof v !== 'object') {
      return v;
    }
    if (isDatetime(v)) {
      return '<datetime>';
    }
    const out = {};
    for (const [k, x] of Object.entries(v)) {
      if ((k === 'traceId') && typeof x === 'string') {
        out[k] = idName(x, 'trace');
      } else if ((k === 'spanId' || k === 'parentSpanId') && typeof x === 'string') {
        out[k] = idName(x, 'span');
      } else if (k === 'value' && typeof x === 'string' && volatileKeys.includes(v.key)) {
        out[k] = '<volatile>';
      } else {
        out[k] = walk(x);
      }
    }
    return out;
  };
  return walk(calls);
}

/** Counts checks and prints failures; `summary()` prints the closing line. */
export class Checks {
  passed = 0;
  failed = 0;

  ok(condition, message) {
    if (condition) {
      this.passed++;
    } else {
      this.failed++;
      console.log(`FAIL ${message}`);
    }
  }

  equal(actual, expected, message) {
    const same = isDeepStrictEqual(actual, expected);
    this.ok(same, `${message}: expected ${toJson(expected)}, got ${toJson(actual)}`);
  }

  summary(label) {
    console.log(`${label ? `${label}: ` : ''}${this.passed} passed, ${this.failed} failed`);
    return this.failed === 0;
  }
}

async function runChild(transpiledJs, exportName, args, outFile) {
  const host = await import(HOST_MODULE);
  const guest = await import(pathToFileURL(transpiledJs).href);
  const fn = exportName.split('.').reduce((o, k) => o[k], guest);
  const results = [];
  const startedAt = Date.now();
  for (const callArgs of args) {
    results.push(await fn(...callArgs));
  }
  const finishedAt = Date.now();
  fs.writeFileSync(outFile, toJson({ results, calls: host.calls, startedAt, finishedAt }));
}

/**
 * Transpiles `wasm` (relative to guestDir) with jco, calls the export once per entry of `calls`
 * (each an argument list), then runs `check(t, run, hostContext)` where run = { results, calls,
 * stdout, stderr, startedAt, finishedAt }
 * with calls as recorded (BigInts as numbers). Exits non-zero if any check failed.
 */
export async function verifyGuest({ guestDir, wasm, exportName, calls, volatileKeys, check, expected = 'expected-calls.json' }) {
  const name = path.basename(wasm, '.wasm');
  if (process.argv[2] === '--child') {
    // A verify.mjs may check several components; the child runs the one it was started for.
    if (path.basename(process.argv[3]) === `${name}.js`) {
      await runChild(process.argv[3], exportName, calls, process.argv[4]);
    }
    return;
  }
  const update = process.argv.includes('--update');
  const build = path.join(guestDir, 'build', `verify-${name}`);
  fs.rmSync(build, { recursive: true, force: true });
  fs.mkdirSync(build, { recursive: true });
  const jco = path.join(guestDir, 'node_modules', '@bytecodealliance', 'jco', 'dist', 'jco.js');
  execFileSync(
    process.execPath,
    [jco, 'transpile', path.join(guestDir, wasm), '-o', path.join(build, 'transpiled'), '--quiet',
      '--map', `wasi:otel/*=${HOST_MODULE}#*`,
      '--map', `wasi:observe/*=${HOST_MODULE}#*`,
      '--map', `wasi:logging/*=${HOST_MODULE}#*`],
    { stdio: 'inherit' },
  );
  const transpiledJs = path.join(build, 'transpiled', `${name}.js`);
  const outFile = path.join(build, 'calls.json');
  const child = spawnSync(process.execPath, [process.argv[1], '--child', transpiledJs, outFile], {
    encoding: 'utf8',
    cwd: guestDir,
    timeout: 300_000,
  });
  const t = new Checks();
  t.ok(child.status === 0, `guest run exited with ${child.status}: ${child.stderr}`);
  if (child.status !== 0) {
    process.stdout.write(child.stdout);
    t.summary();
    process.exit(1);
  }
  const run = { ...JSON.parse(fs.readFileSync(outFile, 'utf8')), stdout: child.stdout, stderr: child.stderr };
  const { HOST_SPAN_CONTEXT } = await import(HOST_MODULE);
  check(t, run, HOST_SPAN_CONTEXT);

  const normalised = toJson(normalise(run.calls, HOST_SPAN_CONTEXT, volatileKeys)) + '\n';
  const expectedFile = path.join(guestDir, expected);
  if (update || !fs.existsSync(expectedFile)) {
    fs.writeFileSync(expectedFile, normalised);
    console.log(`wrote ${path.relative(process.cwd(), expectedFile)}`);
  } else {
    t.ok(fs.readFileSync(expectedFile, 'utf8') === normalised,
      `normalised calls differ from ${expected} (see ${path.relative(process.cwd(), outFile)}; --update rewrites it)`);
    if (fs.readFileSync(expectedFile, 'utf8') !== normalised) {
      fs.writeFileSync(path.join(build, 'actual-calls.json'), normalised);
    }
  }
  if (!t.summary(name)) {
    process.exit(1);
  }
}

/** The recorded calls of one function, e.g. 'tracing.on-end'. */
export function callsOf(run, fn) {
  return run.calls.filter((c) => c.fn === fn);
}

/** A key-value list as a plain object of JSON texts (or of whatever the values are). */
export function attrs(list) {
  return Object.fromEntries((list ?? []).map((kv) => [kv.key, kv.value]));
}

/** Checks every datetime in `value` lies between `from` and `to` (milliseconds since the epoch). */
export function checkTimes(t, value, from, to, what) {
  const times = datetimesOf(value);
  t.ok(times.length > 0, `${what}: has datetimes`);
  const bad = times.filter((ms) => ms < from || ms > to);
  t.ok(bad.length === 0, `${what}: ${bad.length} datetimes outside [${new Date(from).toISOString()}, ${new Date(to).toISOString()}], e.g. ${bad[0] && new Date(bad[0]).toISOString()}`);
}
