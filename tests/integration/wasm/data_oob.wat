;; A module whose second data segment ends one byte past its memory.
(module
  (memory (export "memory") 1)
  (data (i32.const 0) "ok")
  (data (i32.const 65535) "ab")
  (func $never (export "never") (result i32) (i32.const 1)))
