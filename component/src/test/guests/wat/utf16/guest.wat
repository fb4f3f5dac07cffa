;; A core module for world test:utf16-guest/guest whose strings are UTF-16 (embedded with
;; `jco embed --string-encoding utf16`): the canonical options of every lift and lower say so.
(module
  (import "test:utf16-guest/shouter" "shout" (func $shout (param i32 i32 i32)))
  (memory (export "memory") 1)
  (global $heap (mut i32) (i32.const 4096))
  (data (i32.const 16) "h\00\e9\00")   ;; "hé" in UTF-16LE: 2 code units

  ;; A bump allocator: never frees; a shrinking realloc keeps the block, a growing one copies it.
  (func (export "cabi_realloc") (param $old i32) (param $old_size i32) (param $align i32) (param $size i32)
        (result i32)
    (local $ptr i32)
    (if (i32.and (i32.ne (local.get $old) (i32.const 0)) (i32.le_u (local.get $size) (local.get $old_size)))
      (then (return (local.get $old))))
    (local.set $ptr (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get $align))))
    (global.set $heap (i32.add (local.get $ptr) (local.get $size)))
    (if (local.get $old)
      (then (memory.copy (local.get $ptr) (local.get $old) (local.get $old_size))))
    (local.get $ptr))

  ;; shout("hé") writes (ptr, code units) at 256; return that pair as the result
  (func (export "test:utf16-guest/api#run") (result i32)
    (call $shout (i32.const 16) (i32.const 2) (i32.const 256))
    (i32.const 256))
)
