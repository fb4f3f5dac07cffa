;; A component whose values alias (assembled by `jco parse`): its memory holds 8 MiB of zero bytes
;; (valid UTF-8) at 65536 and 1,000 string descriptors at 1024 that all point at them. `strings n`
;; returns the first n of them as a list<string> (the host lifts the export's result); `pass n`
;; passes them to a nested component's `take` (a component-internal call: the host lifts them from
;; this memory and lowers them into the callee's). 1,000 such strings are 8 GB once lifted.
(component
  (type $take-type (func (param "v" (list string)) (result u32)))

  (component $callee
    (alias outer 1 $take-type (type $take-type))
    (core module $m
      (memory (export "memory") 1)
      (global $heap (mut i32) (i32.const 1024))
      ;; a bump allocator that grows the memory as needed
      (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
        (local $ptr i32)
        (local $end i32)
        (local.set $ptr (i32.and (i32.add (global.get $heap) (i32.sub (local.get 2) (i32.const 1)))
                                 (i32.sub (i32.const 0) (local.get 2))))
        (local.set $end (i32.add (local.get $ptr) (local.get 3)))
        (if (i32.gt_u (local.get $end) (i32.mul (memory.size) (i32.const 65536)))
          (then (drop (memory.grow (i32.add (i32.shr_u (i32.sub (local.get $end)
                                                                (i32.mul (memory.size) (i32.const 65536)))
                                                       (i32.const 16))
                                            (i32.const 1))))))
        (global.set $heap (local.get $end))
        (local.get $ptr))
      ;; the number of strings it received
      (func (export "take") (param $ptr i32) (param $len i32) (result i32)
        (local.get $len)))
    (core instance $i (instantiate $m))
    (alias core export $i "memory" (core memory $memory))
    (alias core export $i "cabi_realloc" (core func $realloc))
    (alias core export $i "take" (core func $take-core))
    (func $take (type $take-type) (canon lift (core func $take-core) (memory $memory) (realloc $realloc)))
    (export "take" (func $take))
  )

  (instance $callee-instance (instantiate $callee))
  (alias export $callee-instance "take" (func $take))

  (core module $memory-module (memory (export "memory") 129))
  (core instance $memory-instance (instantiate $memory-module))
  (alias core export $memory-instance "memory" (core memory $memory))
  (core func $take-lowered (canon lower (func $take) (memory $memory)))
  (core instance $imports (export "take" (func $take-lowered)))

  (core module $caller
    (import "env" "memory" (memory 129))
    (import "callee" "take" (func $take (param i32 i32) (result i32)))
    (func $fill (local $i i32) (local $s i32)
      (loop $next
        (local.set $s (i32.add (i32.const 1024) (i32.mul (local.get $i) (i32.const 8))))
        (i32.store (local.get $s) (i32.const 65536))
        (i32.store offset=4 (local.get $s) (i32.const 8388608))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $next (i32.lt_u (local.get $i) (i32.const 1000)))))
    (func (export "strings") (param $n i32) (result i32)
      (call $fill)
      (i32.store (i32.const 512) (i32.const 1024))
      (i32.store (i32.const 516) (local.get $n))
      (i32.const 512))
    (func (export "pass") (param $n i32) (result i32)
      (call $fill)
      (call $take (i32.const 1024) (local.get $n))))
  (core instance $caller-instance
    (instantiate $caller (with "env" (instance $memory-instance)) (with "callee" (instance $imports))))

  (type $strings-type (func (param "n" u32) (result (list string))))
  (type $pass-type (func (param "n" u32) (result u32)))
  (alias core export $caller-instance "strings" (core func $strings-core))
  (alias core export $caller-instance "pass" (core func $pass-core))
  (func $strings (type $strings-type) (canon lift (core func $strings-core) (memory $memory)))
  (func $pass (type $pass-type) (canon lift (core func $pass-core)))
  (instance $api (export "strings" (func $strings)) (export "pass" (func $pass)))
  (export "test:aliasing/api" (instance $api))
)
