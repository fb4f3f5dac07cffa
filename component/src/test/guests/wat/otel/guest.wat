;; A core module following the canonical ABI for world test:otel-guest/guest: its export `run`
;; calls wasi:otel's current-span-context, on-start and on-end.
(module
  (import "wasi:otel/tracing@0.2.0-rc.2" "on-start"
    (func $on_start (param i32 i32 i32 i32 i32 i32 i32 i32)))
  (import "wasi:otel/tracing@0.2.0-rc.2" "on-end" (func $on_end (param i32)))
  (import "wasi:otel/tracing@0.2.0-rc.2" "current-span-context" (func $current (param i32)))
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 8192))
  (data (i32.const 16) "0af7651916cd43dd8448eb211c80319c")   ;; trace id, 32 bytes
  (data (i32.const 48) "b7ad6b7169203331")                   ;; span id, 16 bytes
  (data (i32.const 64) "kv")                                 ;; attribute key "k", value "v"
  (data (i32.const 68) "test-scope")                         ;; 10 bytes
  ;; list<key-value> with one element at 80: key (64, 1), value (65, 1)
  (data (i32.const 80) "\40\00\00\00\01\00\00\00\41\00\00\00\01\00\00\00")

  ;; A bump allocator: never frees; a shrinking realloc keeps the block, a growing one copies it.
  (func (export "cabi_realloc") (param $old i32) (param $old_size i32) (param $align i32) (param $size i32)
        (result i32)
    (local $ptr i32) (local $need i32)
    (if (i32.and (i32.ne (local.get $old) (i32.const 0)) (i32.le_u (local.get $size) (local.get $old_size)))
      (then (return (local.get $old))))
    (local.set $ptr (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get $align))))
    (global.set $heap (i32.add (local.get $ptr) (local.get $size)))
    (local.set $need (i32.sub (global.get $heap) (i32.mul (memory.size) (i32.const 65536))))
    (if (i32.gt_s (local.get $need) (i32.const 0))
      (then (if (i32.eq (memory.grow (i32.shr_u (i32.add (local.get $need) (i32.const 65535)) (i32.const 16)))
                        (i32.const -1))
              (then unreachable))))
    (if (local.get $old)
      (then (memory.copy (local.get $ptr) (local.get $old) (local.get $old_size))))
    (local.get $ptr))

  (func (export "test:otel-guest/api#run") (param $name_ptr i32) (param $name_len i32) (result i32)
    ;; the host's current span context, 28 bytes at 512
    (call $current (i32.const 512))
    ;; on-start(trace-id, span-id, flags=sampled, is-remote=false, trace-state=[])
    (call $on_start (i32.const 16) (i32.const 32) (i32.const 48) (i32.const 16)
                    (i32.const 1) (i32.const 0) (i32.const 0) (i32.const 0))
    ;; span-data at 1024 (168 bytes, align 8)
    (i32.store (i32.const 1024) (i32.const 16))     ;; span-context.trace-id
    (i32.store (i32.const 1028) (i32.const 32))
    (i32.store (i32.const 1032) (i32.const 48))     ;; span-context.span-id
    (i32.store (i32.const 1036) (i32.const 16))
    (i32.store8 (i32.const 1040) (i32.const 1))     ;; trace-flags: sampled
    (i32.store8 (i32.const 1041) (i32.const 0))     ;; is-remote
    (i32.store (i32.const 1044) (i32.const 0))      ;; trace-state: empty
    (i32.store (i32.const 1048) (i32.const 0))
    (i32.store (i32.const 1052) (i32.load (i32.const 520)))   ;; parent-span-id: the current span id
    (i32.store (i32.const 1056) (i32.load (i32.const 524)))
    (i32.store8 (i32.const 1060) (i32.const 1))     ;; span-kind: server
    (i32.store (i32.const 1064) (local.get $name_ptr))        ;; name
    (i32.store (i32.const 1068) (local.get $name_len))
    (i64.store (i32.const 1072) (i64.const 1700000000))       ;; start-time
    (i32.store (i32.const 1080) (i32.const 5))
    (i64.store (i32.const 1088) (i64.const 1700000001))       ;; end-time
    (i32.store (i32.const 1096) (i32.const 6))
    (i32.store (i32.const 1104) (i32.const 80))     ;; attributes: [k=v]
    (i32.store (i32.const 1108) (i32.const 1))
    (i32.store (i32.const 1112) (i32.const 0))      ;; events: []
    (i32.store (i32.const 1116) (i32.const 0))
    (i32.store (i32.const 1120) (i32.const 0))      ;; links: []
    (i32.store (i32.const 1124) (i32.const 0))
    (i32.store8 (i32.const 1128) (i32.const 1))     ;; status: ok
    (i32.store (i32.const 1140) (i32.const 68))     ;; instrumentation-scope.name
    (i32.store (i32.const 1144) (i32.const 10))
    (i32.store8 (i32.const 1148) (i32.const 0))     ;; version: none
    (i32.store8 (i32.const 1160) (i32.const 0))     ;; schema-url: none
    (i32.store (i32.const 1172) (i32.const 0))      ;; attributes: []
    (i32.store (i32.const 1176) (i32.const 0))
    (i32.store (i32.const 1180) (i32.const 1))      ;; dropped attributes, events, links
    (i32.store (i32.const 1184) (i32.const 2))
    (i32.store (i32.const 1188) (i32.const 3))
    (call $on_end (i32.const 1024))
    ;; result: the current trace id, as the host wrote it
    (i32.store (i32.const 2048) (i32.load (i32.const 512)))
    (i32.store (i32.const 2052) (i32.load (i32.const 516)))
    (i32.const 2048))

  (func (export "cabi_post_test:otel-guest/api#run") (param i32))
)
