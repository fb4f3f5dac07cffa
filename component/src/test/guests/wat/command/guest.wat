;; A preview1 command: writes a line to stdout with fd_write. `jco new --wasi-command` adapts it
;; to WASI 0.2 with the preview1 adapter, which wit-component links in with shim and fixup modules.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello from a preview1 command\n")   ;; 30 bytes
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16))    ;; iovec: buf
    (i32.store (i32.const 4) (i32.const 30))    ;; iovec: len
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8))))
)
