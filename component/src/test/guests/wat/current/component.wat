;; A component in the encodings current toolchains emit (assembled by `jco parse`): import and
;; export names in the 0x02 encoding (a canonical version with its `versionsuffix`, an instance that
;; `implements` an interface under a plain name), `map` types (0x63) and a fixed-length list (0x67).
;; The host serves test:current/host@0.2.3 with `scale`; both imports reach it.
(component
  (type $host-type (instance (export "scale" (func (param "x" u32) (result u32)))))
  ;; canonical name @0.2 plus suffix .3: the full name is test:current/host@0.2.3
  (import "test:current/host@0.2" (versionsuffix ".3") (instance $host (type $host-type)))
  ;; a plain name, served by the interface it implements
  (import "primary" (implements "test:current/host@0.2.3") (instance $primary (type $host-type)))
  (alias export $host "scale" (func $scale))
  (alias export $primary "scale" (func $primary-scale))
  (core func $scale-lowered (canon lower (func $scale)))
  (core func $primary-scale-lowered (canon lower (func $primary-scale)))
  (core instance $host-core (export "scale" (func $scale-lowered)))
  (core instance $primary-core (export "scale" (func $primary-scale-lowered)))

  (core module $m
    (import "host" "scale" (func $scale (param i32) (result i32)))
    (import "primary" "scale" (func $primary-scale (param i32) (result i32)))
    (memory (export "memory") 1)
    (global $heap (mut i32) (i32.const 1024))
    ;; a bump allocator that keeps the old bytes and grows the memory as needed
    (func $alloc (param $align i32) (param $size i32) (result i32)
      (local $ptr i32)
      (local $end i32)
      (local.set $ptr (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
                               (i32.sub (i32.const 0) (local.get $align))))
      (local.set $end (i32.add (local.get $ptr) (local.get $size)))
      (if (i32.gt_u (local.get $end) (i32.mul (memory.size) (i32.const 65536)))
        (then (drop (memory.grow (i32.add (i32.shr_u (i32.sub (local.get $end)
                                                              (i32.mul (memory.size) (i32.const 65536)))
                                                     (i32.const 16))
                                          (i32.const 1))))))
      (global.set $heap (local.get $end))
      (local.get $ptr))
    (func (export "cabi_realloc") (param $old i32) (param $old-size i32) (param $align i32) (param $size i32)
          (result i32)
      (local $new i32)
      (if (i32.and (i32.ne (local.get $old) (i32.const 0)) (i32.le_u (local.get $size) (local.get $old-size)))
        (then (return (local.get $old))))
      (local.set $new (call $alloc (local.get $align) (local.get $size)))
      (memory.copy (local.get $new) (local.get $old) (local.get $old-size))
      (local.get $new))
    ;; sum(m: map<string, u32>) -> u32: the bytes of the keys plus the values, scaled by the host.
    ;; An entry is a tuple<string, u32>: string pointer, string length, value (12 bytes).
    (func (export "sum") (param $ptr i32) (param $len i32) (result i32)
      (local $i i32)
      (local $e i32)
      (local $total i32)
      (block $done
        (loop $next
          (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
          (local.set $e (i32.add (local.get $ptr) (i32.mul (local.get $i) (i32.const 12))))
          (local.set $total (i32.add (local.get $total)
                                     (i32.add (i32.load offset=4 (local.get $e)) (i32.load offset=8 (local.get $e)))))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))
      (call $scale (local.get $total)))
    ;; invert(m: map<string, u32>) -> map<u32, string>: each entry turned round, keys and values
    ;; swapped (the strings stay where the host put them); returned through a return area at 16.
    (func (export "invert") (param $ptr i32) (param $len i32) (result i32)
      (local $i i32)
      (local $in i32)
      (local $o i32)
      (local $out i32)
      (local.set $out (call $alloc (i32.const 4) (i32.mul (local.get $len) (i32.const 12))))
      (block $done
        (loop $next
          (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
          (local.set $in (i32.add (local.get $ptr) (i32.mul (local.get $i) (i32.const 12))))
          (local.set $o (i32.add (local.get $out) (i32.mul (local.get $i) (i32.const 12))))
          (i32.store (local.get $o) (i32.load offset=8 (local.get $in)))
          (i32.store offset=4 (local.get $o) (i32.load (local.get $in)))
          (i32.store offset=8 (local.get $o) (i32.load offset=4 (local.get $in)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br $next)))
      (i32.store (i32.const 16) (local.get $out))
      (i32.store (i32.const 20) (local.get $len))
      (i32.const 16))
    ;; total(l: list<u32, 4>) -> u32: the four elements (flat, one parameter each) added, scaled
    ;; by the host through the import that implements the interface.
    (func (export "total") (param i32 i32 i32 i32) (result i32)
      (call $primary-scale (i32.add (i32.add (local.get 0) (local.get 1)) (i32.add (local.get 2) (local.get 3))))))
  (core instance $i (instantiate $m (with "host" (instance $host-core)) (with "primary" (instance $primary-core))))
  (alias core export $i "memory" (core memory $memory))
  (alias core export $i "cabi_realloc" (core func $realloc))
  (alias core export $i "sum" (core func $sum-core))
  (alias core export $i "invert" (core func $invert-core))
  (alias core export $i "total" (core func $total-core))

  (type $counts (map string u32))
  (type $names (map u32 string))
  (type $four (list u32 4))
  (type $sum-type (func (param "m" $counts) (result u32)))
  (type $invert-type (func (param "m" $counts) (result $names)))
  (type $total-type (func (param "l" $four) (result u32)))
  (func $sum (type $sum-type) (canon lift (core func $sum-core) (memory $memory) (realloc $realloc)))
  (func $invert (type $invert-type) (canon lift (core func $invert-core) (memory $memory) (realloc $realloc)))
  (func $total (type $total-type) (canon lift (core func $total-core)))
  (instance $api (export "sum" (func $sum)) (export "invert" (func $invert)) (export "total" (func $total)))
  ;; exported under the canonical name @0.2 with the suffix .3: the host calls test:current/api@0.2.3
  (export "test:current/api@0.2" (versionsuffix ".3") (instance $api))
)
