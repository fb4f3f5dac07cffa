// The wasi:http@0.2.12 and wasi:io@0.2.12 functions c-http uses, as the canonical ABI flattens
// them, written by hand (no wit-bindgen). Resources are i32 handles. A function whose results
// flatten to more than one value takes a pointer to a return area as its last parameter; the
// structs below are those return areas, laid out as the canonical ABI lays them out (checked by
// _Static_assert). `jco embed` + `jco new` check every signature against the WIT at build time.
#ifndef WASI_HTTP_H
#define WASI_HTTP_H

#include <stddef.h>
#include <stdint.h>

#define HTTP_TYPES "wasi:http/types@0.2.12"
#define IO_STREAMS "wasi:io/streams@0.2.12"
#define WIT_IMPORT(module, name) __attribute__((import_module(module), import_name(name)))

typedef int32_t handle;

/* method: variant { get, head, post, put, delete, connect, options, trace, patch, other(string) } */
enum { METHOD_GET, METHOD_HEAD, METHOD_POST, METHOD_PUT, METHOD_DELETE, METHOD_CONNECT, METHOD_OPTIONS,
       METHOD_TRACE, METHOD_PATCH, METHOD_OTHER };
typedef struct { uint8_t tag; const char *other_ptr; uint32_t other_len; } http_method;
/* option<string> */
typedef struct { uint8_t is_some; const char *ptr; uint32_t len; } http_option_string;
/* result<own<R>> (the error case carries nothing) */
typedef struct { uint8_t is_err; handle value; } http_result_handle;
/* stream-error: variant { last-operation-failed(own<error>), closed } */
enum { STREAM_ERROR_LAST_OPERATION_FAILED, STREAM_ERROR_CLOSED };
typedef struct { uint8_t tag; handle error; } io_stream_error;
/* result<list<u8>, stream-error> */
typedef struct {
  uint8_t is_err;
  union { struct { const uint8_t *ptr; uint32_t len; } ok; io_stream_error err; } val;
} io_read_result;
/* result<_, stream-error> */
typedef struct { uint8_t is_err; io_stream_error err; } io_write_result;
/* result<_, header-error>; header-error is an enum-like variant */
typedef struct { uint8_t is_err; uint8_t err; } http_header_result;
/* result<_, error-code>: error-code is 8-aligned (it holds an option<u64>) and 32 bytes long. Only
   the discriminants are read here. */
typedef struct { _Alignas(8) uint8_t is_err; uint8_t error_code_tag_at[7]; uint8_t error_code_tag; uint8_t payload[31]; } http_finish_result;

_Static_assert(sizeof(http_method) == 12 && offsetof(http_method, other_ptr) == 4, "method");
_Static_assert(sizeof(http_option_string) == 12, "option<string>");
_Static_assert(sizeof(http_result_handle) == 8 && offsetof(http_result_handle, value) == 4, "result<handle>");
_Static_assert(sizeof(io_read_result) == 12 && offsetof(io_read_result, val) == 4, "result<list<u8>, stream-error>");
_Static_assert(sizeof(io_write_result) == 12 && offsetof(io_write_result, err) == 4, "result<_, stream-error>");
_Static_assert(sizeof(http_header_result) == 2, "result<_, header-error>");
_Static_assert(sizeof(http_finish_result) == 40 && offsetof(http_finish_result, error_code_tag) == 8, "result<_, error-code>");

/* wasi:http/types: incoming request and body */
WIT_IMPORT(HTTP_TYPES, "[method]incoming-request.method")
void http_incoming_request_method(handle self, http_method *ret);
WIT_IMPORT(HTTP_TYPES, "[method]incoming-request.path-with-query")
void http_incoming_request_path_with_query(handle self, http_option_string *ret);
WIT_IMPORT(HTTP_TYPES, "[method]incoming-request.consume")
void http_incoming_request_consume(handle self, http_result_handle *ret);
WIT_IMPORT(HTTP_TYPES, "[method]incoming-body.stream")
void http_incoming_body_stream(handle self, http_result_handle *ret);
WIT_IMPORT(HTTP_TYPES, "[resource-drop]incoming-request")
void http_incoming_request_drop(handle self);
WIT_IMPORT(HTTP_TYPES, "[resource-drop]incoming-body")
void http_incoming_body_drop(handle self);

/* wasi:http/types: outgoing response and body */
WIT_IMPORT(HTTP_TYPES, "[constructor]fields")
handle http_fields_new(void);
WIT_IMPORT(HTTP_TYPES, "[method]fields.append")
void http_fields_append(handle self, const char *name, uint32_t name_len, const uint8_t *value, uint32_t value_len,
                        http_header_result *ret);
WIT_IMPORT(HTTP_TYPES, "[constructor]outgoing-response")
handle http_outgoing_response_new(handle headers);
/* result (no payloads) flattens to one i32: 0 ok, 1 error */
WIT_IMPORT(HTTP_TYPES, "[method]outgoing-response.set-status-code")
int32_t http_outgoing_response_set_status_code(handle self, int32_t status);
WIT_IMPORT(HTTP_TYPES, "[method]outgoing-response.body")
void http_outgoing_response_body(handle self, http_result_handle *ret);
WIT_IMPORT(HTTP_TYPES, "[method]outgoing-body.write")
void http_outgoing_body_write(handle self, http_result_handle *ret);
WIT_IMPORT(HTTP_TYPES, "[static]outgoing-body.finish")
void http_outgoing_body_finish(handle body, int32_t trailers_is_some, handle trailers, http_finish_result *ret);
WIT_IMPORT(HTTP_TYPES, "[resource-drop]response-outparam")
void http_response_outparam_drop(handle self);
/* set(param, result<own<outgoing-response>, error-code>): the result flattens to 8 values, the
   discriminant, then the join of the ok case (i32) and error-code (i32 tag, i32, i64, 4 x i32).
   Only the ok case is sent here; the rest is zero. */
WIT_IMPORT(HTTP_TYPES, "[static]response-outparam.set")
void http_response_outparam_set(handle param, int32_t is_err, int32_t ok_or_tag, int32_t p1, int64_t p2, int32_t p3,
                                int32_t p4, int32_t p5, int32_t p6);

/* wasi:http/types: outgoing request, incoming response (the /fetch route) */
/* list<list<u8>> (fields.get) */
typedef struct { const uint8_t *ptr; uint32_t len; } http_bytes;
typedef struct { const http_bytes *ptr; uint32_t len; } http_field_values;
/* result<own<R>, error-code>: the payload (a handle or an error-code) sits at offset 8 */
typedef struct {
  _Alignas(8) uint8_t is_err;
  union { handle ok; uint8_t error_code_tag; } val __attribute__((aligned(8)));
  uint8_t payload[28];
} http_result_handle_or_error;
/* future-incoming-response.get: option<result<result<own<incoming-response>, error-code>>> */
typedef struct {
  _Alignas(8) uint8_t is_some;
  uint8_t outer_is_err __attribute__((aligned(8)));
  uint8_t inner_is_err __attribute__((aligned(8)));
  union { handle ok; uint8_t error_code_tag; } val __attribute__((aligned(8)));
  uint8_t payload[28];
} http_future_response;
enum { SCHEME_HTTP, SCHEME_HTTPS, SCHEME_OTHER };

_Static_assert(sizeof(http_field_values) == 8 && sizeof(http_bytes) == 8, "list<list<u8>>");
_Static_assert(sizeof(http_result_handle_or_error) == 40 && offsetof(http_result_handle_or_error, val) == 8,
               "result<handle, error-code>");
_Static_assert(offsetof(http_future_response, outer_is_err) == 8 && offsetof(http_future_response, inner_is_err) == 16 &&
                   offsetof(http_future_response, val) == 24 && sizeof(http_future_response) == 56,
               "option<result<result<handle, error-code>>>");

WIT_IMPORT(HTTP_TYPES, "[method]incoming-request.headers")
handle http_incoming_request_headers(handle self);
WIT_IMPORT(HTTP_TYPES, "[method]fields.get")
void http_fields_get(handle self, const char *name, uint32_t name_len, http_field_values *ret);
WIT_IMPORT(HTTP_TYPES, "[resource-drop]fields")
void http_fields_drop(handle self);
WIT_IMPORT(HTTP_TYPES, "[constructor]outgoing-request")
handle http_outgoing_request_new(handle headers);
/* option<scheme> flattens to (is_some, tag, other ptr, other len); each setter returns result as one i32 */
WIT_IMPORT(HTTP_TYPES, "[method]outgoing-request.body")
void http_outgoing_request_body(handle self, http_result_handle *ret);
WIT_IMPORT(HTTP_TYPES, "[method]outgoing-request.set-scheme")
int32_t http_outgoing_request_set_scheme(handle self, int32_t is_some, int32_t tag, const char *other, uint32_t other_len);
WIT_IMPORT(HTTP_TYPES, "[method]outgoing-request.set-authority")
int32_t http_outgoing_request_set_authority(handle self, int32_t is_some, const char *ptr, uint32_t len);
WIT_IMPORT(HTTP_TYPES, "[method]outgoing-request.set-path-with-query")
int32_t http_outgoing_request_set_path_with_query(handle self, int32_t is_some, const char *ptr, uint32_t len);
WIT_IMPORT("wasi:http/outgoing-handler@0.2.12", "handle")
void http_outgoing_handle(handle request, int32_t options_is_some, handle options, http_result_handle_or_error *ret);
WIT_IMPORT(HTTP_TYPES, "[method]future-incoming-response.subscribe")
handle http_future_incoming_response_subscribe(handle self);
WIT_IMPORT(HTTP_TYPES, "[method]future-incoming-response.get")
void http_future_incoming_response_get(handle self, http_future_response *ret);
WIT_IMPORT(HTTP_TYPES, "[resource-drop]future-incoming-response")
void http_future_incoming_response_drop(handle self);
WIT_IMPORT(HTTP_TYPES, "[method]incoming-response.status")
int32_t http_incoming_response_status(handle self);
WIT_IMPORT(HTTP_TYPES, "[method]incoming-response.consume")
void http_incoming_response_consume(handle self, http_result_handle *ret);
WIT_IMPORT(HTTP_TYPES, "[resource-drop]incoming-response")
void http_incoming_response_drop(handle self);

/* wasi:io/poll */
WIT_IMPORT("wasi:io/poll@0.2.12", "[method]pollable.block")
void io_pollable_block(handle self);
WIT_IMPORT("wasi:io/poll@0.2.12", "[resource-drop]pollable")
void io_pollable_drop(handle self);

/* The cases of error-code, in order (a variant's discriminant is its case index). */
static const char *const HTTP_ERROR_CODES[] = {
    "DNS-timeout", "DNS-error", "destination-not-found", "destination-unavailable", "destination-IP-prohibited",
    "destination-IP-unroutable", "connection-refused", "connection-terminated", "connection-timeout",
    "connection-read-timeout", "connection-write-timeout", "connection-limit-reached", "TLS-protocol-error",
    "TLS-certificate-error", "TLS-alert-received", "HTTP-request-denied", "HTTP-request-length-required",
    "HTTP-request-body-size", "HTTP-request-method-invalid", "HTTP-request-URI-invalid", "HTTP-request-URI-too-long",
    "HTTP-request-header-section-size", "HTTP-request-header-size", "HTTP-request-trailer-section-size",
    "HTTP-request-trailer-size", "HTTP-response-incomplete", "HTTP-response-header-section-size",
    "HTTP-response-header-size", "HTTP-response-body-size", "HTTP-response-trailer-section-size",
    "HTTP-response-trailer-size", "HTTP-response-transfer-coding", "HTTP-response-content-coding",
    "HTTP-response-timeout", "HTTP-upgrade-failed", "HTTP-protocol-error", "loop-detected", "configuration-error",
    "internal-error",
};
_Static_assert(sizeof(HTTP_ERROR_CODES) / sizeof(HTTP_ERROR_CODES[0]) == 39, "error-code has 39 cases");

/* wasi:io/streams */
WIT_IMPORT(IO_STREAMS, "[method]input-stream.blocking-read")
void io_input_stream_blocking_read(handle self, uint64_t len, io_read_result *ret);
WIT_IMPORT(IO_STREAMS, "[method]output-stream.blocking-write-and-flush")
void io_output_stream_blocking_write_and_flush(handle self, const uint8_t *ptr, uint32_t len, io_write_result *ret);
WIT_IMPORT(IO_STREAMS, "[resource-drop]input-stream")
void io_input_stream_drop(handle self);
WIT_IMPORT(IO_STREAMS, "[resource-drop]output-stream")
void io_output_stream_drop(handle self);

#endif
