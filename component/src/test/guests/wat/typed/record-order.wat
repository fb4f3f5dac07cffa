;; Imports `move-by` with the fields of `point` in the other order (y before x): the same flat
;; core signature, so today's core check would pass it and every point would be read swapped.
(component
  (type $api-type (instance
    (type $point (record (field "y" s32) (field "x" s32)))
    (export "point" (type $point-export (eq $point)))
    (export "move-by" (func (param "p" $point-export) (param "dx" s32) (result $point-export)))))
  (import "test:typed/api@0.1.0" (instance $api (type $api-type)))
  (core module $mem (memory (export "memory") 1))
  (core instance $mem-instance (instantiate $mem))
  (alias core export $mem-instance "memory" (core memory $memory))
  (alias export $api "move-by" (func $move-by))
  (core func $move-by-lowered (canon lower (func $move-by) (memory $memory)))
  (core instance $imports (export "move-by" (func $move-by-lowered)))
  (core module $m
    (import "env" "memory" (memory 1))
    (import "api" "move-by" (func $move-by (param i32 i32 i32 i32)))
    (func (export "run") (result i32)
      (call $move-by (i32.const 1) (i32.const 2) (i32.const 3) (i32.const 64))
      (i32.load (i32.const 64))))
  (core instance $i (instantiate $m (with "env" (instance $mem-instance)) (with "api" (instance $imports))))
  (type $run-type (func (result s32)))
  (alias core export $i "run" (core func $run-core))
  (func $run (type $run-type) (canon lift (core func $run-core)))
  (instance $runner (export "run" (func $run)))
  (export "test:typed/runner" (instance $runner))
)
