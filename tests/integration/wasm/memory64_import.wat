;; Imports a 64-bit memory: a 32-bit one must not match.
(module
  (import "env" "memory" (memory i64 1))
  (func (export "load8") (param i64) (result i32) (i32.load8_u (local.get 0))))
