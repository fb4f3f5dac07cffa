;; Imports two of the four functions of test:typed/api with the host's types (an enum among
;; them): the host serves more than the component imports, which the component model allows.
;; `run` returns add(40, 2) + 100 * current-level().
(component
  (type $api-type (instance
    (type $level (enum "low" "high"))
    (export "level" (type $level-export (eq $level)))
    (export "add" (func (param "a" u32) (param "b" u32) (result u32)))
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
      (i32.add (call $add (i32.const 40) (i32.const 2)) (i32.mul (call $level) (i32.const 100)))))
  (core instance $i (instantiate $m (with "api" (instance $imports))))
  (type $run-type (func (result u32)))
  (alias core export $i "run" (core func $run-core))
  (func $run (type $run-type) (canon lift (core func $run-core)))
  (instance $runner (export "run" (func $run)))
  (export "test:typed/runner" (instance $runner))
)
