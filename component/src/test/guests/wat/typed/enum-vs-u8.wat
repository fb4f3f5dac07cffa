;; Imports `code` as returning an enum where the host's returns u8: the same core signature
;; (one i32), so only the component-level type tells them apart.
(component
  (type $api-type (instance
    (type $level (enum "low" "high"))
    (export "level" (type $level-export (eq $level)))
    (export "code" (func (result $level-export)))))
  (import "test:typed/api@0.1.0" (instance $api (type $api-type)))
  (alias export $api "code" (func $code))
  (core func $code-lowered (canon lower (func $code)))
  (core instance $imports (export "code" (func $code-lowered)))
  (core module $m
    (import "api" "code" (func $code (result i32)))
    (func (export "run") (result i32) (call $code)))
  (core instance $i (instantiate $m (with "api" (instance $imports))))
  (type $run-type (func (result u32)))
  (alias core export $i "run" (core func $run-core))
  (func $run (type $run-type) (canon lift (core func $run-core)))
  (instance $runner (export "run" (func $run)))
  (export "test:typed/runner" (instance $runner))
)
