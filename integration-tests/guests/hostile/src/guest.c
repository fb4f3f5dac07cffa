// The hostile guest: one export, `attack: func(mode: string, n: u32, m: u32) -> string`, whose
// modes each abuse the host in one way that issue 11 lists (memory, time, telemetry, reentrance).
// No libc; the wasi:otel records are built in memory as the canonical ABI lays them out
// (wasi_otel.h), like c-otel. Every mode is described at `attack` below and in ../README.md.
#include "../../tools/c/wasi_otel.h"
#define GUEST_CUSTOM_REALLOC
#include "../../tools/c/guest_memory.h"

#define KV(k, v) ((otel_key_value){STR(k), STR(v)})
#define MIB (1024u * 1024u)

/* ---- cabi_realloc, which can be made to call a host import (forbidden by the component model) ---- */

/** Set by mode realloc-reenter: from then on cabi_realloc calls current-span-context. */
static volatile int reenter_from_realloc;
/** Where the re-entrant call's result goes; static so that the recursion uses no shadow stack. */
static otel_span_context reenter_result;

__attribute__((export_name("cabi_realloc")))
void *cabi_realloc(void *old, uint32_t old_size, uint32_t align, uint32_t new_size) {
  if (reenter_from_realloc) {
    otel_current_span_context(&reenter_result);
  }
  return arena_realloc(old, old_size, align, new_size);
}

/* ---- ids: splitmix64 seeded by the host's span context and a call count, as in c-otel ---- */

static uint64_t rng_state;
static uint64_t calls;

static uint64_t next_random(void) {
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static void seed_from(wit_string s) {
  for (uint32_t i = 0; i < s.len; i++) {
    rng_state = (rng_state ^ (unsigned char)s.ptr[i]) * 0x100000001B3ull;
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

/* ---- telemetry helpers ---- */

static const otel_scope SCOPE = {STR("wasi-otel-guests/hostile"), {1, STR("1.0.0")}, {0}, {0, 0}};
static const otel_key_value SERVICE[] = {KV("service.name", "\"hostile-guest\"")};

/** The host's span context, read at the start of each call. */
static otel_span_context host;

static wit_datetime now(void) {
  wit_datetime t;
  wall_clock_now(&t);
  return t;
}

static void read_host_context(void) {
  otel_current_span_context(&host);
  calls++;
  rng_state = calls;
  seed_from(host.trace_id);
  seed_from(host.span_id);
}

/** A span under the host's span (or a new trace), started with on-start; the caller fills it in. */
static otel_span_data start_span(wit_string name) {
  int under_host = is_valid_id(host.trace_id) && is_valid_id(host.span_id);
  otel_span_data d = {0};
  d.span_context = (otel_span_context){under_host ? host.trace_id : random_hex(16), random_hex(8),
                                       OTEL_TRACE_FLAG_SAMPLED, 0, {0, 0}};
  d.parent_span_id = under_host ? host.span_id : STR("");
  d.span_kind = OTEL_KIND_INTERNAL;
  d.name = name;
  d.start_time = now();
  d.status.tag = OTEL_STATUS_UNSET;
  d.instrumentation_scope = SCOPE;
  otel_on_start(d.span_context.trace_id.ptr, d.span_context.trace_id.len, d.span_context.span_id.ptr,
                d.span_context.span_id.len, d.span_context.trace_flags, d.span_context.is_remote, 0, 0);
  return d;
}

static void end_span(otel_span_data *d) {
  d->end_time = now();
  otel_on_end(d);
}

static void emit_log(wit_string body_json, otel_key_values attributes, otel_resource resource) {
  otel_log_record record = {0};
  wit_datetime t = now();
  record.timestamp = (wit_option_datetime){1, t};
  record.observed_timestamp = (wit_option_datetime){1, t};
  record.severity_text = (wit_option_string){1, STR("INFO")};
  record.severity_number = (wit_option_u8){1, 9};
  record.body = (wit_option_string){1, body_json};
  record.attributes = (otel_option_key_values){1, attributes};
  record.resource = (otel_option_resource){1, resource};
  record.instrumentation_scope = (otel_option_scope){1, SCOPE};
  otel_on_emit(&record);
}

/** One metrics.export of `metrics`; the error text if the host returned err, else empty. */
static wit_string export_metrics(otel_key_values resource, otel_metric *metrics, uint32_t count) {
  otel_scope_metrics *scope_metrics = arena_alloc(sizeof(otel_scope_metrics), 8);
  scope_metrics->scope = SCOPE;
  scope_metrics->metrics.ptr = metrics;
  scope_metrics->metrics.len = count;
  otel_export_result *result = arena_alloc(sizeof(otel_export_result), 4);
  otel_export(resource.ptr, resource.len, 0, 0, 0, scope_metrics, 1, result);
  return result->is_err ? result->error : STR("");
}

static otel_metric counter(wit_string name, int64_t value) {
  otel_number_data_point *point = arena_alloc(sizeof(otel_number_data_point), 8);
  *point = (otel_number_data_point){{0, 0}, {OTEL_NUMBER_S64, {.s64 = value}}, {0, 0}};
  wit_datetime t = now();
  return (otel_metric){name, STR(""), STR(""),
                       {OTEL_S64_SUM, {.sum = {{point, 1}, t, t, OTEL_TEMPORALITY_CUMULATIVE, 1}}}};
}

/** `key` followed by the decimal digits of `i`, e.g. "k17". */
static wit_string numbered(const char *key, uint32_t i) {
  text t = text_new();
  text_cstr(&t, key);
  text_u64(&t, i);
  return text_done(t);
}

/** A JSON string value of `len` bytes in all: a quote, len - 2 times `fill`, a quote. */
static wit_string json_string_of(uint32_t len, char fill) {
  if (len < 2) {
    len = 2;
  }
  char *s = arena_alloc(len, 1);
  s[0] = '"';
  for (uint32_t i = 1; i + 1 < len; i++) {
    s[i] = fill;
  }
  s[len - 1] = '"';
  return (wit_string){s, len};
}

static void text_result(text *out, wit_string export_error) {
  if (export_error.len == 0) {
    text_cstr(out, "ok");
  } else {
    text_cstr(out, "err: ");
    text_add(out, export_error.ptr, export_error.len);
  }
}

/* ---- the modes ---- */

/** 1. One span whose n attribute values all point at the same m MiB of memory. */
static void alias_attrs(text *out, uint32_t n, uint32_t m) {
  wit_string shared = json_string_of(m * MIB, 'a');
  otel_key_value *attributes = arena_alloc(n * sizeof(otel_key_value), 4);
  for (uint32_t i = 0; i < n; i++) {
    attributes[i] = (otel_key_value){numbered("alias.", i), shared};
  }
  otel_span_data span = start_span(STR("alias-attrs"));
  span.attributes = (otel_key_values){attributes, n};
  end_span(&span);
  *out = text_new();
  text_cstr(out, "alias-attrs: on-end returned after ");
  text_u64(out, n);
  text_cstr(out, " attributes of ");
  text_u64(out, m);
  text_cstr(out, " MiB each");
}

/** 3. memory.grow by n pages (at least 1) at a time until it fails, then page by page. */
static void grow(text *out, uint32_t n) {
  uint32_t step = n == 0 ? 1 : n;
  uint32_t before = __builtin_wasm_memory_size(0);
  uint32_t got = 0;
  while (step > 0) {
    if (__builtin_wasm_memory_grow(0, step) == (uintptr_t)-1) {
      step = step == 1 ? 0 : 1;
    } else {
      got += step;
    }
  }
  *out = text_new();
  text_cstr(out, "grow: got ");
  text_u64(out, got);
  text_cstr(out, " pages (from ");
  text_u64(out, before);
  text_cstr(out, " to ");
  text_u64(out, __builtin_wasm_memory_size(0));
  text_cstr(out, "), then memory.grow returned -1");
}

/** 4. Resource attribute keys that are non-ASCII and 300 characters long, on a log and on metrics. */
static void resource_keys(text *out) {
  char *long_key = arena_alloc(300, 1);
  for (uint32_t i = 0; i < 300; i++) {
    long_key[i] = 'k';
  }
  otel_key_value *attributes = arena_alloc(3 * sizeof(otel_key_value), 4);
  attributes[0] = KV("service.name", "\"hostile-guest\"");
  attributes[1] = KV("cl\xc3\xa9", "\"accent\"");
  attributes[2] = (otel_key_value){{long_key, 300}, STR("\"long\"")};
  otel_key_values resource = {attributes, 3};
  emit_log(STR("\"resource-keys log\""), (otel_key_values){0, 0}, (otel_resource){resource, {0}});
  otel_metric *metric = arena_alloc(sizeof(otel_metric), 8);
  *metric = counter(STR("hostile.resource_keys"), 1);
  wit_string error = export_metrics(resource, metric, 1);
  *out = text_new();
  text_cstr(out, "resource-keys: log emitted, metrics export ");
  text_result(out, error);
}

static volatile uint64_t spins;

/** 5. Ends one span and emits one log record, then never returns. */
static void spin(void) {
  otel_span_data span = start_span(STR("spin-before"));
  end_span(&span);
  emit_log(STR("\"spinning\""), (otel_key_values){0, 0}, (otel_resource){LIST(SERVICE), {0}});
  for (;;) {
    spins++;
  }
}

/** 6a. A span whose name is n MiB long. */
static void huge_name(text *out, uint32_t n) {
  wit_string name = json_string_of(n * MIB, 'n');
  otel_span_data span = start_span(name);
  end_span(&span);
  *out = text_new();
  text_cstr(out, "huge-name: on-end returned after a name of ");
  text_u64(out, n);
  text_cstr(out, " MiB");
}

/** 6b. An f64 histogram with n buckets (n - 1 ascending bounds), one count in each. */
static void huge_histogram(text *out, uint32_t n) {
  uint32_t buckets = n == 0 ? 1 : n;
  double *bounds = arena_alloc((buckets - 1) * sizeof(double), 8);
  uint64_t *counts = arena_alloc(buckets * sizeof(uint64_t), 8);
  for (uint32_t i = 0; i < buckets; i++) {
    if (i + 1 < buckets) {
      bounds[i] = (double)i;
    }
    counts[i] = 1;
  }
  otel_histogram_data_point *point = arena_alloc(sizeof(otel_histogram_data_point), 8);
  *point = (otel_histogram_data_point){{0, 0}, buckets, {bounds, buckets - 1}, {counts, buckets},
                                       {0, {0, {.f64 = 0}}}, {0, {0, {.f64 = 0}}},
                                       {OTEL_NUMBER_F64, {.f64 = (double)buckets}}, {0, 0}};
  wit_datetime t = now();
  otel_metric *metric = arena_alloc(sizeof(otel_metric), 8);
  *metric = (otel_metric){STR("hostile.huge_histogram"), STR(""), STR(""),
                          {OTEL_F64_HISTOGRAM, {.histogram = {{point, 1}, t, t, OTEL_TEMPORALITY_CUMULATIVE}}}};
  wit_string error = export_metrics((otel_key_values)LIST(SERVICE), metric, 1);
  *out = text_new();
  text_cstr(out, "huge-histogram: ");
  text_u64(out, buckets);
  text_cstr(out, " buckets, metrics export ");
  text_result(out, error);
}

/** 6c. A span and a log record with n attributes each, every value a JSON string of m bytes. */
static void many_attrs(text *out, uint32_t n, uint32_t m) {
  otel_key_value *attributes = arena_alloc(n * sizeof(otel_key_value), 4);
  for (uint32_t i = 0; i < n; i++) {
    attributes[i] = (otel_key_value){numbered("attr.", i), json_string_of(m, 'v')};
  }
  otel_span_data span = start_span(STR("many-attrs"));
  span.attributes = (otel_key_values){attributes, n};
  end_span(&span);
  emit_log(STR("\"many-attrs log\""), (otel_key_values){attributes, n}, (otel_resource){LIST(SERVICE), {0}});
  *out = text_new();
  text_cstr(out, "many-attrs: a span and a log with ");
  text_u64(out, n);
  text_cstr(out, " attributes of ");
  text_u64(out, m);
  text_cstr(out, " bytes");
}

/** 8. Datetimes {2^64-1 s, 4294967295 ns}: as start and end of one span, as the end of another. */
static void datetime_max(text *out) {
  const wit_datetime max = {18446744073709551615ull, 4294967295u};
  otel_span_data both = start_span(STR("datetime-max-both"));
  both.start_time = max;
  both.end_time = max;
  otel_on_end(&both);
  otel_span_data end = start_span(STR("datetime-max-end"));
  end.end_time = max;
  otel_on_end(&end);
  *out = text_new();
  text_cstr(out, "datetime-max: two spans ended");
}

/** A histogram metric of one data point. */
static otel_metric histogram(wit_string name, uint64_t count, const double *bounds, uint32_t bounds_len,
                             const uint64_t *counts, uint32_t counts_len) {
  otel_histogram_data_point *point = arena_alloc(sizeof(otel_histogram_data_point), 8);
  *point = (otel_histogram_data_point){{0, 0}, count, {bounds, bounds_len}, {counts, counts_len},
                                       {0, {0, {.f64 = 0}}}, {0, {0, {.f64 = 0}}},
                                       {OTEL_NUMBER_F64, {.f64 = 1.0}}, {0, 0}};
  wit_datetime t = now();
  return (otel_metric){name, STR(""), STR(""),
                       {OTEL_F64_HISTOGRAM, {.histogram = {{point, 1}, t, t, OTEL_TEMPORALITY_CUMULATIVE}}}};
}

/** 9. Histograms with descending and NaN bounds, counts that do not sum, scale 127, a u64 of -1. */
static void bad_histograms(text *out) {
  static const double DESCENDING[] = {10.0, 5.0, 1.0};
  static const double WITH_NAN[] = {1.0, __builtin_nan(""), 10.0};
  static const double ASCENDING[] = {1.0, 5.0};
  static const uint64_t FOUR[] = {1, 1, 1, 1};
  static const uint64_t THREE[] = {1, 1, 1};
  static const uint64_t POSITIVE[] = {1, 2};
  otel_metric *metrics = arena_alloc(5 * sizeof(otel_metric), 8);
  metrics[0] = histogram(STR("bad.descending_bounds"), 4, DESCENDING, 3, FOUR, 4);
  metrics[1] = histogram(STR("bad.nan_bounds"), 4, WITH_NAN, 3, FOUR, 4);
  metrics[2] = histogram(STR("bad.count_mismatch"), 100, ASCENDING, 2, THREE, 3);

  otel_exponential_histogram_data_point *exponential = arena_alloc(sizeof(otel_exponential_histogram_data_point), 8);
  *exponential = (otel_exponential_histogram_data_point){
      .count = 3,
      .sum = {OTEL_NUMBER_F64, {.f64 = 3.0}},
      .scale = 127,
      .positive_bucket = {0, LIST(POSITIVE)},
  };
  wit_datetime t = now();
  metrics[3] = (otel_metric){STR("bad.scale_127"), STR(""), STR(""),
                             {OTEL_F64_EXPONENTIAL_HISTOGRAM,
                              {.exponential_histogram = {{exponential, 1}, t, t, OTEL_TEMPORALITY_CUMULATIVE}}}};

  otel_number_data_point *minus_one = arena_alloc(sizeof(otel_number_data_point), 8);
  *minus_one = (otel_number_data_point){{0, 0}, {OTEL_NUMBER_S64, {.s64 = -1}}, {0, 0}};
  metrics[4] = (otel_metric){STR("bad.u64_minus_one"), STR(""), STR(""),
                             {OTEL_U64_SUM, {.sum = {{minus_one, 1}, t, t, OTEL_TEMPORALITY_CUMULATIVE, 1}}}};
  wit_string error = export_metrics((otel_key_values)LIST(SERVICE), metrics, 5);
  *out = text_new();
  text_cstr(out, "bad-histograms: metrics export ");
  text_result(out, error);
}

static void append_context(text *out, const otel_span_context *c) {
  text_add(out, c->trace_id.ptr, c->trace_id.len);
  text_cstr(out, "/");
  text_add(out, c->span_id.ptr, c->span_id.len);
}

/** 10. Reports the context the host gave, starts a span and returns without ending it. */
static void leave_open(text *out) {
  otel_span_data span = start_span(STR("left-open"));
  *out = text_new();
  text_cstr(out, "leave-open: current=");
  append_context(out, &host);
  text_cstr(out, " opened=");
  append_context(out, &span.span_context);
}

/** 11. One metrics.export; reports its result and how long the guest waited for it (wall clock). */
static void metrics_export(text *out) {
  otel_metric *metric = arena_alloc(sizeof(otel_metric), 8);
  *metric = counter(STR("hostile.exports"), 1);
  wit_datetime before = now();
  wit_string error = export_metrics((otel_key_values)LIST(SERVICE), metric, 1);
  wit_datetime after = now();
  uint64_t ms = (after.seconds - before.seconds) * 1000u + after.nanoseconds / 1000000u - before.nanoseconds / 1000000u;
  *out = text_new();
  text_cstr(out, "metrics-export: ");
  text_result(out, error);
  text_cstr(out, " after ");
  text_u64(out, ms);
  text_cstr(out, " ms");
}

/** 12a. Guest text meant to forge console lines: newlines and ANSI escapes in names and values. */
static void forge_console(text *out) {
  static const char FORGED[] =
      "innocent\nspan   forged-by-guest  trace=0123456789abcdef0123456789abcdef span=0123456789abcdef"
      " INTERNAL 0.001ms scope=forged\x1b[2K\x1b[31m red \x1b[0m\r";
  static const otel_key_value ATTRIBUTES[] = {KV("forged.value", "\"a\\nspan   forged-attribute \\u001b[31m\"")};
  otel_span_data span = start_span((wit_string){FORGED, sizeof(FORGED) - 1});
  span.attributes = (otel_key_values)LIST(ATTRIBUTES);
  end_span(&span);
  emit_log(STR("\"log\\nlog    FORGED \\u001b[2J\""), (otel_key_values){0, 0}, (otel_resource){LIST(SERVICE), {0}});
  *out = text_new();
  text_cstr(out, "forge-console: done");
}

static volatile uint32_t recursion_sink;

/** Recursion the compiler cannot turn into a loop: the volatile store follows the call. */
__attribute__((noinline)) static uint32_t deep(uint32_t n) {
  if (n == 0) {
    return 0;
  }
  uint32_t r = deep(n - 1);
  recursion_sink = r;
  return r + 1;
}

/** 12b. Recursion until the engine's call stack overflows (a trap), after one ended span. */
static void trap_deep(text *out) {
  otel_span_data span = start_span(STR("trap-deep-before"));
  end_span(&span);
  uint32_t depth = deep(0xffffffffu);
  *out = text_new();
  text_cstr(out, "trap-deep: returned from depth ");
  text_u64(out, depth);
}

/** 13. From now on cabi_realloc calls a host import; current-span-context makes the host call it. */
static void realloc_reenter(text *out) {
  reenter_from_realloc = 1;
  otel_span_context again;
  otel_current_span_context(&again);
  reenter_from_realloc = 0;
  *out = text_new();
  text_cstr(out, "realloc-reenter: the host allowed an import call from cabi_realloc");
}

/** A well-behaved call: writes n bytes of a pattern seeded by m, sums them, ends one span. */
static void ok(text *out, uint32_t n, uint32_t m) {
  unsigned char *bytes = arena_alloc(n, 1);
  for (uint32_t i = 0; i < n; i++) {
    bytes[i] = (unsigned char)(i * 31u + m);
  }
  otel_span_data span = start_span(STR("ok"));
  end_span(&span);
  uint32_t sum = 0;
  for (uint32_t i = 0; i < n; i++) {
    sum += bytes[i];
  }
  *out = text_new();
  text_cstr(out, "ok: n=");
  text_u64(out, n);
  text_cstr(out, " m=");
  text_u64(out, m);
  text_cstr(out, " sum=");
  text_u64(out, sum);
}

/* ---- the export ---- */

static int is(const char *mode, uint32_t len, const char *name) {
  uint32_t name_len = cstr_len(name);
  if (len != name_len) {
    return 0;
  }
  for (uint32_t i = 0; i < len; i++) {
    if (mode[i] != name[i]) {
      return 0;
    }
  }
  return 1;
}

static wit_string attack_result;

/**
 * `attack: func(mode: string, n: u32, m: u32) -> string`. Modes (n and m as each describes):
 * alias-attrs N M, grow N, resource-keys, spin, huge-name N, huge-histogram N, many-attrs N M,
 * datetime-max, bad-histograms, leave-open, metrics-export, forge-console, trap-deep,
 * realloc-reenter, ok N M. Unknown modes return the list.
 */
__attribute__((export_name("attack")))
wit_string *attack(const char *mode, uint32_t mode_len, uint32_t n, uint32_t m) {
  read_host_context();
  // each mode starts its text once it has allocated everything else: text grows at the arena's top
  text out = {0, 0};
  if (is(mode, mode_len, "alias-attrs")) {
    alias_attrs(&out, n, m);
  } else if (is(mode, mode_len, "grow")) {
    grow(&out, n);
  } else if (is(mode, mode_len, "resource-keys")) {
    resource_keys(&out);
  } else if (is(mode, mode_len, "spin")) {
    spin();
  } else if (is(mode, mode_len, "huge-name")) {
    huge_name(&out, n);
  } else if (is(mode, mode_len, "huge-histogram")) {
    huge_histogram(&out, n);
  } else if (is(mode, mode_len, "many-attrs")) {
    many_attrs(&out, n, m);
  } else if (is(mode, mode_len, "datetime-max")) {
    datetime_max(&out);
  } else if (is(mode, mode_len, "bad-histograms")) {
    bad_histograms(&out);
  } else if (is(mode, mode_len, "leave-open")) {
    leave_open(&out);
  } else if (is(mode, mode_len, "metrics-export")) {
    metrics_export(&out);
  } else if (is(mode, mode_len, "forge-console")) {
    forge_console(&out);
  } else if (is(mode, mode_len, "trap-deep")) {
    trap_deep(&out);
  } else if (is(mode, mode_len, "realloc-reenter")) {
    realloc_reenter(&out);
  } else if (is(mode, mode_len, "ok")) {
    ok(&out, n, m);
  } else {
    out = text_new();
    text_cstr(&out, "unknown mode; modes: alias-attrs grow resource-keys spin huge-name huge-histogram many-attrs"
                    " datetime-max bad-histograms leave-open metrics-export forge-console trap-deep"
                    " realloc-reenter ok");
  }
  attack_result = text_done(out);
  return &attack_result;
}

/** Called by the host after it has read attack's result: everything of this call can go. */
__attribute__((export_name("cabi_post_attack")))
void cabi_post_attack(wit_string *result) {
  (void)result;
  arena_reset();
}
