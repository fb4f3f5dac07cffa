;; Imports `add` as returning s32 where the host's returns u32, and `current-level` with its
;; enum cases in another order: two functions, each refused with its first difference.
(component
  (type $api-type (instance
    (type $level (enum "high" "low"))
    (export "level" (type $level-export (eq $level)))
    (export "add" (func (param "a" u32) (param "b" u32) (result s32)))
    (export "current-level" (func (result $level-export)))))
  (import "test:typed/api@0.1.0" (instance $api (type $api-type)))
  (alias export $api "add" (func $add))
  (alias export $api "current-level" (func $current-level))
  (core func $add-lowered (canon lower (func $add)))
  (core func $level-lowered (canon lower (func $current-level)))
  (core instance $imports (export "add" (func $add-lowered)) (export "current-level" (func $level-lowered)))
  (core module $m
    (import "api" "add" (func $add (param i32 i32) (result i32)))
    (import "api" "current-level" (func $level (result i32)))
    (func (export "run") (result i32)
      (i32.add (call $add (i32.const 40) (i32.const 2)) (call $level))))
  (core instance $i (instantiate $m (with "api" (instance $imports))))
  (type $run-type (func (result s32)))
  (alias core export $i "run" (core func $run-core))
  (func $run (type $run-type) (canon lift (core func $run-core)))
  (instance $runner (export "run" (func $run)))
  (export "test:typed/runner" (instance $runner))
)
