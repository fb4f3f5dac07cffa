// The observe-guest example: spans through the older wasi:observe tracer (a `span` resource the
// host owns) and log lines through wasi:logging, called by hand through the canonical ABI.
#include "wasi_observe.h"
#include "../../tools/c/guest_memory.h"

static wit_datetime now(void) {
  wit_datetime t;
  wall_clock_now(&t);
  return t;
}

/* start with options: kind and attributes given, or all none when `plain` */
static span_handle start(wit_string name, int plain, uint8_t kind, const observe_key_value *attributes,
                         uint32_t attributes_len, const observe_link *links, uint32_t links_len,
                         const wit_datetime *timestamp) {
  if (plain) {
    return tracer_start(name.ptr, name.len, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }
  return tracer_start(name.ptr, name.len, 1, /* new-root */ 0, 1, kind, attributes != 0, attributes,
                      attributes_len, links != 0, links, links_len, timestamp != 0,
                      timestamp ? timestamp->seconds : 0, timestamp ? timestamp->nanoseconds : 0);
}

static observe_key_value string_value(wit_string key, wit_string value) {
  observe_key_value kv = {key, {VALUE_STRING, {.string = value}}};
  return kv;
}

static wit_string run_result;

/** `run: func(name: string) -> string` */
__attribute__((export_name("run")))
wit_string *run(const char *name_ptr, uint32_t name_len) {
  wit_string name = {name_ptr, name_len};

  observe_key_value *root_attributes = arena_alloc(2 * sizeof(observe_key_value), 8);
  root_attributes[0] = string_value(STR("guest.name"), name);
  root_attributes[1] = string_value(STR("guest.language"), STR("c"));
  span_handle root = start(STR("observe-run"), 0, KIND_SERVER, root_attributes, 2, 0, 0, 0);
  observe_span_context *root_context = arena_alloc(sizeof(observe_span_context), 4);
  span_span_context(root, root_context);
  uint32_t recording = span_is_recording(root);

  /* step: no options, so the host parents it under the innermost open span (root) */
  span_handle step = start(STR("observe-step"), 1, 0, 0, 0, 0, 0, 0);
  static const wit_string TAGS[] = {STR("a"), STR("b")};
  static const uint8_t FLAGS[] = {1, 0};
  static const double RATIOS[] = {0.25, 1.5};
  static const int64_t COUNTS[] = {-1, 9007199254740993};
  observe_key_value *step_attributes = arena_alloc(8 * sizeof(observe_key_value), 8);
  step_attributes[0] = (observe_key_value){STR("step.index"), {VALUE_S64, {.s64 = 1}}};
  step_attributes[1] = (observe_key_value){STR("step.ratio"), {VALUE_FLOAT64, {.float64 = 0.5}}};
  step_attributes[2] = (observe_key_value){STR("step.ok"), {VALUE_BOOL, {.boolean = 1}}};
  step_attributes[3] = string_value(STR("step.label"), STR("parse"));
  step_attributes[4] = (observe_key_value){STR("step.tags"), {VALUE_STRING_ARRAY, {.string_array = LIST(TAGS)}}};
  step_attributes[5] = (observe_key_value){STR("step.flags"), {VALUE_BOOL_ARRAY, {.bool_array = LIST(FLAGS)}}};
  step_attributes[6] = (observe_key_value){STR("step.ratios"), {VALUE_FLOAT64_ARRAY, {.float64_array = LIST(RATIOS)}}};
  step_attributes[7] = (observe_key_value){STR("step.counts"), {VALUE_S64_ARRAY, {.s64_array = LIST(COUNTS)}}};
  span_set_attributes(step, step_attributes, 8);
  observe_key_value *event_attributes = arena_alloc(sizeof(observe_key_value), 8);
  event_attributes[0] = (observe_key_value){STR("step.items"), {VALUE_S64, {.s64 = 3}}};
  span_add_event(step, "step.done", 9, 0, 0, 0, 1, event_attributes, 1);
  wit_datetime at = now();
  span_add_event(step, "step.timed", 10, 1, at.seconds, at.nanoseconds, 0, 0, 0);
  span_set_status(step, STATUS_OK, 0, 0);
  observe_span_context *step_context = arena_alloc(sizeof(observe_span_context), 4);
  span_span_context(step, step_context);
  span_end(step, 0, 0, 0);
  span_drop(step);
  logging_log(LEVEL_INFO, "observe-guest", 13, "step done", 9);

  /* fail: kind, a start link and an explicit start time, then a link added later, a new name,
     error status, and no end call: dropping the handle ends it */
  observe_key_value *link_attributes = arena_alloc(sizeof(observe_key_value), 8);
  link_attributes[0] = string_value(STR("link.reason"), STR("follows"));
  observe_link *start_link = arena_alloc(sizeof(observe_link), 4);
  *start_link = (observe_link){*step_context, {link_attributes, 1}};
  wit_datetime fail_start = now();
  span_handle fail = start(STR("observe-fail"), 0, KIND_CLIENT, 0, 0, start_link, 1, &fail_start);
  span_add_link(fail, root_context->trace_id.ptr, root_context->trace_id.len, root_context->span_id.ptr,
                root_context->span_id.len, root_context->trace_flags, root_context->is_remote, 0, 0, 0, 0);
  span_update_name(fail, "observe-failed", 14);
  span_set_status(fail, STATUS_ERROR, "simulated failure", 17);
  logging_log(LEVEL_ERROR, "observe-guest", 13, "simulated failure", 17);
  span_drop(fail);

  span_end(root, 0, 0, 0);
  span_drop(root);

  text out = text_new();
  text_cstr(&out, "hello ");
  text_add(&out, name_ptr, name_len);
  text_cstr(&out, " from observe-guest (trace ");
  text_add(&out, root_context->trace_id.ptr, root_context->trace_id.len);
  text_cstr(&out, recording ? ", recording)" : ", not recording)");
  run_result = text_done(out);
  return &run_result;
}

/** Called by the host after it has read run's result: everything of this call can go. */
__attribute__((export_name("cabi_post_run")))
void cabi_post_run(wit_string *result) {
  (void)result;
  arena_reset();
}
