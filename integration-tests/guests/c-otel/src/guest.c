// The c-otel example guest: no SDK and no libc, it builds the wasi:otel records in its own memory
// as the canonical ABI lays them out (wasi_otel.h) and calls the core imports directly.
#include "../../tools/c/wasi_otel.h"
#include "../../tools/c/guest_memory.h"

#define KV(k, v) ((otel_key_value){STR(k), STR(v)})
#define SOME_STR(literal) ((wit_option_string){1, STR(literal)})

/* ---- ids: splitmix64, seeded from the host's span context so each invocation differs ---- */

static uint64_t rng_state;

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

/** A trace or span id the host gave is usable when it is not empty and not all zeros. */
static int is_valid_id(wit_string id) {
  for (uint32_t i = 0; i < id.len; i++) {
    if (id.ptr[i] != '0') {
      return 1;
    }
  }
  return 0;
}

/* ---- telemetry helpers ---- */

static wit_datetime now(void) {
  wit_datetime t;
  wall_clock_now(&t);
  return t;
}

static const otel_key_value SCOPE_ATTRIBUTES[] = {KV("scope.kind", "\"manual\"")};
static const otel_scope SCOPE = {STR("wasi-otel-guests/c-otel"), SOME_STR("1.0.0"), {0}, LIST(SCOPE_ATTRIBUTES)};
static const otel_key_value RESOURCE_ATTRIBUTES[] = {
    KV("service.name", "\"c-otel-guest\""),
    KV("guest.toolchain", "\"clang\""),
};
#define RESOURCE_SCHEMA "https://opentelemetry.io/schemas/1.26.0"

typedef struct {
  otel_span_context context;
  wit_string parent_span_id;
  wit_datetime start;
} open_span;

static open_span start_span(wit_string trace_id, wit_string parent_span_id) {
  open_span span = {
      .context = {trace_id, random_hex(8), OTEL_TRACE_FLAG_SAMPLED, 0, {0, 0}},
      .parent_span_id = parent_span_id,
      .start = now(),
  };
  otel_on_start(span.context.trace_id.ptr, span.context.trace_id.len, span.context.span_id.ptr,
                span.context.span_id.len, span.context.trace_flags, span.context.is_remote, 0, 0);
  return span;
}

static otel_span_data span_data(const open_span *span, uint8_t kind, wit_string name) {
  otel_span_data data = {0};
  data.span_context = span->context;
  data.parent_span_id = span->parent_span_id;
  data.span_kind = kind;
  data.name = name;
  data.start_time = span->start;
  data.end_time = now();
  data.status.tag = OTEL_STATUS_UNSET;
  data.instrumentation_scope = SCOPE;
  return data;
}

static void emit_log(uint8_t severity, wit_string severity_text, wit_string body_json,
                     otel_key_values attributes, wit_string event_name, const otel_span_context *in_span) {
  otel_log_record record = {0};
  wit_datetime t = now();
  record.timestamp = (wit_option_datetime){1, t};
  record.observed_timestamp = (wit_option_datetime){1, t};
  record.severity_text = (wit_option_string){1, severity_text};
  record.severity_number = (wit_option_u8){1, severity};
  record.body = (wit_option_string){1, body_json};
  record.attributes = (otel_option_key_values){1, attributes};
  if (event_name.len > 0) {
    record.event_name = (wit_option_string){1, event_name};
  }
  record.resource = (otel_option_resource){1, {LIST(RESOURCE_ATTRIBUTES), SOME_STR(RESOURCE_SCHEMA)}};
  record.instrumentation_scope = (otel_option_scope){1, SCOPE};
  record.trace_id = (wit_option_string){1, in_span->trace_id};
  record.span_id = (wit_option_string){1, in_span->span_id};
  record.trace_flags = (wit_option_u8){1, in_span->trace_flags};
  otel_on_emit(&record);
}

/* ---- metrics: one export with a variant of each number kind, exemplars and all temporalities ---- */

static wit_string export_metrics(wit_datetime start, const otel_span_context *in_span) {
  wit_datetime t = now();
  static const otel_key_value ROUTE[] = {KV("route", "\"/run\"")};
  static const otel_key_value ROOM[] = {KV("sensor.room", "\"lab\"")};
  static const otel_key_value FILTERED[] = {KV("sample.source", "\"c\"")};

  otel_exemplar *exemplar = arena_alloc(sizeof(otel_exemplar), 8);
  *exemplar = (otel_exemplar){LIST(FILTERED), t, {OTEL_NUMBER_F64, {.f64 = 21.5}}, in_span->span_id, in_span->trace_id};

  otel_number_data_point *points = arena_alloc(4 * sizeof(otel_number_data_point), 8);
  points[0] = (otel_number_data_point){LIST(ROUTE), {OTEL_NUMBER_S64, {.s64 = 1}}, {0, 0}};
  points[1] = (otel_number_data_point){{0, 0}, {OTEL_NUMBER_U64, {.u64 = 18446744073709551615ull}}, {0, 0}};
  points[2] = (otel_number_data_point){LIST(ROOM), {OTEL_NUMBER_F64, {.f64 = 21.5}}, {exemplar, 1}};
  points[3] = (otel_number_data_point){{0, 0}, {OTEL_NUMBER_S64, {.s64 = -7}}, {0, 0}};

  static const double BOUNDS[] = {1.0, 5.0, 10.0};
  static const uint64_t BUCKETS[] = {1, 1, 0, 1};
  otel_histogram_data_point *histogram = arena_alloc(sizeof(otel_histogram_data_point), 8);
  *histogram = (otel_histogram_data_point){
      LIST(ROUTE), 3, LIST(BOUNDS), LIST(BUCKETS),
      {1, {OTEL_NUMBER_F64, {.f64 = 0.5}}}, {1, {OTEL_NUMBER_F64, {.f64 = 12.25}}},
      {OTEL_NUMBER_F64, {.f64 = 15.75}}, {0, 0}};

  static const uint64_t POSITIVE[] = {2, 0, 1};
  static const uint64_t NEGATIVE[] = {1};
  otel_exponential_histogram_data_point *exponential = arena_alloc(sizeof(otel_exponential_histogram_data_point), 8);
  *exponential = (otel_exponential_histogram_data_point){
      .attributes = {0, 0},
      .count = 5,
      .min = {1, {OTEL_NUMBER_S64, {.s64 = -3}}},
      .max = {1, {OTEL_NUMBER_S64, {.s64 = 9}}},
      .sum = {OTEL_NUMBER_S64, {.s64 = 10}},
      .scale = -1,
      .zero_count = 1,
      .positive_bucket = {0, LIST(POSITIVE)},
      .negative_bucket = {1, LIST(NEGATIVE)},
      .zero_threshold = 0.0,
      .exemplars = {0, 0},
  };

  otel_metric *metrics = arena_alloc(6 * sizeof(otel_metric), 8);
  metrics[0] = (otel_metric){STR("c.requests"), STR("Calls of run"), STR("{call}"),
                             {OTEL_S64_SUM, {.sum = {{&points[0], 1}, start, t, OTEL_TEMPORALITY_CUMULATIVE, 1}}}};
  metrics[1] = (otel_metric){STR("c.bytes"), STR("Bytes seen"), STR("By"),
                             {OTEL_U64_SUM, {.sum = {{&points[1], 1}, start, t, OTEL_TEMPORALITY_DELTA, 1}}}};
  metrics[2] = (otel_metric){STR("c.temperature"), STR("A gauge with an exemplar"), STR("Cel"),
                             {OTEL_F64_GAUGE, {.gauge = {{&points[2], 1}, {1, start}, t}}}};
  metrics[3] = (otel_metric){STR("c.balance"), STR("An up-down sum"), STR(""),
                             {OTEL_S64_SUM, {.sum = {{&points[3], 1}, start, t, OTEL_TEMPORALITY_LOW_MEMORY, 0}}}};
  metrics[4] = (otel_metric){STR("c.latency"), STR("A histogram"), STR("ms"),
                             {OTEL_F64_HISTOGRAM, {.histogram = {{histogram, 1}, start, t, OTEL_TEMPORALITY_CUMULATIVE}}}};
  metrics[5] = (otel_metric){STR("c.sizes"), STR("An exponential histogram"), STR("By"),
                             {OTEL_S64_EXPONENTIAL_HISTOGRAM,
                              {.exponential_histogram = {{exponential, 1}, start, t, OTEL_TEMPORALITY_DELTA}}}};

  otel_scope_metrics *scope_metrics = arena_alloc(sizeof(otel_scope_metrics), 8);
  scope_metrics->scope = SCOPE;
  scope_metrics->metrics.ptr = metrics;
  scope_metrics->metrics.len = 6;

  otel_export_result *result = arena_alloc(sizeof(otel_export_result), 4);
  otel_export(RESOURCE_ATTRIBUTES, 2, 1, RESOURCE_SCHEMA, sizeof(RESOURCE_SCHEMA) - 1, scope_metrics, 1, result);
  return result->is_err ? result->error : STR("");
}

/* ---- the export ---- */

static uint64_t invocations;
static wit_string run_result;

/** `run: func(name: string) -> string` */
__attribute__((export_name("run")))
wit_string *run(const char *name_ptr, uint32_t name_len) {
  otel_span_context host;
  otel_current_span_context(&host);
  invocations++;
  rng_state = invocations;
  seed_from(host.trace_id);
  seed_from(host.span_id);

  int under_host = is_valid_id(host.trace_id) && is_valid_id(host.span_id);
  wit_string trace_id = under_host ? host.trace_id : random_hex(16);
  wit_string root_parent = under_host ? host.span_id : STR("");

  open_span root = start_span(trace_id, root_parent);
  wit_datetime run_start = root.start;

  /* step: attributes of each JSON kind, an event, status ok */
  open_span step = start_span(trace_id, root.context.span_id);
  static const otel_key_value STEP_ATTRIBUTES[] = {
      KV("step.index", "1"), KV("step.ratio", "0.5"), KV("step.ok", "true"),
      KV("step.tags", "[\"a\",\"b\"]"), KV("step.bytes", "\"data:application/octet-stream;base64,AAEC\""),
  };
  static const otel_key_value EVENT_ATTRIBUTES[] = {KV("step.items", "3")};
  otel_event *step_event = arena_alloc(sizeof(otel_event), 8);
  *step_event = (otel_event){STR("step.done"), now(), LIST(EVENT_ATTRIBUTES)};
  static const otel_key_value INFO_ATTRIBUTES[] = {KV("step.index", "1")};
  emit_log(9, STR("INFO"), STR("\"step done\""), (otel_key_values)LIST(INFO_ATTRIBUTES), STR(""), &step.context);
  otel_span_data step_data = span_data(&step, OTEL_KIND_INTERNAL, STR("c-step"));
  step_data.attributes = (otel_key_values)LIST(STEP_ATTRIBUTES);
  step_data.events.ptr = step_event;
  step_data.events.len = 1;
  step_data.status.tag = OTEL_STATUS_OK;
  otel_on_end(&step_data);

  /* fail: a link to step, an exception event, error status and an error log */
  open_span fail = start_span(trace_id, root.context.span_id);
  static const otel_key_value LINK_ATTRIBUTES[] = {KV("link.reason", "\"follows\"")};
  otel_link *link = arena_alloc(sizeof(otel_link), 4);
  *link = (otel_link){step.context, LIST(LINK_ATTRIBUTES)};
  static const otel_key_value EXCEPTION_ATTRIBUTES[] = {
      KV("exception.type", "\"SimulatedError\""), KV("exception.message", "\"simulated failure\""),
  };
  otel_event *exception = arena_alloc(sizeof(otel_event), 8);
  *exception = (otel_event){STR("exception"), now(), LIST(EXCEPTION_ATTRIBUTES)};
  static const otel_key_value ERROR_ATTRIBUTES[] = {KV("error.code", "42"), KV("error.retryable", "false")};
  emit_log(17, STR("ERROR"), STR("{\"message\":\"simulated failure\",\"code\":42}"),
           (otel_key_values)LIST(ERROR_ATTRIBUTES), STR("guest.failure"), &fail.context);
  otel_span_data fail_data = span_data(&fail, OTEL_KIND_CLIENT, STR("c-fail"));
  fail_data.links.ptr = link;
  fail_data.links.len = 1;
  fail_data.events.ptr = exception;
  fail_data.events.len = 1;
  fail_data.status = (otel_status){OTEL_STATUS_ERROR, STR("simulated failure")};
  otel_on_end(&fail_data);

  wit_string export_error = export_metrics(run_start, &root.context);

  /* root: the caller's name as a JSON string attribute */
  otel_key_value *root_attributes = arena_alloc(3 * sizeof(otel_key_value), 4);
  text name_json = text_new();
  text_json_string(&name_json, name_ptr, name_len);
  text clock_json = text_new();
  text_u64(&clock_json, run_start.seconds);
  root_attributes[0] = (otel_key_value){STR("guest.name"), text_done(name_json)};
  root_attributes[1] = KV("guest.language", "\"c\"");
  root_attributes[2] = (otel_key_value){STR("guest.clock.epoch_s"), text_done(clock_json)};
  otel_span_data root_data = span_data(&root, OTEL_KIND_SERVER, STR("c-run"));
  root_data.attributes = (otel_key_values){root_attributes, 3};
  // Not a real drop: set so that hosts are tested on carrying a non-zero count through.
  root_data.dropped_attributes = 1;
  otel_on_end(&root_data);

  text out = text_new();
  text_cstr(&out, "hello ");
  text_add(&out, name_ptr, name_len);
  text_cstr(&out, " from c-otel (trace ");
  text_add(&out, trace_id.ptr, trace_id.len);
  text_cstr(&out, ")");
  if (export_error.len > 0) {
    text_cstr(&out, " metrics export failed: ");
    text_add(&out, export_error.ptr, export_error.len);
  }
  run_result = text_done(out);
  return &run_result;
}

/** Called by the host after it has read run's result: everything of this call can go. */
__attribute__((export_name("cabi_post_run")))
void cabi_post_run(wit_string *result) {
  (void)result;
  arena_reset();
}
