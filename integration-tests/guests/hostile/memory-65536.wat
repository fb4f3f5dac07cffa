;; The core-module fixtures memory-65536.wasm and memory-32768.wasm (43 bytes each, written by
;; build.sh byte by byte): a valid module that declares a memory of 65536 pages (4 GiB), or 32768
;; (2 GiB), as its minimum, and an empty _start. A host must refuse to instantiate it when the
;; minimum is above its memory limit, not try to allocate it.
(module
  (memory 65536)
  (func (export "_start")))
