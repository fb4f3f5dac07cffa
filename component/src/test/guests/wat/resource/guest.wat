;; A core module for world test:resource-guest/guest: uses the host resource `logger` and the
;; guest resource `counter` through the canonical resource functions.
(module
  (import "test:resource-guest/host-log" "[constructor]logger" (func $logger_new (param i32 i32) (result i32)))
  (import "test:resource-guest/host-log" "[method]logger.log" (func $logger_log (param i32 i32 i32) (result i32)))
  (import "test:resource-guest/host-log" "[resource-drop]logger" (func $logger_drop (param i32)))
  (import "[export]test:resource-guest/counters" "[resource-new]counter" (func $counter_new (param i32) (result i32)))
  (import "[export]test:resource-guest/counters" "[resource-rep]counter" (func $counter_rep (param i32) (result i32)))
  (import "[export]test:resource-guest/counters" "[resource-drop]counter" (func $counter_drop (param i32)))
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 4096))
  (global $last_dropped (mut i32) (i32.const 0))
  (data (i32.const 16) "log: ")
  (data (i32.const 32) "hello")
  (data (i32.const 48) "resources")

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

  (func (export "test:resource-guest/counters#run") (result i32)
    (local $logger i32) (local $a i32) (local $b i32) (local $counter i32) (local $rep i32)
    (local.set $logger (call $logger_new (i32.const 16) (i32.const 5)))
    (local.set $a (call $logger_log (local.get $logger) (i32.const 32) (i32.const 5)))
    (local.set $b (call $logger_log (local.get $logger) (i32.const 48) (i32.const 9)))
    (call $logger_drop (local.get $logger))
    (local.set $counter (call $counter_new (i32.const 1234)))
    (local.set $rep (call $counter_rep (local.get $counter)))
    (call $counter_drop (local.get $counter))
    (i32.add (i32.add (local.get $a) (i32.mul (local.get $b) (i32.const 10)))
             (i32.mul (local.get $rep) (i32.const 100))))

  (func (export "test:resource-guest/counters#last-dropped") (result i32)
    (global.get $last_dropped))

  (func (export "test:resource-guest/counters#make") (param $value i32) (result i32)
    (call $counter_new (local.get $value)))

  ;; a borrow of its own resource reaches the component as the representation
  (func (export "test:resource-guest/counters#peek") (param $rep i32) (result i32)
    (local.get $rep))

  (func (export "test:resource-guest/counters#[dtor]counter") (param $rep i32)
    (global.set $last_dropped (local.get $rep)))
)
