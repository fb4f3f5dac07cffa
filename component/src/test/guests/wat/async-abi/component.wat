;; A component using the async ABI (assembled by `jco parse`): a lift with the async and callback
;; options, and the built-ins task.return and waitable-set.new. The host decodes it and refuses it at
;; instantiation, naming each use.
(component
  (type $f (func async (param "x" u32) (result u32)))
  (core module $m
    (import "" "task.return" (func (param i32)))
    (memory (export "memory") 1)
    (func (export "later") (param i32) (result i32) (i32.const 0))
    (func (export "cb") (param i32 i32 i32) (result i32) (i32.const 0)))
  (core func $task-return (canon task.return (result u32)))
  (core func $ws-new (canon waitable-set.new))
  (core instance $imports (export "task.return" (func $task-return)))
  (core instance $i (instantiate $m (with "" (instance $imports))))
  (alias core export $i "later" (core func $later-core))
  (alias core export $i "cb" (core func $cb))
  (func $later (type $f) (canon lift (core func $later-core) async (callback $cb)))
  (export "later" (func $later))
)
