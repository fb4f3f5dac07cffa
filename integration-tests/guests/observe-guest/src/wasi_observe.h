// The canonical-ABI layout and core imports of wasi:observe/tracer, wasi:logging/logging and
// wasi:clocks/wall-clock@0.2.1, written by hand. See ../c-otel/src/wasi_otel.h for the
// conventions (C's natural alignment on wasm32 equals the canonical ABI's).
#ifndef WASI_OBSERVE_H
#define WASI_OBSERVE_H

#include <stddef.h>
#include <stdint.h>

#define WIT_IMPORT(module, name) __attribute__((import_module(module), import_name(name)))
#define TRACER "wasi:observe/tracer"

#ifndef WIT_STRING_DEFINED
#define WIT_STRING_DEFINED
typedef struct { const char *ptr; uint32_t len; } wit_string;
#endif
typedef struct { uint64_t seconds; uint32_t nanoseconds; } wit_datetime;

/* tracer `value`: a variant whose payloads are at offset 8 (f64/s64 align 8) */
enum {
  VALUE_STRING, VALUE_BOOL, VALUE_FLOAT64, VALUE_S64,
  VALUE_STRING_ARRAY, VALUE_BOOL_ARRAY, VALUE_FLOAT64_ARRAY, VALUE_S64_ARRAY,
};
typedef struct {
  uint8_t tag;
  union {
    wit_string string;
    uint8_t boolean;
    double float64;
    int64_t s64;
    struct { const wit_string *ptr; uint32_t len; } string_array;
    struct { const uint8_t *ptr; uint32_t len; } bool_array;
    struct { const double *ptr; uint32_t len; } float64_array;
    struct { const int64_t *ptr; uint32_t len; } s64_array;
  } val;
} observe_value;
typedef struct { wit_string key; observe_value value; } observe_key_value;
typedef struct { wit_string key; wit_string value; } observe_trace_state_entry;
typedef struct {
  wit_string trace_id;
  wit_string span_id;
  uint8_t trace_flags;
  uint8_t is_remote;
  struct { const observe_trace_state_entry *ptr; uint32_t len; } trace_state;
} observe_span_context;
typedef struct { observe_span_context span_context; struct { const observe_key_value *ptr; uint32_t len; } attributes; } observe_link;
enum { KIND_CLIENT, KIND_SERVER, KIND_PRODUCER, KIND_CONSUMER, KIND_INTERNAL };
enum { STATUS_UNSET, STATUS_OK, STATUS_ERROR };
enum { LEVEL_TRACE, LEVEL_DEBUG, LEVEL_INFO, LEVEL_WARN, LEVEL_ERROR, LEVEL_CRITICAL };

_Static_assert(sizeof(observe_value) == 16 && _Alignof(observe_value) == 8, "value");
_Static_assert(sizeof(observe_key_value) == 24 && offsetof(observe_key_value, value) == 8, "key-value");
_Static_assert(sizeof(observe_span_context) == 28, "span-context");
_Static_assert(sizeof(observe_link) == 36, "link");

typedef int32_t span_handle;

/*
 * start: func(name: string, options: option<start-options>) -> span, flattened to 15 core
 * parameters: name (ptr, len), then option<start-options> = is_some, new-root,
 * span-kind (is_some, kind), attributes (is_some, ptr, len), links (is_some, ptr, len),
 * timestamp (is_some, seconds: i64, nanoseconds).
 */
WIT_IMPORT(TRACER, "start")
span_handle tracer_start(const char *name, uint32_t name_len, uint32_t options_is_some, uint32_t new_root,
                         uint32_t kind_is_some, uint32_t kind, uint32_t attributes_is_some,
                         const observe_key_value *attributes, uint32_t attributes_len, uint32_t links_is_some,
                         const observe_link *links, uint32_t links_len, uint32_t timestamp_is_some,
                         uint64_t seconds, uint32_t nanoseconds);
WIT_IMPORT(TRACER, "[method]span.span-context")
void span_span_context(span_handle self, observe_span_context *ret);
WIT_IMPORT(TRACER, "[method]span.is-recording")
uint32_t span_is_recording(span_handle self);
WIT_IMPORT(TRACER, "[method]span.set-attributes")
void span_set_attributes(span_handle self, const observe_key_value *attributes, uint32_t len);
WIT_IMPORT(TRACER, "[method]span.add-event")
void span_add_event(span_handle self, const char *name, uint32_t name_len, uint32_t timestamp_is_some,
                    uint64_t seconds, uint32_t nanoseconds, uint32_t attributes_is_some,
                    const observe_key_value *attributes, uint32_t attributes_len);
/* add-link: func(link: link), the link flattened: span-context (8 values) + attributes (2) */
WIT_IMPORT(TRACER, "[method]span.add-link")
void span_add_link(span_handle self, const char *trace_id, uint32_t trace_id_len, const char *span_id,
                   uint32_t span_id_len, uint32_t trace_flags, uint32_t is_remote,
                   const observe_trace_state_entry *trace_state, uint32_t trace_state_len,
                   const observe_key_value *attributes, uint32_t attributes_len);
WIT_IMPORT(TRACER, "[method]span.set-status")
void span_set_status(span_handle self, uint32_t tag, const char *error, uint32_t error_len);
WIT_IMPORT(TRACER, "[method]span.update-name")
void span_update_name(span_handle self, const char *name, uint32_t name_len);
WIT_IMPORT(TRACER, "[method]span.end")
void span_end(span_handle self, uint32_t timestamp_is_some, uint64_t seconds, uint32_t nanoseconds);
WIT_IMPORT(TRACER, "[resource-drop]span")
void span_drop(span_handle self);

WIT_IMPORT("wasi:logging/logging", "log")
void logging_log(uint32_t level, const char *context, uint32_t context_len, const char *message, uint32_t message_len);

WIT_IMPORT("wasi:clocks/wall-clock@0.2.1", "now")
void wall_clock_now(wit_datetime *ret);

#endif
