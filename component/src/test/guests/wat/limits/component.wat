;; A component that tests the host's limits (assembled by `jco parse`). It imports
;; test:limits/host (`ping`, `wait`, and `get`, which returns a string the host lowers through
;; cabi_realloc) and exports world-level functions:
;;   spin       never returns (a loop with no exit): the call deadline must stop it
;;   grow       memory.grow by `pages`: -1 beyond the host's memory limit
;;   count      calls `wait` (the host may block there), then counts up and returns the count
;;   echo       the length of a string, lowered into the guest through cabi_realloc
;;   fetch      calls `get`, returns the length of the string the host lowered
;;   set-mode   how cabi_realloc behaves: 0 allocates; 1 calls `ping` first; 2 calls `get` first
;;              (the re-entrant host call the component model forbids); 3: `count`'s post-return
;;              calls `ping` (forbidden there too)
;; `get` is lowered with the main module's memory and realloc, so it reaches the main module
;; through a shim table that a fixup module fills, as wit-component does.
(component
  (import "test:limits/host" (instance $host
    (export "ping" (func))
    (export "wait" (func))
    (export "get" (func (result string)))))
  (alias export $host "ping" (func $ping))
  (alias export $host "wait" (func $wait))
  (alias export $host "get" (func $get))

  (core module $shim
    (table (export "$imports") 1 funcref)
    (func (export "get") (param i32)
      (call_indirect (param i32) (local.get 0) (i32.const 0))))
  (core instance $shim-instance (instantiate $shim))
  (alias core export $shim-instance "get" (core func $get-shim))
  (alias core export $shim-instance "$imports" (core table $shim-table))

  (core func $ping-core (canon lower (func $ping)))
  (core func $wait-core (canon lower (func $wait)))
  (core instance $host-core
    (export "ping" (func $ping-core))
    (export "wait" (func $wait-core))
    (export "get" (func $get-shim)))

  (core module $main
    (import "host" "ping" (func $ping))
    (import "host" "wait" (func $wait))
    (import "host" "get" (func $get (param i32)))
    (memory (export "memory") 1)
    (global $heap (mut i32) (i32.const 1024))
    (global $mode (mut i32) (i32.const 0))
    (global $count (mut i32) (i32.const 0))
    (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32)
      (local $ptr i32)
      (if (i32.eq (global.get $mode) (i32.const 1)) (then (call $ping)))
      (if (i32.eq (global.get $mode) (i32.const 2)) (then (call $get (i32.const 16))))
      (local.set $ptr (i32.and (i32.add (global.get $heap) (i32.sub (local.get 2) (i32.const 1)))
                               (i32.sub (i32.const 0) (local.get 2))))
      (global.set $heap (i32.add (local.get $ptr) (local.get 3)))
      (local.get $ptr))
    (func (export "set-mode") (param i32) (global.set $mode (local.get 0)))
    (func (export "spin") (loop $forever (br $forever)))
    (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
    (func (export "count") (result i32)
      (call $wait)
      (global.set $count (i32.add (global.get $count) (i32.const 1)))
      (global.get $count))
    (func (export "cabi_post_count") (param i32)
      (if (i32.eq (global.get $mode) (i32.const 3)) (then (call $ping))))
    (func (export "echo") (param i32 i32) (result i32) (local.get 1))
    (func (export "fetch") (result i32)
      (call $get (i32.const 8))
      (i32.load (i32.const 12))))
  (core instance $main-instance (instantiate $main (with "host" (instance $host-core))))
  (alias core export $main-instance "memory" (core memory $memory))
  (alias core export $main-instance "cabi_realloc" (core func $realloc))

  (core func $get-core (canon lower (func $get) (memory $memory) (realloc $realloc)))
  (core module $fixup
    (import "" "$imports" (table 1 funcref))
    (import "" "get" (func $get (param i32)))
    (elem (i32.const 0) func $get))
  (core instance $fixup-args
    (export "$imports" (table $shim-table))
    (export "get" (func $get-core)))
  (core instance (instantiate $fixup (with "" (instance $fixup-args))))

  (alias core export $main-instance "set-mode" (core func $set-mode-core))
  (alias core export $main-instance "spin" (core func $spin-core))
  (alias core export $main-instance "grow" (core func $grow-core))
  (alias core export $main-instance "count" (core func $count-core))
  (alias core export $main-instance "cabi_post_count" (core func $count-post))
  (alias core export $main-instance "echo" (core func $echo-core))
  (alias core export $main-instance "fetch" (core func $fetch-core))
  (type $set-mode-type (func (param "mode" u32)))
  (type $spin-type (func))
  (type $grow-type (func (param "pages" u32) (result s32)))
  (type $count-type (func (result u32)))
  (type $echo-type (func (param "s" string) (result u32)))
  (func $set-mode (type $set-mode-type) (canon lift (core func $set-mode-core)))
  (func $spin (type $spin-type) (canon lift (core func $spin-core)))
  (func $grow (type $grow-type) (canon lift (core func $grow-core)))
  (func $count (type $count-type) (canon lift (core func $count-core) (post-return $count-post)))
  (func $echo (type $echo-type) (canon lift (core func $echo-core) (memory $memory) (realloc $realloc)))
  (func $fetch (type $count-type) (canon lift (core func $fetch-core)))
  (export "set-mode" (func $set-mode))
  (export "spin" (func $spin))
  (export "grow" (func $grow))
  (export "count" (func $count))
  (export "echo" (func $echo))
  (export "fetch" (func $fetch))
)
