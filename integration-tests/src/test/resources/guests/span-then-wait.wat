;; A core module for the CLI's limit and signal tests (CliLimitsProcessTest). Each export ends one
;; span under the host's span, prints a marker line on stdout, then:
;;   loop  - spins forever in guest code (a deadline or a signal must stop it);
;;   sleep - blocks in the host, on a monotonic-clock pollable an hour away;
;;   open-sleep - starts a span it does not end (under the host's span), then sleeps as `sleep`;
;;   forge - returns at once; its span's name carries a newline and ANSI escapes that, printed
;;           raw, would forge a console `span ...` line.
;; Span-data layout as in ../../../../guests/wat-otel/src/guest.wat (offsets: c-otel's wasi_otel.h).
(module
  (import "wasi:otel/tracing@0.2.0-rc.2" "current-span-context" (func $current_span_context (param i32)))
  (import "wasi:otel/tracing@0.2.0-rc.2" "on-start"
    (func $on_start (param i32 i32 i32 i32 i32 i32 i32 i32)))
  (import "wasi:otel/tracing@0.2.0-rc.2" "on-end" (func $on_end (param i32)))
  (import "wasi:clocks/wall-clock@0.2.12" "now" (func $now (param i32)))
  (import "wasi:clocks/monotonic-clock@0.2.12" "subscribe-duration" (func $subscribe_duration (param i64) (result i32)))
  (import "wasi:io/poll@0.2.12" "[method]pollable.block" (func $block (param i32)))
  (import "wasi:cli/stdout@0.2.12" "get-stdout" (func $get_stdout (result i32)))
  (import "wasi:io/streams@0.2.12" "[method]output-stream.blocking-write-and-flush"
    (func $write_flush (param i32 i32 i32 i32)))
  (memory (export "memory") 1)

  ;; 0x100 span ids (16 bytes each), 0x200 names, 0x300 the marker line, 0x400 the host's
  ;; span-context, 0x500 span-data, 0x700 write results, 0x1000.. host allocations.
  (data (i32.const 0x100) "00000000000000b1")
  (data (i32.const 0x110) "00000000000000b2")
  (data (i32.const 0x120) "00000000000000b3")
  (data (i32.const 0x130) "00000000000000b4")
  (data (i32.const 0x200) "before-loop")                 ;; 11 bytes
  (data (i32.const 0x210) "before-sleep")                ;; 12 bytes
  (data (i32.const 0x220) "ok\n\1b[2Kspan   forged-span  trace=0 span=0\1b[0m") ;; 45 bytes
  (data (i32.const 0x280) "span-then-wait")              ;; scope name, 14 bytes
  (data (i32.const 0x300) "waiting\n")                   ;; 8 bytes

  (global $next (mut i32) (i32.const 0x1000))

  ;; A bump allocator that keeps the old bytes; the memory grows when needed.
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
    (if (i32.and (i32.ne (local.get $old) (i32.const 0)) (i32.ne (local.get $old_size) (i32.const 0)))
      (then (memory.copy (local.get $ptr) (local.get $old) (local.get $old_size))))
    (local.get $ptr))

  ;; Starts and ends a span (id at $id, name at $name/$len) under the host's span.
  (func $span (param $id i32) (param $name i32) (param $len i32)
    (local $d i32)
    (call $current_span_context (i32.const 0x400))
    (call $on_start (i32.load (i32.const 0x400)) (i32.load (i32.const 0x404))
                    (local.get $id) (i32.const 16) (i32.const 1) (i32.const 0) (i32.const 0) (i32.const 0))
    (local.set $d (i32.const 0x500))
    ;; span-context: trace-id, span-id, flags, is-remote, trace-state
    (i32.store (local.get $d) (i32.load (i32.const 0x400)))
    (i32.store offset=4 (local.get $d) (i32.load (i32.const 0x404)))
    (i32.store offset=8 (local.get $d) (local.get $id))
    (i32.store offset=12 (local.get $d) (i32.const 16))
    (i32.store8 offset=16 (local.get $d) (i32.const 1))
    (i32.store8 offset=17 (local.get $d) (i32.const 0))
    (i32.store offset=20 (local.get $d) (i32.const 0))
    (i32.store offset=24 (local.get $d) (i32.const 0))
    ;; parent-span-id = the host's span id; span-kind internal; name
    (i32.store offset=28 (local.get $d) (i32.load (i32.const 0x408)))
    (i32.store offset=32 (local.get $d) (i32.load (i32.const 0x40c)))
    (i32.store8 offset=36 (local.get $d) (i32.const 4))
    (i32.store offset=40 (local.get $d) (local.get $name))
    (i32.store offset=44 (local.get $d) (local.get $len))
    (call $now (i32.add (local.get $d) (i32.const 48)))
    (call $now (i32.add (local.get $d) (i32.const 64)))
    ;; no attributes, events or links
    (i64.store offset=80 (local.get $d) (i64.const 0))
    (i64.store offset=88 (local.get $d) (i64.const 0))
    (i64.store offset=96 (local.get $d) (i64.const 0))
    ;; status unset; scope: name only; dropped counts 0
    (i32.store8 offset=104 (local.get $d) (i32.const 0))
    (i32.store offset=116 (local.get $d) (i32.const 0x280))
    (i32.store offset=120 (local.get $d) (i32.const 14))
    (i32.store8 offset=124 (local.get $d) (i32.const 0))
    (i32.store8 offset=136 (local.get $d) (i32.const 0))
    (i64.store offset=148 (local.get $d) (i64.const 0))
    (i32.store offset=156 (local.get $d) (i32.const 0))
    (i64.store offset=160 (local.get $d) (i64.const 0))
    (call $on_end (local.get $d))
    (global.set $next (i32.const 0x1000)))

  ;; "waiting\n" on stdout, so that a test knows the span has ended.
  (func $marker
    (call $write_flush (call $get_stdout) (i32.const 0x300) (i32.const 8) (i32.const 0x700)))

  (func (export "loop")
    (call $span (i32.const 0x100) (i32.const 0x200) (i32.const 11))
    (call $marker)
    (loop $forever (br $forever)))

  (func (export "sleep")
    (call $span (i32.const 0x110) (i32.const 0x210) (i32.const 12))
    (call $marker)
    ;; an hour, in nanoseconds
    (call $block (call $subscribe_duration (i64.const 3600000000000))))

  (func (export "open-sleep")
    (call $current_span_context (i32.const 0x400))
    (call $on_start (i32.load (i32.const 0x400)) (i32.load (i32.const 0x404))
                    (i32.const 0x130) (i32.const 16) (i32.const 1) (i32.const 0) (i32.const 0) (i32.const 0))
    (call $marker)
    (call $block (call $subscribe_duration (i64.const 3600000000000))))

  (func (export "forge")
    (call $span (i32.const 0x120) (i32.const 0x220) (i32.const 45))))
