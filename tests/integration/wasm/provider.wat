;; Exports a memory, a table and globals for linked.wat to import.
(module
  (memory (export "memory") 1 4)
  (table (export "table") 2 funcref)
  (global (export "base") i32 (i32.const 16))
  (global (export "counter") (mut i64) (i64.const 0))
  (elem (i32.const 0) func $seven)
  (func $seven (result i32) i32.const 7)
  (func (export "read") (param i32) (result i32) local.get 0 i32.load))
