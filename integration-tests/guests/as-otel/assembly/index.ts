// The as-otel example guest: AssemblyScript without an SDK, writing the wasi:otel records in
// canonical-ABI layout (offsets as in ../c-otel/src/wasi_otel.h) and calling the core imports.
import { block, Datetime, getString, hostBlock, KeyValue, putBytes, putConst, putDatetime, putKeyValues, putString, release, utf8 } from './abi';


@external('wasi:otel/tracing@0.2.0-rc.2', 'on-start')
declare function onStart(traceId: usize, traceIdLen: u32, spanId: usize, spanIdLen: u32, flags: u32, isRemote: u32, traceState: usize, traceStateLen: u32): void;
@external('wasi:otel/tracing@0.2.0-rc.2', 'on-end')
declare function onEnd(spanData: usize): void;
@external('wasi:otel/tracing@0.2.0-rc.2', 'current-span-context')
declare function currentSpanContext(ret: usize): void;
@external('wasi:otel/logs@0.2.0-rc.2', 'on-emit')
declare function onEmit(logRecord: usize): void;
@external('wasi:otel/metrics@0.2.0-rc.2', 'export')
declare function exportMetrics(attributes: usize, attributesLen: u32, schemaIsSome: u32, schema: usize, schemaLen: u32, scopeMetrics: usize, scopeMetricsLen: u32, ret: usize): void;
@external('wasi:clocks/wall-clock@0.2.0', 'now')
declare function wallClockNow(ret: usize): void;

const KIND_CLIENT: u8 = 0;
const KIND_SERVER: u8 = 1;
const KIND_INTERNAL: u8 = 4;
const STATUS_OK: u8 = 1;
const STATUS_ERROR: u8 = 2;

function now(): Datetime {
  const ret = block(16);
  wallClockNow(ret);
  return new Datetime(load<u64>(ret), load<u32>(ret, 8));
}

// Span ids: splitmix64 seeded from the host's ids and an invocation counter.
let rngState: u64 = 0;
let invocations: u64 = 0;

function nextRandom(): u64 {
  rngState += 0x9e3779b97f4a7c15;
  let z = rngState;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
  z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
  return z ^ (z >> 31);
}

function seed(s: string): void {
  for (let i = 0; i < s.length; i++) {
    rngState = (rngState ^ <u64>s.charCodeAt(i)) * 0x100000001b3;
  }
}

function randomHex(bytes: i32): string {
  let out = '';
  for (let i = 0; i < bytes; i += 8) {
    const hex = nextRandom().toString(16).padStart(16, '0');
    out += hex.substring(0, min(16, (bytes - i) * 2));
  }
  return out;
}

function isValidId(id: string): bool {
  for (let i = 0; i < id.length; i++) {
    if (id.charAt(i) != '0') {
      return true;
    }
  }
  return false;
}

function jsonString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c == 0x22 || c == 0x5c) {
      out += '\\' + String.fromCharCode(c);
    } else if (c < 0x20) {
      out += '\\u' + c.toString(16).padStart(4, '0');
    } else {
      out += String.fromCharCode(c);
    }
  }
  return out + '"';
}

class Span {
  start: Datetime;
  // The ids as UTF-8, encoded once and pinned for the call: every record of the span reuses them.
  traceIdBytes: ArrayBuffer;
  spanIdBytes: ArrayBuffer;
  constructor(public traceId: string, public spanId: string, public parentSpanId: string, public name: string, public kind: u8) {
    this.start = now();
    this.traceIdBytes = utf8(traceId);
    this.spanIdBytes = utf8(spanId);
    const t = this.traceIdBytes;
    const s = this.spanIdBytes;
    onStart(changetype<usize>(t), <u32>t.byteLength, changetype<usize>(s), <u32>s.byteLength, 1, 0, 0, 0);
  }
}

/** span-context (28 bytes): trace-id, span-id, flags (sampled), is-remote, empty trace-state. */
function putSpanContext(at: usize, span: Span): void {
  putBytes(at, span.traceIdBytes);
  putBytes(at + 8, span.spanIdBytes);
  store<u8>(at, 1, 16);
}

/** instrumentation-scope (40 bytes). */
const SCOPE_ATTRIBUTES: KeyValue[] = [new KeyValue('scope.kind', '"manual"')];

function putScope(at: usize): void {
  putConst(at, 'wasi-otel-guests/as-otel');
  store<u8>(at, 1, 8);
  putConst(at + 12, '1.0.0');
  putKeyValues(at + 32, SCOPE_ATTRIBUTES);
}

// The attribute lists are built once; each call only writes them into its own memory.
const RESOURCE: KeyValue[] = [new KeyValue('service.name', '"as-otel-guest"'), new KeyValue('guest.toolchain', '"assemblyscript"')];
const NO_ATTRIBUTES: KeyValue[] = [];
const STEP_INDEX: KeyValue[] = [new KeyValue('step.index', '1')];
const STEP_ATTRIBUTES: KeyValue[] = [
  new KeyValue('step.index', '1'), new KeyValue('step.ratio', '0.5'), new KeyValue('step.ok', 'true'), new KeyValue('step.tags', '["a","b"]'),
];
const STEP_EVENT: KeyValue[] = [new KeyValue('step.items', '3')];
const LINK_ATTRIBUTES: KeyValue[] = [new KeyValue('link.reason', '"follows"')];
const ERROR_ATTRIBUTES: KeyValue[] = [new KeyValue('error.code', '42')];
const EXCEPTION: KeyValue[] = [new KeyValue('exception.message', '"simulated failure"')];
const ROUTE: KeyValue[] = [new KeyValue('route', '"/run"')];

/** on-end with a span-data (168 bytes, align 8); `extra` fills attributes, events, links, status. */
function end(span: Span, attributes: KeyValue[], events: usize, eventsLen: u32, links: usize, linksLen: u32, status: u8, message: string): void {
  const d = block(168);
  putSpanContext(d, span);
  putString(d + 28, span.parentSpanId);
  store<u8>(d, span.kind, 36);
  putConst(d + 40, span.name);
  putDatetime(d + 48, span.start);
  putDatetime(d + 64, now());
  putKeyValues(d + 80, attributes);
  store<u32>(d, <u32>events, 88);
  store<u32>(d, eventsLen, 92);
  store<u32>(d, <u32>links, 96);
  store<u32>(d, linksLen, 100);
  store<u8>(d, status, 104);
  if (status == STATUS_ERROR) {
    putConst(d + 108, message);
  }
  putScope(d + 116);
  onEnd(d);
}

/** One event (32 bytes, align 8). */
function event(name: string, attributes: KeyValue[]): usize {
  const e = block(32);
  putConst(e, name);
  putDatetime(e + 8, now());
  putKeyValues(e + 24, attributes);
  return e;
}

/** on-emit with a log-record (200 bytes, align 8). */
function log(severity: u8, severityText: string, bodyJson: string, attributes: KeyValue[], span: Span): void {
  const r = block(200);
  const t = now();
  store<u8>(r, 1, 0);
  putDatetime(r + 8, t);
  store<u8>(r, 1, 24);
  putDatetime(r + 32, t);
  store<u8>(r, 1, 48);
  putConst(r + 52, severityText);
  store<u8>(r, 1, 60);
  store<u8>(r, severity, 61);
  store<u8>(r, 1, 64);
  putConst(r + 68, bodyJson);
  store<u8>(r, 1, 76);
  putKeyValues(r + 80, attributes);
  // event-name (88) stays none
  store<u8>(r, 1, 100);
  putKeyValues(r + 104, RESOURCE);
  // resource schema-url (112) stays none
  store<u8>(r, 1, 124);
  putScope(r + 128);
  store<u8>(r, 1, 168);
  putBytes(r + 172, span.traceIdBytes);
  store<u8>(r, 1, 180);
  putBytes(r + 184, span.spanIdBytes);
  store<u8>(r, 1, 192);
  store<u8>(r, 1, 193);
  onEmit(r);
}

/** metric-number (16 bytes): tag at 0, value at 8. */
function putF64(at: usize, v: f64): void {
  store<u8>(at, 0);
  store<f64>(at, v, 8);
}

/** metrics.export with an s64 counter and an f64 histogram; returns the error text or "". */
function metrics(start: Datetime): string {
  const t = now();
  const metricList = block(2 * 80);

  // c.requests: s64-sum (tag 9), one point with value 1, cumulative, monotonic
  const m0 = metricList;
  putConst(m0, 'as.requests');
  putConst(m0 + 8, 'Calls of run');
  putConst(m0 + 16, '{call}');
  store<u8>(m0, 9, 24);
  const point = block(32);
  putKeyValues(point, ROUTE);
  store<u8>(point, 1, 8);
  store<i64>(point, 1, 16);
  const sum = m0 + 32;
  store<u32>(sum, <u32>point);
  store<u32>(sum, 1, 4);
  putDatetime(sum + 8, start);
  putDatetime(sum + 24, t);
  store<u8>(sum, 0, 40);
  store<u8>(sum, 1, 41);

  // as.latency: f64-histogram (tag 2), bounds [1, 5], counts [1, 1, 1]
  const m1 = metricList + 80;
  putConst(m1, 'as.latency');
  putConst(m1 + 8, 'A histogram');
  putConst(m1 + 16, 'ms');
  store<u8>(m1, 2, 24);
  const hp = block(104);
  putKeyValues(hp, ROUTE);
  store<u64>(hp, 3, 8);
  const bounds = block(16);
  store<f64>(bounds, 1.0);
  store<f64>(bounds, 5.0, 8);
  store<u32>(hp, <u32>bounds, 16);
  store<u32>(hp, 2, 20);
  const counts = block(24);
  store<u64>(counts, 1);
  store<u64>(counts, 1, 8);
  store<u64>(counts, 1, 16);
  store<u32>(hp, <u32>counts, 24);
  store<u32>(hp, 3, 28);
  store<u8>(hp, 1, 32);
  putF64(hp + 40, 0.5);
  store<u8>(hp, 1, 56);
  putF64(hp + 64, 8.0);
  putF64(hp + 80, 11.5);
  const histogram = m1 + 32;
  store<u32>(histogram, <u32>hp);
  store<u32>(histogram, 1, 4);
  putDatetime(histogram + 8, start);
  putDatetime(histogram + 24, t);
  store<u8>(histogram, 1, 40);

  const scopeMetrics = block(48);
  putScope(scopeMetrics);
  store<u32>(scopeMetrics, <u32>metricList, 40);
  store<u32>(scopeMetrics, 2, 44);

  const resource = block(8);
  putKeyValues(resource, RESOURCE);
  const ret = block(12);
  exportMetrics(<usize>load<u32>(resource), load<u32>(resource, 4), 0, 0, 0, scopeMetrics, 1, ret);
  return load<u8>(ret) != 0 ? getString(ret + 4) : '';
}

/** The allocator the host uses to pass strings and lists into this guest. */
export function cabi_realloc(old: usize, oldSize: usize, align: usize, newSize: usize): usize {
  return hostBlock(old, oldSize, newSize);
}

const result = memory.data(8);

/** `run: func(name: string) -> string` */
export function run(namePtr: usize, nameLen: u32): usize {
  const name = String.UTF8.decodeUnsafe(namePtr, nameLen, false);
  const host = block(28);
  currentSpanContext(host);
  const hostTrace = getString(host);
  const hostSpan = getString(host + 8);
  invocations++;
  rngState = invocations;
  seed(hostTrace);
  seed(hostSpan);
  const underHost = isValidId(hostTrace) && isValidId(hostSpan);
  const traceId = underHost ? hostTrace : randomHex(16);

  const root = new Span(traceId, randomHex(8), underHost ? hostSpan : '', 'as-run', KIND_SERVER);

  const step = new Span(traceId, randomHex(8), root.spanId, 'as-step', KIND_INTERNAL);
  log(9, 'INFO', '"step done"', STEP_INDEX, step);
  end(step, STEP_ATTRIBUTES, event('step.done', STEP_EVENT), 1, 0, 0, STATUS_OK, '');

  const fail = new Span(traceId, randomHex(8), root.spanId, 'as-fail', KIND_CLIENT);
  const link = block(36);
  putSpanContext(link, step);
  putKeyValues(link + 28, LINK_ATTRIBUTES);
  log(17, 'ERROR', '{"message":"simulated failure","code":42}', ERROR_ATTRIBUTES, fail);
  end(fail, NO_ATTRIBUTES, event('exception', EXCEPTION), 1, link, 1, STATUS_ERROR, 'simulated failure');

  const exportError = metrics(root.start);

  const rootAttributes: KeyValue[] = [
    new KeyValue('guest.name', jsonString(name), false),
    new KeyValue('guest.language', '"assemblyscript"'),
    new KeyValue('guest.clock.epoch_s', root.start.seconds.toString(), false),
  ];
  end(root, rootAttributes, 0, 0, 0, 0, 0, '');

  let text = 'hello ' + name + ' from as-otel (trace ' + traceId + ')';
  if (exportError.length > 0) {
    text += ' metrics export failed: ' + exportError;
  }
  const bytes = utf8(text);
  store<u32>(result, <u32>changetype<usize>(bytes));
  store<u32>(result, <u32>bytes.byteLength, 4);
  return result;
}

/** Called by the host after it has read run's result: everything of this call can go. */
export function cabi_post_run(ret: usize): void {
  release();
}

/** Without a host `abort` import (see build.sh --use abort=...), a failed assertion traps. */
function abortTrap(message: usize, fileName: usize, line: u32, column: u32): void {
  unreachable();
}
