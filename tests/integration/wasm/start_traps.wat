;; A module whose start function traps, so instantiation fails.
(module
  (memory (export "memory") 1)
  (func $start_here
    (i32.store8 (i32.const 0) (i32.const 1))
    unreachable)
  (start $start_here)
  (func $never (export "never") (result i32) (i32.const 1)))
