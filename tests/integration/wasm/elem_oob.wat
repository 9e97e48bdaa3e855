;; A module whose element segment starts past the end of its table.
(module
  (table 1 funcref)
  (elem (i32.const 1) $never)
  (func $never (export "never") (result i32) (i32.const 1)))
