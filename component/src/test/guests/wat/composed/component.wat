;; A component written directly in the component text format (assembled by `jco parse`): a nested
;; component lifts a function taking a string; the outer component instantiates it, lowers that
;; lifted function into its own core module (a component-internal call: the string is copied from
;; one linear memory to the other) and lifts `run`. Exercises nested components and instances,
;; outer aliases, instance exports, memories shared through a core instance, and fused calls.
(component
  (type $len-type (func (param "s" string) (result u32)))

  (component $callee
    (alias outer 1 $len-type (type $len-type))
    (core module $m
      (memory (export "memory") 1)
      (global $heap (mut i32) (i32.const 1024))
      (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
        (local $ptr i32)
        (local.set $ptr (global.get $heap))
        (global.set $heap (i32.add (global.get $heap) (local.get 3)))
        (local.get $ptr))
      ;; the length of the string, plus 1000 if its first byte arrived as 'h'
      (func (export "len") (param $ptr i32) (param $len i32) (result i32)
        (i32.add (local.get $len)
                 (select (i32.const 1000) (i32.const 0)
                         (i32.eq (i32.load8_u (local.get $ptr)) (i32.const 104))))))
    (core instance $i (instantiate $m))
    (alias core export $i "memory" (core memory $memory))
    (alias core export $i "cabi_realloc" (core func $realloc))
    (alias core export $i "len" (core func $len-core))
    (func $len (type $len-type) (canon lift (core func $len-core) (memory $memory) (realloc $realloc)))
    (export "len" (func $len))
  )

  (instance $callee-instance (instantiate $callee))
  (alias export $callee-instance "len" (func $len))

  (core module $memory-module (memory (export "memory") 1))
  (core instance $memory-instance (instantiate $memory-module))
  (alias core export $memory-instance "memory" (core memory $memory))
  (core func $len-lowered (canon lower (func $len) (memory $memory)))
  (core instance $imports (export "len" (func $len-lowered)))

  (core module $caller
    (import "env" "memory" (memory 1))
    (import "callee" "len" (func $len (param i32 i32) (result i32)))
    (data (i32.const 16) "hello, component")
    (func (export "run") (result i32)
      (i32.add (call $len (i32.const 16) (i32.const 16)) (i32.const 1))))
  (core instance $caller-instance
    (instantiate $caller (with "env" (instance $memory-instance)) (with "callee" (instance $imports))))

  (type $run-type (func (result u32)))
  (alias core export $caller-instance "run" (core func $run-core))
  (func $run (type $run-type) (canon lift (core func $run-core)))
  (instance $api (export "run" (func $run)) (export "len" (func $len)))
  (export "test:composed/api" (instance $api))
)
