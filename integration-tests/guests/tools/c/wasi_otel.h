// The canonical-ABI memory layout of the wasi:otel@0.2.0-rc.2 types the C guests (c-otel, hostile) pass, written
// by hand as C structs. On wasm32, C's natural alignment equals the canonical ABI's: a record is
// a struct, an option or variant is {u8 discriminant; payload aligned to its largest member}.
// The _Static_asserts pin every size and offset to what the canonical ABI computes.
#ifndef WASI_OTEL_H
#define WASI_OTEL_H

#include <stddef.h>
#include <stdint.h>

#define WIT_IMPORT(module, name) __attribute__((import_module(module), import_name(name)))

#ifndef WIT_STRING_DEFINED
#define WIT_STRING_DEFINED
typedef struct { const char *ptr; uint32_t len; } wit_string;
#endif
typedef struct { uint8_t is_some; wit_string val; } wit_option_string;

/* wasi:clocks/wall-clock@0.2.0 datetime */
typedef struct { uint64_t seconds; uint32_t nanoseconds; } wit_datetime;
typedef struct { uint8_t is_some; wit_datetime val; } wit_option_datetime;

/* wasi:otel/types */
typedef struct { wit_string key; wit_string value; } otel_key_value;
typedef struct { const otel_key_value *ptr; uint32_t len; } otel_key_values;
typedef struct { uint8_t is_some; otel_key_values val; } otel_option_key_values;
typedef struct { otel_key_values attributes; wit_option_string schema_url; } otel_resource;
typedef struct { wit_string name; wit_option_string version; wit_option_string schema_url; otel_key_values attributes; } otel_scope;

/* wasi:otel/tracing */
typedef struct { wit_string key; wit_string value; } otel_trace_state_entry;
typedef struct { const otel_trace_state_entry *ptr; uint32_t len; } otel_trace_state;
enum { OTEL_TRACE_FLAG_SAMPLED = 1 };
typedef struct {
  wit_string trace_id;
  wit_string span_id;
  uint8_t trace_flags;
  uint8_t is_remote;
  otel_trace_state trace_state;
} otel_span_context;
enum { OTEL_KIND_CLIENT, OTEL_KIND_SERVER, OTEL_KIND_PRODUCER, OTEL_KIND_CONSUMER, OTEL_KIND_INTERNAL };
typedef struct { wit_string name; wit_datetime time; otel_key_values attributes; } otel_event;
typedef struct { otel_span_context span_context; otel_key_values attributes; } otel_link;
enum { OTEL_STATUS_UNSET, OTEL_STATUS_OK, OTEL_STATUS_ERROR };
typedef struct { uint8_t tag; wit_string error; } otel_status;
typedef struct {
  otel_span_context span_context;
  wit_string parent_span_id;
  uint8_t span_kind;
  wit_string name;
  wit_datetime start_time;
  wit_datetime end_time;
  otel_key_values attributes;
  struct { const otel_event *ptr; uint32_t len; } events;
  struct { const otel_link *ptr; uint32_t len; } links;
  otel_status status;
  otel_scope instrumentation_scope;
  uint32_t dropped_attributes;
  uint32_t dropped_events;
  uint32_t dropped_links;
} otel_span_data;

/* wasi:otel/logs */
typedef struct { uint8_t is_some; uint8_t val; } wit_option_u8;
typedef struct { uint8_t is_some; otel_resource val; } otel_option_resource;
typedef struct { uint8_t is_some; otel_scope val; } otel_option_scope;
typedef struct {
  wit_option_datetime timestamp;
  wit_option_datetime observed_timestamp;
  wit_option_string severity_text;
  wit_option_u8 severity_number;
  wit_option_string body;
  otel_option_key_values attributes;
  wit_option_string event_name;
  otel_option_resource resource;
  otel_option_scope instrumentation_scope;
  wit_option_string trace_id;
  wit_option_string span_id;
  wit_option_u8 trace_flags;
} otel_log_record;

/* wasi:otel/metrics */
enum { OTEL_NUMBER_F64, OTEL_NUMBER_S64, OTEL_NUMBER_U64 };
typedef struct { uint8_t tag; union { double f64; int64_t s64; uint64_t u64; } val; } otel_metric_number;
typedef struct { uint8_t is_some; otel_metric_number val; } otel_option_metric_number;
typedef struct {
  otel_key_values filtered_attributes;
  wit_datetime time;
  otel_metric_number value;
  wit_string span_id;
  wit_string trace_id;
} otel_exemplar;
typedef struct { const otel_exemplar *ptr; uint32_t len; } otel_exemplars;
typedef struct { otel_key_values attributes; otel_metric_number value; otel_exemplars exemplars; } otel_number_data_point;
typedef struct { const double *ptr; uint32_t len; } wit_list_f64;
typedef struct { const uint64_t *ptr; uint32_t len; } wit_list_u64;
typedef struct {
  otel_key_values attributes;
  uint64_t count;
  wit_list_f64 bounds;
  wit_list_u64 bucket_counts;
  otel_option_metric_number min;
  otel_option_metric_number max;
  otel_metric_number sum;
  otel_exemplars exemplars;
} otel_histogram_data_point;
typedef struct { int32_t offset; wit_list_u64 counts; } otel_exponential_bucket;
typedef struct {
  otel_key_values attributes;
  uint64_t count;
  otel_option_metric_number min;
  otel_option_metric_number max;
  otel_metric_number sum;
  int8_t scale;
  uint64_t zero_count;
  otel_exponential_bucket positive_bucket;
  otel_exponential_bucket negative_bucket;
  double zero_threshold;
  otel_exemplars exemplars;
} otel_exponential_histogram_data_point;
enum { OTEL_TEMPORALITY_CUMULATIVE, OTEL_TEMPORALITY_DELTA, OTEL_TEMPORALITY_LOW_MEMORY };
typedef struct {
  struct { const otel_number_data_point *ptr; uint32_t len; } data_points;
  wit_option_datetime start_time;
  wit_datetime time;
} otel_gauge;
typedef struct {
  struct { const otel_number_data_point *ptr; uint32_t len; } data_points;
  wit_datetime start_time;
  wit_datetime time;
  uint8_t temporality;
  uint8_t is_monotonic;
} otel_sum;
typedef struct {
  struct { const otel_histogram_data_point *ptr; uint32_t len; } data_points;
  wit_datetime start_time;
  wit_datetime time;
  uint8_t temporality;
} otel_histogram;
typedef struct {
  struct { const otel_exponential_histogram_data_point *ptr; uint32_t len; } data_points;
  wit_datetime start_time;
  wit_datetime time;
  uint8_t temporality;
} otel_exponential_histogram;
enum {
  OTEL_F64_GAUGE, OTEL_F64_SUM, OTEL_F64_HISTOGRAM, OTEL_F64_EXPONENTIAL_HISTOGRAM,
  OTEL_U64_GAUGE, OTEL_U64_SUM, OTEL_U64_HISTOGRAM, OTEL_U64_EXPONENTIAL_HISTOGRAM,
  OTEL_S64_GAUGE, OTEL_S64_SUM, OTEL_S64_HISTOGRAM, OTEL_S64_EXPONENTIAL_HISTOGRAM,
};
typedef struct {
  uint8_t tag;
  union { otel_gauge gauge; otel_sum sum; otel_histogram histogram; otel_exponential_histogram exponential_histogram; } val;
} otel_metric_data;
typedef struct { wit_string name; wit_string description; wit_string unit; otel_metric_data data; } otel_metric;
typedef struct { otel_scope scope; struct { const otel_metric *ptr; uint32_t len; } metrics; } otel_scope_metrics;
/* result<_, error> written at the return pointer of `export` */
typedef struct { uint8_t is_err; wit_string error; } otel_export_result;

/* Sizes and offsets as the canonical ABI lays them out. */
_Static_assert(sizeof(wit_datetime) == 16 && _Alignof(wit_datetime) == 8, "datetime");
_Static_assert(sizeof(otel_span_context) == 28 && offsetof(otel_span_context, trace_state) == 20, "span-context");
_Static_assert(sizeof(otel_event) == 32 && offsetof(otel_event, attributes) == 24, "event");
_Static_assert(sizeof(otel_link) == 36, "link");
_Static_assert(sizeof(otel_status) == 12, "status");
_Static_assert(sizeof(otel_scope) == 40 && offsetof(otel_scope, attributes) == 32, "instrumentation-scope");
_Static_assert(offsetof(otel_span_data, span_kind) == 36 && offsetof(otel_span_data, name) == 40, "span-data kind/name");
_Static_assert(offsetof(otel_span_data, start_time) == 48 && offsetof(otel_span_data, status) == 104, "span-data times/status");
_Static_assert(offsetof(otel_span_data, instrumentation_scope) == 116 && sizeof(otel_span_data) == 168, "span-data");
_Static_assert(offsetof(otel_log_record, severity_text) == 48 && offsetof(otel_log_record, body) == 64, "log-record head");
_Static_assert(offsetof(otel_log_record, resource) == 100 && offsetof(otel_log_record, instrumentation_scope) == 124, "log-record resource/scope");
_Static_assert(offsetof(otel_log_record, trace_flags) == 192 && sizeof(otel_log_record) == 200, "log-record");
_Static_assert(sizeof(otel_metric_number) == 16, "metric-number");
_Static_assert(sizeof(otel_exemplar) == 56, "exemplar");
_Static_assert(sizeof(otel_number_data_point) == 32, "number data point");
_Static_assert(sizeof(otel_histogram_data_point) == 104 && offsetof(otel_histogram_data_point, sum) == 80, "histogram-data-point");
_Static_assert(offsetof(otel_exponential_histogram_data_point, scale) == 80 && offsetof(otel_exponential_histogram_data_point, zero_count) == 88, "exp point scale");
_Static_assert(offsetof(otel_exponential_histogram_data_point, zero_threshold) == 120 && sizeof(otel_exponential_histogram_data_point) == 136, "exp point");
_Static_assert(sizeof(otel_gauge) == 48 && sizeof(otel_sum) == 48 && offsetof(otel_sum, temporality) == 40, "gauge/sum");
_Static_assert(sizeof(otel_metric_data) == 56 && sizeof(otel_metric) == 80 && offsetof(otel_metric, data) == 24, "metric");
_Static_assert(sizeof(otel_scope_metrics) == 48, "scope-metrics");

/* Core imports, flattened by the canonical ABI. */
WIT_IMPORT("wasi:otel/tracing@0.2.0-rc.2", "on-start")
void otel_on_start(const char *trace_id, uint32_t trace_id_len, const char *span_id, uint32_t span_id_len,
                   uint32_t trace_flags, uint32_t is_remote, const otel_trace_state_entry *trace_state,
                   uint32_t trace_state_len);
WIT_IMPORT("wasi:otel/tracing@0.2.0-rc.2", "on-end")
void otel_on_end(const otel_span_data *span);
// The v0.2.0-rc.2 tag names this function outer-span-context (same signature); main renamed it.
#ifdef OTEL_RC2_TAG
WIT_IMPORT("wasi:otel/tracing@0.2.0-rc.2", "outer-span-context")
#else
WIT_IMPORT("wasi:otel/tracing@0.2.0-rc.2", "current-span-context")
#endif
void otel_current_span_context(otel_span_context *ret);
WIT_IMPORT("wasi:otel/logs@0.2.0-rc.2", "on-emit")
void otel_on_emit(const otel_log_record *record);
WIT_IMPORT("wasi:otel/metrics@0.2.0-rc.2", "export")
void otel_export(const otel_key_value *resource_attributes, uint32_t resource_attributes_len,
                 uint32_t schema_url_is_some, const char *schema_url, uint32_t schema_url_len,
                 const otel_scope_metrics *scope_metrics, uint32_t scope_metrics_len, otel_export_result *ret);
WIT_IMPORT("wasi:clocks/wall-clock@0.2.0", "now")
void wall_clock_now(wit_datetime *ret);

#endif
