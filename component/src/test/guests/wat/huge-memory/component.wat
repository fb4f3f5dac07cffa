;; A component whose core module declares a 4 GiB memory, (memory 65536): a host must refuse it
;; at instantiation, before allocating anything (assembled by `jco parse`).
(component
  (core module $m (memory (export "memory") 65536))
  (core instance (instantiate $m))
)
