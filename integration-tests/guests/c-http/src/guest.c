// The c-http example guest: a wasi:http incoming-handler in C without libc or wit-bindgen, for
// load tests and failure tests of HTTP hosts. The canonical-ABI glue is written by hand
// (wasi_http.h, ../../tools/c/wasi_otel.h). Routes:
//   /trap          traps (`unreachable`) before setting a response
//   /no-response   returns without setting a response (drops the response-outparam)
//   GET  /fetch    one outgoing GET (wasi:http/outgoing-handler) to the URL in header
//                  x-downstream; 200 "fetch: STATUS N bytes\n", or 502 "fetch: error CASE\n" naming
//                  the error-code case the host returned (e.g. HTTP-request-denied)
//   GET  (any other path)        200, the fixed body "hello from c-http\n"
//   POST or PUT (any other path) 200, the request body echoed, streamed in chunks of at most
//                                4096 bytes through one buffer (memory stays bounded)
//   other methods                405
// Each request is one wasi:otel span `c-http-request` under the host's span
// (current-span-context), ended before the handler returns; the trap route leaves it open. A
// client that goes away mid-response ends the span with an error status (no trap). Everything a
// request allocates is released when it ends, so an instance may also serve many requests.
#include "../../tools/c/wasi_otel.h"
#include "../../tools/c/guest_memory.h"
#include "wasi_http.h"

#define CHUNK 4096

/* ---- span ids: splitmix64 seeded from the host's ids and the clock ---- */

static uint64_t rng_state;

static uint64_t next_random(void) {
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static void seed_from(const char *p, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) {
    rng_state = (rng_state ^ (unsigned char)p[i]) * 0x100000001B3ull;
  }
}

static wit_string random_hex(uint32_t bytes) {
  static const char hex[] = "0123456789abcdef";
  char *out = arena_alloc(bytes * 2, 1);
  for (uint32_t i = 0; i < bytes; i += 8) {
    uint64_t r = next_random();
    for (uint32_t j = 0; j < 8 && i + j < bytes; j++) {
      out[(i + j) * 2] = hex[(r >> (j * 8 + 4)) & 15];
      out[(i + j) * 2 + 1] = hex[(r >> (j * 8)) & 15];
    }
  }
  return (wit_string){out, bytes * 2};
}

static int is_valid_id(wit_string id) {
  for (uint32_t i = 0; i < id.len; i++) {
    if (id.ptr[i] != '0') {
      return 1;
    }
  }
  return 0;
}

static wit_datetime now(void) {
  wit_datetime t;
  wall_clock_now(&t);
  return t;
}

static int equals(const char *p, uint32_t n, const char *literal) {
  uint32_t m = cstr_len(literal);
  if (n != m) {
    return 0;
  }
  for (uint32_t i = 0; i < n; i++) {
    if (p[i] != literal[i]) {
      return 0;
    }
  }
  return 1;
}

/* ---- the request's span ---- */

static const otel_scope SCOPE = {STR("wasi-otel-guests/c-http"), {1, STR("1.0.0")}, {0}, {0, 0}};

typedef struct {
  otel_span_context context;
  wit_string parent_span_id;
  wit_datetime start;
} open_span;

static open_span start_request_span(void) {
  otel_span_context host;
  otel_current_span_context(&host);
  wit_datetime start = now();
  rng_state = start.seconds * 1000000000ull + start.nanoseconds;
  seed_from(host.trace_id.ptr, host.trace_id.len);
  seed_from(host.span_id.ptr, host.span_id.len);
  int under_host = is_valid_id(host.trace_id) && is_valid_id(host.span_id);
  open_span span = {
      .context = {under_host ? host.trace_id : random_hex(16), random_hex(8), OTEL_TRACE_FLAG_SAMPLED, 0, {0, 0}},
      .parent_span_id = under_host ? host.span_id : STR(""),
      .start = start,
  };
  otel_on_start(span.context.trace_id.ptr, span.context.trace_id.len, span.context.span_id.ptr,
                span.context.span_id.len, span.context.trace_flags, span.context.is_remote, 0, 0);
  return span;
}

/**
 * Ends the span with the method, path, status (0: none was sent) and echoed byte count (-1: no
 * echo) as attributes; the status is error when `error` is not empty or the HTTP status is 5xx.
 */
static void end_request_span(const open_span *span, wit_string method, wit_string path, int status, int64_t echoed,
                             wit_string error) {
  otel_key_value *attributes = arena_alloc(4 * sizeof(otel_key_value), 4);
  uint32_t count = 0;
  text method_json = text_new();
  text_json_string(&method_json, method.ptr, method.len);
  attributes[count++] = (otel_key_value){STR("http.request.method"), text_done(method_json)};
  text path_json = text_new();
  text_json_string(&path_json, path.ptr, path.len);
  attributes[count++] = (otel_key_value){STR("url.path"), text_done(path_json)};
  if (status > 0) {
    text status_json = text_new();
    text_u64(&status_json, (uint64_t)status);
    attributes[count++] = (otel_key_value){STR("http.response.status_code"), text_done(status_json)};
  }
  if (echoed >= 0) {
    text echoed_json = text_new();
    text_u64(&echoed_json, (uint64_t)echoed);
    attributes[count++] = (otel_key_value){STR("c-http.echoed.bytes"), text_done(echoed_json)};
  }
  otel_span_data data = {0};
  data.span_context = span->context;
  data.parent_span_id = span->parent_span_id;
  data.span_kind = OTEL_KIND_INTERNAL;
  data.name = STR("c-http-request");
  data.start_time = span->start;
  data.end_time = now();
  data.attributes = (otel_key_values){attributes, count};
  if (error.len == 0 && status >= 500) {
    error = STR("server error");
  }
  data.status.tag = error.len > 0 ? OTEL_STATUS_ERROR : OTEL_STATUS_UNSET;
  data.status.error = error;
  data.instrumentation_scope = SCOPE;
  otel_on_end(&data);
}

/* ---- responses ---- */

static void add_header(handle fields, const char *name, const char *value) {
  http_header_result result;
  http_fields_append(fields, name, cstr_len(name), (const uint8_t *)value, cstr_len(value), &result);
  if (result.is_err) {
    __builtin_trap();
  }
}

static handle take(http_result_handle result) {
  if (result.is_err) {
    __builtin_trap();
  }
  return result.value;
}

/** Sets the response (status and headers) and returns its body's output stream in *out. */
static handle respond(handle outparam, int status, const char *content_type, handle *out) {
  handle headers = http_fields_new();
  add_header(headers, "content-type", content_type);
  add_header(headers, "x-guest", "c-http");
  handle response = http_outgoing_response_new(headers);
  if (http_outgoing_response_set_status_code(response, status) != 0) {
    __builtin_trap();
  }
  http_result_handle result;
  http_outgoing_response_body(response, &result);
  handle body = take(result);
  http_response_outparam_set(outparam, 0, response, 0, 0, 0, 0, 0, 0);
  http_outgoing_body_write(body, &result);
  *out = take(result);
  return body;
}

/** Writes all bytes; 0 when the stream failed (the client went away), else 1. */
static int write_all(handle stream, const uint8_t *p, uint32_t n) {
  while (n > 0) {
    uint32_t chunk = n < CHUNK ? n : CHUNK; /* blocking-write-and-flush takes at most 4096 bytes */
    io_write_result result;
    io_output_stream_blocking_write_and_flush(stream, p, chunk, &result);
    if (result.is_err) {
      return 0;
    }
    p += chunk;
    n -= chunk;
  }
  return 1;
}

/** Ends the body; 0 when that failed, else 1. */
static int finish(handle body, handle stream) {
  io_output_stream_drop(stream);
  http_finish_result result;
  http_outgoing_body_finish(body, 0, 0, &result);
  return !result.is_err;
}

static wit_string respond_text(handle outparam, int status, const char *text_body) {
  handle stream;
  handle body = respond(outparam, status, "text/plain; charset=utf-8", &stream);
  int written = write_all(stream, (const uint8_t *)text_body, cstr_len(text_body));
  return finish(body, stream) && written ? STR("") : STR("response body not sent");
}

/**
 * Streams the request body back: one read of at most CHUNK bytes, one write, memory released.
 * Returns the bytes echoed; *error says why the echo stopped early, if it did.
 */
static int64_t echo(handle request, handle outparam, wit_string *error) {
  http_result_handle result;
  http_incoming_request_consume(request, &result);
  handle incoming = take(result);
  http_incoming_body_stream(incoming, &result);
  handle in = take(result);
  handle out;
  handle body = respond(outparam, 200, "application/octet-stream", &out);
  int64_t total = 0;
  for (;;) {
    uintptr_t mark = arena_top; /* the host allocates each chunk here through cabi_realloc */
    io_read_result read;
    io_input_stream_blocking_read(in, CHUNK, &read);
    if (read.is_err) {
      if (read.val.err.tag != STREAM_ERROR_CLOSED) {
        *error = STR("request body not read");
      }
      break;
    }
    if (!write_all(out, read.val.ok.ptr, read.val.ok.len)) {
      *error = STR("response body not sent");
      break;
    }
    total += read.val.ok.len;
    arena_top = mark;
  }
  io_input_stream_drop(in);
  http_incoming_body_drop(incoming);
  if (!finish(body, out) && error->len == 0) {
    *error = STR("response body not finished");
  }
  return total;
}

/* ---- the /fetch route: one outgoing GET ---- */

static int starts_with(const char *p, uint32_t n, const char *prefix) {
  uint32_t m = cstr_len(prefix);
  return n >= m && equals(p, m, prefix);
}

/** The first value of request header `name`, or an empty string. */
static wit_string header_value(handle request, const char *name) {
  handle fields = http_incoming_request_headers(request);
  http_field_values values;
  http_fields_get(fields, name, cstr_len(name), &values);
  http_fields_drop(fields);
  return values.len > 0 ? (wit_string){(const char *)values.ptr[0].ptr, values.ptr[0].len} : STR("");
}

/** Reads a stream to its end through one chunk of memory; returns the bytes read. */
static int64_t drain(handle in) {
  int64_t total = 0;
  for (;;) {
    uintptr_t mark = arena_top;
    io_read_result read;
    io_input_stream_blocking_read(in, CHUNK, &read);
    if (read.is_err) {
      break;
    }
    total += read.val.ok.len;
    arena_top = mark;
  }
  return total;
}

static void add_error_code(text *line, uint8_t tag) {
  text_cstr(line, "fetch: error ");
  text_cstr(line, tag < sizeof(HTTP_ERROR_CODES) / sizeof(HTTP_ERROR_CODES[0]) ? HTTP_ERROR_CODES[tag] : "unknown");
  text_cstr(line, "\n");
}

/**
 * GETs `url` (http:// or https://) through wasi:http/outgoing-handler and writes what happened to
 * `line`: "fetch: STATUS N bytes", or "fetch: error ERROR-CODE" with the error-code case the host
 * returned. Returns the status to answer with (200, 400 for a bad URL, 502 for an error).
 */
static int fetch(wit_string url, text *line) {
  const char *p = url.ptr;
  uint32_t n = url.len;
  int https = starts_with(p, n, "https://");
  if (!https && !starts_with(p, n, "http://")) {
    text_cstr(line, "fetch: give an http:// or https:// URL in x-downstream\n");
    return 400;
  }
  uint32_t skip = https ? 8 : 7;
  p += skip;
  n -= skip;
  uint32_t authority = 0;
  while (authority < n && p[authority] != '/') {
    authority++;
  }
  const char *path = authority < n ? p + authority : "/";
  uint32_t path_len = authority < n ? n - authority : 1;

  handle request = http_outgoing_request_new(http_fields_new());
  if (http_outgoing_request_set_scheme(request, 1, https ? SCHEME_HTTPS : SCHEME_HTTP, 0, 0) != 0 ||
      http_outgoing_request_set_authority(request, 1, p, authority) != 0 ||
      http_outgoing_request_set_path_with_query(request, 1, path, path_len) != 0) {
    text_cstr(line, "fetch: the host refused the URL\n");
    return 400;
  }
  http_result_handle result;
  http_outgoing_request_body(request, &result);
  handle body = take(result);
  http_result_handle_or_error sent;
  http_outgoing_handle(request, 0, 0, &sent);
  http_finish_result finished;
  http_outgoing_body_finish(body, 0, 0, &finished); /* an empty body, ended after handing the request over */
  if (sent.is_err) {
    add_error_code(line, sent.val.error_code_tag);
    return 502;
  }
  handle future = sent.val.ok;
  handle ready = http_future_incoming_response_subscribe(future);
  io_pollable_block(ready);
  io_pollable_drop(ready);
  http_future_response got;
  http_future_incoming_response_get(future, &got);
  http_future_incoming_response_drop(future);
  if (!got.is_some || got.outer_is_err) {
    text_cstr(line, "fetch: error no response after the pollable was ready\n");
    return 502;
  }
  if (got.inner_is_err) {
    add_error_code(line, got.val.error_code_tag);
    return 502;
  }
  handle response = got.val.ok;
  int status = http_incoming_response_status(response);
  http_incoming_response_consume(response, &result);
  handle incoming = take(result);
  http_incoming_body_stream(incoming, &result);
  handle in = take(result);
  int64_t bytes = drain(in);
  io_input_stream_drop(in);
  http_incoming_body_drop(incoming);
  http_incoming_response_drop(response);
  text_cstr(line, "fetch: ");
  text_u64(line, (uint64_t)status);
  text_cstr(line, " ");
  text_u64(line, (uint64_t)bytes);
  text_cstr(line, " bytes\n");
  return 200;
}

/** Answers `text_body` (not NUL-terminated) with `status`. */
static wit_string respond_bytes(handle outparam, int status, wit_string text_body) {
  handle stream;
  handle body = respond(outparam, status, "text/plain; charset=utf-8", &stream);
  int written = write_all(stream, (const uint8_t *)text_body.ptr, text_body.len);
  return finish(body, stream) && written ? STR("") : STR("response body not sent");
}

/* ---- the export ---- */

/** `wasi:http/incoming-handler.handle: func(request: incoming-request, response-out: response-outparam)` */
__attribute__((export_name("wasi:http/incoming-handler@0.2.12#handle")))
void handle_request(handle request, handle outparam) {
  open_span span = start_request_span();

  http_method method;
  http_incoming_request_method(request, &method);
  static const char *const NAMES[] = {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"};
  wit_string method_name = method.tag == METHOD_OTHER ? (wit_string){method.other_ptr, method.other_len}
                                                      : (wit_string){NAMES[method.tag], cstr_len(NAMES[method.tag])};
  http_option_string path_with_query;
  http_incoming_request_path_with_query(request, &path_with_query);
  wit_string path = path_with_query.is_some ? (wit_string){path_with_query.ptr, path_with_query.len} : STR("/");
  for (uint32_t i = 0; i < path.len; i++) {
    if (path.ptr[i] == '?') {
      path.len = i;
      break;
    }
  }

  if (equals(path.ptr, path.len, "/trap")) {
    __builtin_trap();
  }
  if (equals(path.ptr, path.len, "/no-response")) {
    end_request_span(&span, method_name, path, 0, -1, STR(""));
    http_response_outparam_drop(outparam);
    http_incoming_request_drop(request);
    arena_reset();
    return;
  }

  // A client that goes away mid-response is not a trap: the span ends with an error status.
  int status;
  int64_t echoed = -1;
  wit_string error = STR("");
  if (method.tag == METHOD_GET && equals(path.ptr, path.len, "/fetch")) {
    wit_string url = header_value(request, "x-downstream");
    text line = text_new();
    if (url.len == 0) {
      text_cstr(&line, "fetch: no x-downstream header\n");
      status = 400;
    } else {
      status = fetch(url, &line);
    }
    error = respond_bytes(outparam, status, text_done(line));
  } else if (method.tag == METHOD_GET) {
    status = 200;
    error = respond_text(outparam, status, "hello from c-http\n");
  } else if (method.tag == METHOD_POST || method.tag == METHOD_PUT) {
    status = 200;
    echoed = echo(request, outparam, &error);
  } else {
    status = 405;
    error = respond_text(outparam, status, "method not allowed\n");
  }
  http_incoming_request_drop(request);
  end_request_span(&span, method_name, path, status, echoed, error);
  // A host may call handle again on the same instance: nothing of this request is kept.
  arena_reset();
}
