;; A core module for world test:http-guest/guest (wit/world.wit): wasi:http/incoming-handler with
;; hand-written canonical-ABI glue. What it does depends on the first letter of the request path:
;;   /echo...   (or anything else) 200 with the request body streamed back, headers content-type,
;;              x-guest and x-served (how many requests this instance has handled, one digit), and
;;              the request's trailers as the response's; reads with poll + read, writes with check-write + write (waiting on
;;              the output stream's pollable when it has no room). A request header x-content-length
;;              becomes the response's content-length (whatever the body's length). When a read of the
;;              request body fails, the response ends with the trailer x-stream-error: the error's
;;              http-error-code case as two digits (99: none)
;;   /trap      traps (unreachable)
;;   /none      returns without setting a response
;;   /loop      loops forever (the host's deadline stops it)
;;   /fetch     reads an authority HOST:PORT from the request body, starts a guest span under the
;;              host's current span, sends GET http://HOST:PORT/downstream through
;;              wasi:http/outgoing-handler, ends the span and answers 200 with the downstream
;;              body, or 502 with the error-code case number as two digits
;; Allocation: cabi_realloc bumps through a 128 KiB scratch area that the guest resets before
;; each host call whose result it reads (so a 100 MB echo runs in constant memory).
(module
  ;; wasi:http/types
  (import "wasi:http/types@0.2.12" "[method]incoming-request.path-with-query" (func $path (param i32 i32)))
  (import "wasi:http/types@0.2.12" "[method]incoming-request.consume" (func $req_consume (param i32 i32)))
  (import "wasi:http/types@0.2.12" "[method]incoming-request.headers" (func $req_headers (param i32) (result i32)))
  (import "wasi:http/types@0.2.12" "[method]fields.get" (func $fields_get (param i32 i32 i32 i32)))
  (import "wasi:http/types@0.2.12" "[resource-drop]fields" (func $drop_fields (param i32)))
  (import "wasi:http/types@0.2.12" "http-error-code" (func $http_error_code (param i32 i32)))
  (import "wasi:http/types@0.2.12" "[method]incoming-body.stream" (func $body_stream (param i32 i32)))
  (import "wasi:http/types@0.2.12" "[resource-drop]incoming-body" (func $drop_ibody (param i32)))
  (import "wasi:http/types@0.2.12" "[resource-drop]incoming-request" (func $drop_req (param i32)))
  (import "wasi:http/types@0.2.12" "[static]incoming-body.finish" (func $ibody_finish (param i32) (result i32)))
  (import "wasi:http/types@0.2.12" "[method]future-trailers.subscribe" (func $ft_subscribe (param i32) (result i32)))
  (import "wasi:http/types@0.2.12" "[method]future-trailers.get" (func $ft_get (param i32 i32)))
  (import "wasi:http/types@0.2.12" "[resource-drop]future-trailers" (func $drop_ft (param i32)))
  (import "wasi:http/types@0.2.12" "[constructor]fields" (func $fields (result i32)))
  (import "wasi:http/types@0.2.12" "[method]fields.append" (func $append (param i32 i32 i32 i32 i32 i32)))
  (import "wasi:http/types@0.2.12" "[constructor]outgoing-response" (func $new_resp (param i32) (result i32)))
  (import "wasi:http/types@0.2.12" "[method]outgoing-response.set-status-code"
    (func $set_status (param i32 i32) (result i32)))
  (import "wasi:http/types@0.2.12" "[method]outgoing-response.body" (func $resp_body (param i32 i32)))
  (import "wasi:http/types@0.2.12" "[method]outgoing-body.write" (func $obody_write (param i32 i32)))
  (import "wasi:http/types@0.2.12" "[static]outgoing-body.finish" (func $obody_finish (param i32 i32 i32 i32)))
  (import "wasi:http/types@0.2.12" "[static]response-outparam.set"
    (func $outparam_set (param i32 i32 i32 i32 i64 i32 i32 i32 i32)))
  (import "wasi:http/types@0.2.12" "[constructor]outgoing-request" (func $new_req (param i32) (result i32)))
  (import "wasi:http/types@0.2.12" "[method]outgoing-request.set-scheme"
    (func $set_scheme (param i32 i32 i32 i32 i32) (result i32)))
  (import "wasi:http/types@0.2.12" "[method]outgoing-request.set-authority"
    (func $set_authority (param i32 i32 i32 i32) (result i32)))
  (import "wasi:http/types@0.2.12" "[method]outgoing-request.set-path-with-query"
    (func $set_path (param i32 i32 i32 i32) (result i32)))
  (import "wasi:http/types@0.2.12" "[method]future-incoming-response.subscribe"
    (func $fut_subscribe (param i32) (result i32)))
  (import "wasi:http/types@0.2.12" "[method]future-incoming-response.get" (func $fut_get (param i32 i32)))
  (import "wasi:http/types@0.2.12" "[resource-drop]future-incoming-response" (func $drop_fut (param i32)))
  (import "wasi:http/types@0.2.12" "[method]incoming-response.consume" (func $iresp_consume (param i32 i32)))
  (import "wasi:http/types@0.2.12" "[resource-drop]incoming-response" (func $drop_iresp (param i32)))
  (import "wasi:http/outgoing-handler@0.2.12" "handle" (func $send (param i32 i32 i32 i32)))
  ;; wasi:io
  (import "wasi:io/streams@0.2.12" "[method]input-stream.read" (func $read (param i32 i64 i32)))
  (import "wasi:io/streams@0.2.12" "[method]input-stream.blocking-read" (func $blocking_read (param i32 i64 i32)))
  (import "wasi:io/streams@0.2.12" "[method]input-stream.subscribe" (func $in_subscribe (param i32) (result i32)))
  (import "wasi:io/streams@0.2.12" "[resource-drop]input-stream" (func $drop_in (param i32)))
  (import "wasi:io/streams@0.2.12" "[method]output-stream.check-write" (func $check_write (param i32 i32)))
  (import "wasi:io/streams@0.2.12" "[method]output-stream.write" (func $write (param i32 i32 i32 i32)))
  (import "wasi:io/streams@0.2.12" "[method]output-stream.subscribe" (func $out_subscribe (param i32) (result i32)))
  (import "wasi:io/streams@0.2.12" "[resource-drop]output-stream" (func $drop_out (param i32)))
  (import "wasi:io/poll@0.2.12" "poll" (func $poll (param i32 i32 i32)))
  (import "wasi:io/poll@0.2.12" "[method]pollable.block" (func $block (param i32)))
  (import "wasi:io/poll@0.2.12" "[resource-drop]pollable" (func $drop_pollable (param i32)))
  (import "wasi:clocks/wall-clock@0.2.12" "now" (func $now (param i32)))
  ;; wasi:otel
  (import "wasi:otel/tracing@0.2.0-rc.2" "on-start"
    (func $on_start (param i32 i32 i32 i32 i32 i32 i32 i32)))
  (import "wasi:otel/tracing@0.2.0-rc.2" "on-end" (func $on_end (param i32)))
  (import "wasi:otel/tracing@0.2.0-rc.2" "current-span-context" (func $current (param i32)))

  (memory (export "memory") 4)
  (global $heap (mut i32) (i32.const 65536))
  (global $out (mut i32) (i32.const 0))      ;; the response-outparam
  (global $obody (mut i32) (i32.const 0))    ;; the response's outgoing-body
  (global $ostream (mut i32) (i32.const 0))  ;; its output-stream
  (global $served (mut i32) (i32.const 0))   ;; requests this instance has handled (x-served)
  (global $clen_ptr (mut i32) (i32.const 0)) ;; the x-content-length value to answer with
  (global $clen_len (mut i32) (i32.const 0)) ;; its length (0: none)
  (global $read_failed (mut i32) (i32.const 0)) ;; 1 when a read of the request body failed
  (global $read_err (mut i32) (i32.const 0))    ;; then: its wasi:io/error
  (data (i32.const 16) "content-type")
  (data (i32.const 32) "application/octet-stream")
  (data (i32.const 64) "x-guest")
  (data (i32.const 80) "wat-http")
  (data (i32.const 96) "/downstream")
  (data (i32.const 112) "5ca1ab1e0ddba11a")  ;; the guest span's id
  (data (i32.const 128) "guest-fetch")
  (data (i32.const 144) "wat-http-guest")
  (data (i32.const 160) "x-served")
  ;; 176: x-served's digit; 200..263: return area; 300: poll's list; 512: current span context; 1024: span-data;
  ;; 3000: the authority; 3300: trace id copy; 3340: parent span id copy; 3400: two digits;
  ;; 3600: http-error-code's return area
  (data (i32.const 3500) "x-content-length")
  (data (i32.const 3520) "content-length")
  (data (i32.const 3540) "x-stream-error")

  (func (export "cabi_realloc") (param $old i32) (param $old_size i32) (param $align i32) (param $size i32)
        (result i32)
    (local $ptr i32)
    (local.set $ptr (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get $align))))
    (if (i32.gt_u (i32.add (local.get $ptr) (local.get $size)) (i32.const 196608))
      (then unreachable))
    (global.set $heap (i32.add (local.get $ptr) (local.get $size)))
    (if (local.get $old)
      (then (memory.copy (local.get $ptr) (local.get $old) (local.get $old_size))))
    (local.get $ptr))

  (func $reset (global.set $heap (i32.const 65536)))

  (func (export "wasi:http/incoming-handler@0.2.12#handle") (param $req i32) (param $out i32)
    (local $c i32)
    (global.set $out (local.get $out))
    (global.set $served (i32.add (global.get $served) (i32.const 1)))
    (global.set $clen_len (i32.const 0))
    (global.set $read_failed (i32.const 0))
    (call $reset)
    (call $path (local.get $req) (i32.const 200))
    ;; some("/x...") with at least two bytes: c = x
    (if (i32.and (i32.eq (i32.load8_u (i32.const 200)) (i32.const 1))
                 (i32.ge_u (i32.load (i32.const 208)) (i32.const 2)))
      (then (local.set $c (i32.load8_u (i32.add (i32.load (i32.const 204)) (i32.const 1))))))
    (if (i32.eq (local.get $c) (i32.const 116)) (then unreachable))          ;; t
    (if (i32.eq (local.get $c) (i32.const 110)) (then return))               ;; n
    (if (i32.eq (local.get $c) (i32.const 108)) (then (loop $forever (br $forever))))  ;; l
    (if (i32.eq (local.get $c) (i32.const 102))                              ;; f
      (then (call $fetch (local.get $req)) return))
    (call $echo (local.get $req)))

  ;; Sets a response with `status` and the two headers; keeps its body and stream in globals.
  (func $respond (param $status i32)
    (local $f i32) (local $resp i32)
    (local.set $f (call $fields))
    (call $append (local.get $f) (i32.const 16) (i32.const 12) (i32.const 32) (i32.const 24) (i32.const 200))
    (call $append (local.get $f) (i32.const 64) (i32.const 7) (i32.const 80) (i32.const 8) (i32.const 200))
    (i32.store8 (i32.const 176) (i32.add (i32.const 48) (global.get $served)))
    (call $append (local.get $f) (i32.const 160) (i32.const 8) (i32.const 176) (i32.const 1) (i32.const 200))
    (if (global.get $clen_len)
      (then (call $append (local.get $f) (i32.const 3520) (i32.const 14) (global.get $clen_ptr) (global.get $clen_len)
                          (i32.const 200))))
    (local.set $resp (call $new_resp (local.get $f)))
    (drop (call $set_status (local.get $resp) (local.get $status)))
    (call $resp_body (local.get $resp) (i32.const 200))
    (global.set $obody (i32.load (i32.const 204)))
    (call $obody_write (global.get $obody) (i32.const 200))
    (global.set $ostream (i32.load (i32.const 204)))
    (call $outparam_set (global.get $out) (i32.const 0) (local.get $resp) (i32.const 0) (i64.const 0) (i32.const 0)
                        (i32.const 0) (i32.const 0) (i32.const 0)))

  ;; Writes `len` bytes at `ptr` to the response body, waiting for room; 0 if the stream failed.
  (func $send_bytes (param $ptr i32) (param $len i32) (result i32)
    (local $off i32) (local $n i32) (local $p i32)
    (block $done
      (loop $more
        (br_if $done (i32.ge_u (local.get $off) (local.get $len)))
        (call $check_write (global.get $ostream) (i32.const 200))
        (if (i32.load8_u (i32.const 200)) (then (return (i32.const 0))))
        (local.set $n (i32.wrap_i64 (i64.load (i32.const 208))))
        (if (i32.eqz (local.get $n))
          (then
            (local.set $p (call $out_subscribe (global.get $ostream)))
            (call $block (local.get $p))
            (call $drop_pollable (local.get $p))
            (br $more)))
        (if (i32.gt_u (local.get $n) (i32.sub (local.get $len) (local.get $off)))
          (then (local.set $n (i32.sub (local.get $len) (local.get $off)))))
        (call $write (global.get $ostream) (i32.add (local.get $ptr) (local.get $off)) (local.get $n) (i32.const 200))
        (if (i32.load8_u (i32.const 200)) (then (return (i32.const 0))))
        (local.set $off (i32.add (local.get $off) (local.get $n)))
        (br $more)))
    (i32.const 1))

  ;; Finishes the response body (the stream, a child of the body, is dropped first).
  (func $finish
    (call $finish_with (i32.const 0) (i32.const 0)))

  ;; Finishes the response body with trailers `some(handle)` when `has` is 1.
  (func $finish_with (param $has i32) (param $trailers i32)
    (call $drop_out (global.get $ostream))
    (call $obody_finish (global.get $obody) (local.get $has) (local.get $trailers) (i32.const 200)))

  ;; Copies input stream `in` to the response body: poll, then read what is there.
  (func $pump (param $in i32)
    (local $p i32)
    (block $end
      (loop $more
        (call $reset)
        (local.set $p (call $in_subscribe (local.get $in)))
        (i32.store (i32.const 300) (local.get $p))
        (call $poll (i32.const 300) (i32.const 1) (i32.const 200))
        (call $drop_pollable (local.get $p))
        (call $reset)
        (call $read (local.get $in) (i64.const 65536) (i32.const 200))
        (if (i32.load8_u (i32.const 200))             ;; closed, or failed
          (then
            (if (i32.eqz (i32.load8_u (i32.const 204)))  ;; last-operation-failed(error)
              (then (global.set $read_failed (i32.const 1))
                    (global.set $read_err (i32.load (i32.const 208)))))
            (br $end)))
        (br_if $end (i32.eqz (call $send_bytes (i32.load (i32.const 204)) (i32.load (i32.const 208)))))
        (br $more))))

  (func $echo (param $req i32)
    (local $ibody i32) (local $in i32) (local $ft i32) (local $p i32) (local $h i32) (local $code i32)
    (local $t i32)
    (call $req_consume (local.get $req) (i32.const 200))
    (local.set $ibody (i32.load (i32.const 204)))
    (call $body_stream (local.get $ibody) (i32.const 200))
    (local.set $in (i32.load (i32.const 204)))
    ;; x-content-length: its first value (in the scratch area, kept until $respond appends it)
    (local.set $h (call $req_headers (local.get $req)))
    (call $fields_get (local.get $h) (i32.const 3500) (i32.const 16) (i32.const 200))
    (if (i32.load (i32.const 204))
      (then
        (global.set $clen_ptr (i32.load (i32.load (i32.const 200))))
        (global.set $clen_len (i32.load offset=4 (i32.load (i32.const 200))))))
    (call $drop_fields (local.get $h))
    (call $respond (i32.const 200))
    (call $pump (local.get $in))
    (call $drop_in (local.get $in))
    ;; the request's trailers, if any, become the response's
    (local.set $ft (call $ibody_finish (local.get $ibody)))
    (local.set $p (call $ft_subscribe (local.get $ft)))
    (call $block (local.get $p))
    (call $drop_pollable (local.get $p))
    (call $ft_get (local.get $ft) (i32.const 200))
    (call $drop_ft (local.get $ft))
    (call $drop_req (local.get $req))
    ;; a failed read: the trailer x-stream-error tells its http-error-code case
    (if (global.get $read_failed)
      (then
        (call $http_error_code (global.get $read_err) (i32.const 3600))
        (local.set $code (i32.const 99))
        (if (i32.load8_u (i32.const 3600)) (then (local.set $code (i32.load8_u (i32.const 3608)))))
        (i32.store8 (i32.const 3400) (i32.add (i32.const 48) (i32.div_u (local.get $code) (i32.const 10))))
        (i32.store8 (i32.const 3401) (i32.add (i32.const 48) (i32.rem_u (local.get $code) (i32.const 10))))
        (local.set $t (call $fields))
        (call $append (local.get $t) (i32.const 3540) (i32.const 14) (i32.const 3400) (i32.const 2) (i32.const 200))
        (call $finish_with (i32.const 1) (local.get $t))
        (return)))
    ;; some(ok(ok(some(trailers))))
    (if (i32.and (i32.and (i32.load8_u (i32.const 200)) (i32.eqz (i32.load8_u (i32.const 208))))
                 (i32.and (i32.eqz (i32.load8_u (i32.const 216))) (i32.load8_u (i32.const 224))))
      (then (call $finish_with (i32.const 1) (i32.load (i32.const 228))) (return)))
    (call $finish))

  ;; Answers 502 with the error-code case `code` as two digits.
  (func $fail (param $code i32)
    (call $respond (i32.const 502))
    (i32.store8 (i32.const 3400) (i32.add (i32.const 48) (i32.div_u (local.get $code) (i32.const 10))))
    (i32.store8 (i32.const 3401) (i32.add (i32.const 48) (i32.rem_u (local.get $code) (i32.const 10))))
    (drop (call $send_bytes (i32.const 3400) (i32.const 2)))
    (call $finish))

  (func $fetch (param $req i32)
    (local $ibody i32) (local $in i32) (local $len i32) (local $oreq i32) (local $fut i32) (local $p i32)
    (local $iresp i32) (local $rbody i32) (local $rin i32)
    ;; the authority, from the request body (at most 255 bytes)
    (call $req_consume (local.get $req) (i32.const 200))
    (local.set $ibody (i32.load (i32.const 204)))
    (call $body_stream (local.get $ibody) (i32.const 200))
    (local.set $in (i32.load (i32.const 204)))
    (call $reset)
    (call $blocking_read (local.get $in) (i64.const 255) (i32.const 200))
    (if (i32.eqz (i32.load8_u (i32.const 200)))
      (then
        (local.set $len (i32.load (i32.const 208)))
        (memory.copy (i32.const 3000) (i32.load (i32.const 204)) (local.get $len))))
    (call $drop_in (local.get $in))
    (call $drop_ibody (local.get $ibody))
    (call $drop_req (local.get $req))
    ;; a guest span under the host's current span
    (call $reset)
    (call $current (i32.const 512))
    (memory.copy (i32.const 3300) (i32.load (i32.const 512)) (i32.const 32))
    (memory.copy (i32.const 3340) (i32.load (i32.const 520)) (i32.const 16))
    (call $now (i32.const 1072))
    (call $on_start (i32.const 3300) (i32.const 32) (i32.const 112) (i32.const 16)
                    (i32.const 1) (i32.const 0) (i32.const 0) (i32.const 0))
    ;; GET http://AUTHORITY/downstream
    (local.set $oreq (call $new_req (call $fields)))
    (drop (call $set_scheme (local.get $oreq) (i32.const 1) (i32.const 0) (i32.const 0) (i32.const 0)))
    (drop (call $set_authority (local.get $oreq) (i32.const 1) (i32.const 3000) (local.get $len)))
    (drop (call $set_path (local.get $oreq) (i32.const 1) (i32.const 96) (i32.const 11)))
    (call $send (local.get $oreq) (i32.const 0) (i32.const 0) (i32.const 200))
    (if (i32.load8_u (i32.const 200))
      (then
        (call $end_span)
        (call $fail (i32.load8_u (i32.const 208)))
        (return)))
    (local.set $fut (i32.load (i32.const 208)))
    (local.set $p (call $fut_subscribe (local.get $fut)))
    (call $block (local.get $p))
    (call $drop_pollable (local.get $p))
    (call $fut_get (local.get $fut) (i32.const 200))
    (call $drop_fut (local.get $fut))
    ;; some(ok(err(code)))
    (if (i32.load8_u (i32.const 216))
      (then
        (call $end_span)
        (call $fail (i32.load8_u (i32.const 224)))
        (return)))
    (local.set $iresp (i32.load (i32.const 224)))
    (call $iresp_consume (local.get $iresp) (i32.const 200))
    (local.set $rbody (i32.load (i32.const 204)))
    (call $body_stream (local.get $rbody) (i32.const 200))
    (local.set $rin (i32.load (i32.const 204)))
    (call $respond (i32.const 200))
    (call $pump (local.get $rin))
    (call $drop_in (local.get $rin))
    (call $drop_ibody (local.get $rbody))
    (call $drop_iresp (local.get $iresp))
    (call $end_span)
    (call $finish))

  ;; Ends the guest span: span-data at 1024 (168 bytes), child of the span current at the start.
  (func $end_span
    (call $now (i32.const 1088))
    (i32.store (i32.const 1024) (i32.const 3300))   ;; span-context.trace-id
    (i32.store (i32.const 1028) (i32.const 32))
    (i32.store (i32.const 1032) (i32.const 112))    ;; span-context.span-id
    (i32.store (i32.const 1036) (i32.const 16))
    (i32.store8 (i32.const 1040) (i32.const 1))     ;; trace-flags: sampled
    (i32.store8 (i32.const 1041) (i32.const 0))     ;; is-remote
    (i32.store (i32.const 1044) (i32.const 0))      ;; trace-state: empty
    (i32.store (i32.const 1048) (i32.const 0))
    (i32.store (i32.const 1052) (i32.const 3340))   ;; parent-span-id
    (i32.store (i32.const 1056) (i32.const 16))
    (i32.store8 (i32.const 1060) (i32.const 4))     ;; span-kind: internal
    (i32.store (i32.const 1064) (i32.const 128))    ;; name
    (i32.store (i32.const 1068) (i32.const 11))
    (i32.store (i32.const 1104) (i32.const 0))      ;; attributes: []
    (i32.store (i32.const 1108) (i32.const 0))
    (i32.store (i32.const 1112) (i32.const 0))      ;; events: []
    (i32.store (i32.const 1116) (i32.const 0))
    (i32.store (i32.const 1120) (i32.const 0))      ;; links: []
    (i32.store (i32.const 1124) (i32.const 0))
    (i32.store8 (i32.const 1128) (i32.const 0))     ;; status: unset
    (i32.store (i32.const 1140) (i32.const 144))    ;; instrumentation-scope.name
    (i32.store (i32.const 1144) (i32.const 14))
    (i32.store8 (i32.const 1148) (i32.const 0))     ;; version: none
    (i32.store8 (i32.const 1160) (i32.const 0))     ;; schema-url: none
    (i32.store (i32.const 1172) (i32.const 0))      ;; attributes: []
    (i32.store (i32.const 1176) (i32.const 0))
    (i32.store (i32.const 1180) (i32.const 0))      ;; dropped attributes, events, links
    (i32.store (i32.const 1184) (i32.const 0))
    (i32.store (i32.const 1188) (i32.const 0))
    (call $on_end (i32.const 1024)))
)
