// A local OTLP/HTTP receiver for benchmarks/http-load.sh: accepts protobuf exports on /v1/traces,
// /v1/metrics and /v1/logs, answers 200 with an empty ExportServiceResponse, and counts what it
// received by walking the protobuf (spans, metric data points, log records). It keeps nothing.
//
//   node otlp-sink.mjs PORT
//
// Prints "otlp-sink: listening on PORT" when ready, and on SIGTERM/SIGINT one line:
// "otlp-sink: received N spans, N metric points, N log records in N requests (N bytes), N refused".
import http from 'node:http';
import zlib from 'node:zlib';

const port = Number(process.argv[2] ?? 4318);
const counts = { spans: 0, points: 0, logs: 0, requests: 0, bytes: 0, refused: 0 };

// Reads a varint at buf[pos]; returns [value, next position]. Values above 2^53 lose precision,
// which only lengths and tags are read for here.
function varint(buf, pos) {
  let value = 0;
  let scale = 1;
  for (;;) {
    if (pos >= buf.length) throw new Error('truncated varint');
    const b = buf[pos++];
    value += (b & 0x7f) * scale;
    if (b < 0x80) return [value, pos];
    scale *= 128;
  }
}

// Calls visit(field, start, end) for each length-delimited field of the message buf[start, end).
function fields(buf, start, end, visit) {
  let pos = start;
  while (pos < end) {
    let tag;
    [tag, pos] = varint(buf, pos);
    const field = Math.floor(tag / 8);
    switch (tag & 7) {
      case 0: [, pos] = varint(buf, pos); break;
      case 1: pos += 8; break;
      case 5: pos += 4; break;
      case 2: {
        let len;
        [len, pos] = varint(buf, pos);
        if (pos + len > end) throw new Error('truncated field');
        visit(field, pos, pos + len);
        pos += len;
        break;
      }
      default: throw new Error(`wire type ${tag & 7}`);
    }
  }
}

// Counts the messages at the end of a path of field numbers (each step a set of fields).
function count(buf, start, end, path) {
  if (path.length === 0) return 1;
  let n = 0;
  fields(buf, start, end, (field, s, e) => {
    if (path[0].includes(field)) n += count(buf, s, e, path.slice(1));
  });
  return n;
}

// ExportTraceServiceRequest.resource_spans(1) > ResourceSpans.scope_spans(2) > ScopeSpans.spans(2)
const SPANS = [[1], [2], [2]];
// ...resource_logs(1) > scope_logs(2) > log_records(2)
const LOGS = [[1], [2], [2]];
// ...resource_metrics(1) > scope_metrics(2) > metrics(2) > gauge/sum/histogram/exp. histogram/summary > data_points(1)
const POINTS = [[1], [2], [2], [5, 7, 9, 10, 11], [1]];

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    let body = Buffer.concat(chunks);
    counts.requests++;
    counts.bytes += body.length;
    try {
      if (req.headers['content-encoding'] === 'gzip') body = zlib.gunzipSync(body);
      if (req.method !== 'POST') throw new Error(`method ${req.method}`);
      if (req.url === '/v1/traces') counts.spans += count(body, 0, body.length, SPANS);
      else if (req.url === '/v1/metrics') counts.points += count(body, 0, body.length, POINTS);
      else if (req.url === '/v1/logs') counts.logs += count(body, 0, body.length, LOGS);
      else throw new Error(`path ${req.url}`);
      res.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-length': 0 });
      res.end();
    } catch (e) {
      counts.refused++;
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(String(e));
    }
  });
});

function stop() {
  console.error(`otlp-sink: received ${counts.spans} spans, ${counts.points} metric points, ${counts.logs} log records`
    + ` in ${counts.requests} requests (${counts.bytes} bytes), ${counts.refused} refused`);
  process.exit(0);
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
server.listen(port, '127.0.0.1', () => console.error(`otlp-sink: listening on ${server.address().port}`));
