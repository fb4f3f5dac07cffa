;; Imports `peek` as borrowing an `item` of test:typed/api itself (an abstract resource of the
;; imported instance), where the host's `peek` borrows the `item` of test:typed/store: same name,
;; same core signature, another resource.
(component
  (type $api-type (instance
    (export "item" (type $item (sub resource)))
    (type $borrow-item (borrow $item))
    (export "peek" (func (param "i" $borrow-item) (result u32)))))
  (import "test:typed/api@0.1.0" (instance $api (type $api-type)))
  (alias export $api "peek" (func $peek))
  (core func $peek-lowered (canon lower (func $peek)))
  (core instance $imports (export "peek" (func $peek-lowered)))
  (core module $m
    (import "api" "peek" (func $peek (param i32) (result i32)))
    (func (export "run") (result i32) (call $peek (i32.const 1))))
  (core instance $i (instantiate $m (with "api" (instance $imports))))
  (type $run-type (func (result u32)))
  (alias core export $i "run" (core func $run-core))
  (func $run (type $run-type) (canon lift (core func $run-core)))
  (instance $runner (export "run" (func $run)))
  (export "test:typed/runner" (instance $runner))
)
