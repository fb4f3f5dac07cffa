;; The wat-otel example guest: the smallest hand-made wasi:otel guest. `run` reads the host's span
;; context, starts one span under it, and ends it with a span-data record laid out by hand in
;; linear memory (offsets: see ../c-otel/src/wasi_otel.h). Only MVP instructions.
(module
  (import "wasi:otel/tracing@0.2.0-rc.2" "current-span-context" (func $current_span_context (param i32)))
  (import "wasi:otel/tracing@0.2.0-rc.2" "on-start"
    (func $on_start (param i32 i32 i32 i32 i32 i32 i32 i32)))
  (import "wasi:otel/tracing@0.2.0-rc.2" "on-end" (func $on_end (param i32)))
  (import "wasi:clocks/wall-clock@0.2.0" "now" (func $now (param i32)))
  (memory (export "memory") 1)

  ;; Memory map: 0x100 constant strings, 0x400 the host span-context (28 bytes, filled by the
  ;; host), 0x500 span-data (168 bytes), 0x600 one key-value, 0x700 run's result (ptr, len),
  ;; 0x1000.. what the host allocates through cabi_realloc (reset after each call).
  (data (i32.const 0x100) "00000000000000aa")          ;; span id, 16 bytes
  (data (i32.const 0x110) "wat-run")                   ;; span name, 7 bytes
  (data (i32.const 0x120) "wasi-otel-guests/wat-otel") ;; scope name, 25 bytes
  (data (i32.const 0x140) "guest.language")            ;; key, 14 bytes
  (data (i32.const 0x150) "\22wat\22")                 ;; JSON value "wat", 5 bytes
  (data (i32.const 0x160) "hello from wat-otel")       ;; result, 19 bytes

  (global $next (mut i32) (i32.const 0x1000))

  ;; A bump allocator for the host's strings; the memory grows when needed.
  (func (export "cabi_realloc") (param $old i32) (param $old_size i32) (param $align i32) (param $size i32) (result i32)
    (local $ptr i32)
    (local.set $ptr
      (i32.and (i32.add (global.get $next) (i32.sub (local.get $align) (i32.const 1)))
               (i32.sub (i32.const 0) (local.get $align))))
    (global.set $next (i32.add (local.get $ptr) (local.get $size)))
    (if (i32.gt_u (global.get $next) (i32.mul (memory.size) (i32.const 65536)))
      (then
        (if (i32.eq (memory.grow (i32.shr_u (i32.add (i32.sub (global.get $next) (i32.mul (memory.size) (i32.const 65536))) (i32.const 65535)) (i32.const 16))) (i32.const -1))
          (then unreachable))))
    ;; A grown block gets a fresh place; the host never grows one here, but copy to be exact.
    (block $done
      (loop $copy
        (br_if $done (i32.or (i32.eqz (local.get $old)) (i32.eqz (local.get $old_size))))
        (local.set $old_size (i32.sub (local.get $old_size) (i32.const 1)))
        (i32.store8 (i32.add (local.get $ptr) (local.get $old_size))
                    (i32.load8_u (i32.add (local.get $old) (local.get $old_size))))
        (br $copy)))
    (local.get $ptr))

  (func (export "run") (param $name i32) (param $name_len i32) (result i32)
    (local $d i32)
    (call $current_span_context (i32.const 0x400))
    ;; on-start(trace-id = the host's, span-id, sampled, not remote, empty trace-state)
    (call $on_start (i32.load (i32.const 0x400)) (i32.load (i32.const 0x404))
                    (i32.const 0x100) (i32.const 16) (i32.const 1) (i32.const 0) (i32.const 0) (i32.const 0))
    (local.set $d (i32.const 0x500))
    ;; span-context: trace-id, span-id, flags, is-remote, trace-state
    (i32.store (local.get $d) (i32.load (i32.const 0x400)))
    (i32.store offset=4 (local.get $d) (i32.load (i32.const 0x404)))
    (i32.store offset=8 (local.get $d) (i32.const 0x100))
    (i32.store offset=12 (local.get $d) (i32.const 16))
    (i32.store8 offset=16 (local.get $d) (i32.const 1))
    (i32.store8 offset=17 (local.get $d) (i32.const 0))
    (i32.store offset=20 (local.get $d) (i32.const 0))
    (i32.store offset=24 (local.get $d) (i32.const 0))
    ;; parent-span-id = the host's span id; span-kind server; name
    (i32.store offset=28 (local.get $d) (i32.load (i32.const 0x408)))
    (i32.store offset=32 (local.get $d) (i32.load (i32.const 0x40c)))
    (i32.store8 offset=36 (local.get $d) (i32.const 1))
    (i32.store offset=40 (local.get $d) (i32.const 0x110))
    (i32.store offset=44 (local.get $d) (i32.const 7))
    ;; start-time and end-time from the wall clock
    (call $now (i32.add (local.get $d) (i32.const 48)))
    (call $now (i32.add (local.get $d) (i32.const 64)))
    ;; attributes: one key-value at 0x600; no events, no links
    (i32.store (i32.const 0x600) (i32.const 0x140))
    (i32.store (i32.const 0x604) (i32.const 14))
    (i32.store (i32.const 0x608) (i32.const 0x150))
    (i32.store (i32.const 0x60c) (i32.const 5))
    (i32.store offset=80 (local.get $d) (i32.const 0x600))
    (i32.store offset=84 (local.get $d) (i32.const 1))
    (i64.store offset=88 (local.get $d) (i64.const 0))
    (i64.store offset=96 (local.get $d) (i64.const 0))
    ;; status ok; scope: name, no version, no schema-url, no attributes; dropped counts 0
    (i32.store8 offset=104 (local.get $d) (i32.const 1))
    (i32.store offset=116 (local.get $d) (i32.const 0x120))
    (i32.store offset=120 (local.get $d) (i32.const 25))
    (i32.store8 offset=124 (local.get $d) (i32.const 0))
    (i32.store8 offset=136 (local.get $d) (i32.const 0))
    (i64.store offset=148 (local.get $d) (i64.const 0))
    (i32.store offset=156 (local.get $d) (i32.const 0))
    (i64.store offset=160 (local.get $d) (i64.const 0))
    (call $on_end (local.get $d))
    (i32.store (i32.const 0x700) (i32.const 0x160))
    (i32.store (i32.const 0x704) (i32.const 19))
    (i32.const 0x700))

  ;; The host has read the result: free what it allocated for this call.
  (func (export "cabi_post_run") (param i32)
    (global.set $next (i32.const 0x1000))))
