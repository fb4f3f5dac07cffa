// Verifies a wasi:http guest without the Java host: serves it with serve-node.mjs (jco transpile,
// preview2-shim's HTTPServer, a fresh instance per request, a recording wasi:otel host), sends the
// requests of the guest's expected-responses.json with curl, one at a time, and compares status,
// the listed response headers and the body bytes. A downstream server in this process answers the
// guest's outgoing requests. Then the recorded wasi:otel calls are checked by the guest's
// `checkCalls`. Prints 'GUEST: N passed, N failed' and exits non-zero on a failure.
//
// expected-responses.json is a list of cases, also meant for other hosts (the Java `serve` tests):
//   { "name", "method", "path", "headers": {name: value}, "body": BODY?,
//     "status", "responseHeaders": {name: value}, "responseBody": BODY | "same-as-request" }
// where BODY is {"text": "..."} or {"pattern": N} (N bytes, byte i = (i*31+7) mod 256), and
// "{downstream}" in a header value stands for the downstream server's base URL. The downstream
// answers GET /data with 200 "downstream data\n" and anything else with 404 "not found\n".
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Checks } from './verify-lib.mjs';

const TOOLS_DIR = path.dirname(fileURLToPath(import.meta.url));
const run = promisify(execFile);

/** The bytes a BODY stands for. */
export function bodyBytes(body) {
  if (body === undefined) {
    return Buffer.alloc(0);
  }
  if (body.text !== undefined) {
    return Buffer.from(body.text, 'utf8');
  }
  const out = Buffer.alloc(body.pattern);
  for (let i = 0; i < out.length; i++) {
    out[i] = (i * 31 + 7) % 256;
  }
  return out;
}

/** A loopback server for the guests' outgoing requests; it records what it received. */
async function startDownstream() {
  const received = [];
  const server = http.createServer((request, response) => {
    received.push({ method: request.method, url: request.url, headers: request.headers });
    request.resume();
    request.on('end', () => {
      if (request.method === 'GET' && request.url === '/data') {
        response.writeHead(200, { 'content-type': 'text/plain' }).end('downstream data\n');
      } else {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, received, url: `http://127.0.0.1:${server.address().port}` };
}

/** Starts serve-node.mjs on a free port; resolves with the child and its base URL. */
function startServer(guestDir, wasm, recordFile) {
  const child = spawn(process.execPath, [path.join(TOOLS_DIR, 'serve-node.mjs'), wasm, '--port', '0', '--record', recordFile], {
    cwd: guestDir,
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  let stderr = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve-node did not start in 120 s:\n${stderr}`)), 120_000);
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      const match = /listening on (http:\/\/[^/]+)\//.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1], stderr: () => stderr });
      }
    });
    child.on('exit', (code) => reject(new Error(`serve-node exited with ${code}:\n${stderr}`)));
  });
}

async function send(testCase, baseUrl, downstreamUrl, workDir, index) {
  const bodyFile = path.join(workDir, `response-${index}.bin`);
  const headerFile = path.join(workDir, `response-${index}.headers`);
  const args = ['-sS', '--max-time', '60', '-X', testCase.method, '-o', bodyFile, '-D', headerFile, '-w', '%{http_code}'];
  for (const [name, value] of Object.entries(testCase.headers ?? {})) {
    args.push('-H', `${name}: ${value.replaceAll('{downstream}', downstreamUrl)}`);
  }
  if (testCase.body !== undefined) {
    const requestFile = path.join(workDir, `request-${index}.bin`);
    fs.writeFileSync(requestFile, bodyBytes(testCase.body));
    args.push('-H', 'content-type: application/octet-stream', '--data-binary', `@${requestFile}`);
  }
  args.push(baseUrl + testCase.path);
  const { stdout } = await run('curl', args, { maxBuffer: 1 << 20 });
  const headers = {};
  for (const line of fs.readFileSync(headerFile, 'latin1').split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) {
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
  }
  return { status: Number(stdout), headers, body: fs.readFileSync(bodyFile) };
}

function describeBytes(bytes) {
  return bytes.length <= 200 ? JSON.stringify(bytes.toString('utf8')) : `${bytes.length} bytes`;
}

/**
 * Serves `wasm` (in guestDir) under Node, sends the cases of guestDir/expected-responses.json and
 * checks the answers, then calls checkCalls(t, calls, downstreamRequests) with the recorded
 * wasi:otel calls grouped by request number (1 = the first case).
 */
export async function verifyHttpGuest({ guestDir, wasm, checkCalls }) {
  const name = path.basename(wasm, '.wasm');
  const workDir = path.join(guestDir, 'build', `verify-${name}`);
  fs.rmSync(workDir, { recursive: true, force: true });
  fs.mkdirSync(workDir, { recursive: true });
  const cases = JSON.parse(fs.readFileSync(path.join(guestDir, 'expected-responses.json'), 'utf8'));
  const recordFile = path.join(workDir, 'calls.jsonl');
  const t = new Checks();
  const started = Date.now();

  const downstream = await startDownstream();
  const server = await startServer(guestDir, wasm, recordFile);
  try {
    for (const [index, testCase] of cases.entries()) {
      const response = await send(testCase, server.url, downstream.url, workDir, index);
      const label = `${testCase.name} (${testCase.method} ${testCase.path})`;
      t.equal(response.status, testCase.status, `${label}: status`);
      for (const [header, value] of Object.entries(testCase.responseHeaders ?? {})) {
        t.equal(response.headers[header], value, `${label}: header ${header}`);
      }
      const expected = testCase.responseBody === 'same-as-request' ? bodyBytes(testCase.body) : bodyBytes(testCase.responseBody);
      t.ok(response.body.equals(expected), `${label}: body: expected ${describeBytes(expected)}, got ${describeBytes(response.body)}`);
    }
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((resolve) => server.child.once('exit', resolve));
    downstream.server.close();
  }
  const stderr = server.stderr();
  const counts = /otel: requests (\d+), spans started (\d+), ended (\d+)/.exec(stderr);
  t.ok(counts !== null && Number(counts[1]) === cases.length, `serve-node counted ${cases.length} requests: ${stderr.trim().split('\n').pop()}`);

  const calls = new Map();
  for (const line of fs.readFileSync(recordFile, 'utf8').split('\n').filter(Boolean)) {
    const call = JSON.parse(line);
    if (!calls.has(call.request)) {
      calls.set(call.request, []);
    }
    calls.get(call.request).push(call);
  }
  checkCalls(t, calls, downstream.received, cases);
  console.log(`${name}: ${cases.length} requests in ${((Date.now() - started) / 1000).toFixed(1)} s (with transpiling)`);
  if (!t.summary(name)) {
    process.exit(1);
  }
}

/** The key-values of a wasi:otel attribute list as an object of JSON texts. */
export function attributesOf(list) {
  return Object.fromEntries((list ?? []).map((kv) => [kv.key, kv.value]));
}
