;; memory64 and table64 (Wasm 3.0): 64-bit addresses and offsets, growth
;; past 4 GiB, bulk operations and segments at 64-bit addresses, traps at
;; every edge, and a table with 64-bit indices.
(module
  (memory $m (export "memory") i64 1)
  (data (i64.const 16) "memory64")
  (type $r (func (result i32)))
  (table $t (export "table") i64 4 funcref)
  (elem (table $t) (i64.const 1) func $seven $eight)
  (func $seven (result i32) i32.const 7)
  (func $eight (result i32) i32.const 8)

  (func (export "load8") (param i64) (result i32) (i32.load8_u (local.get 0)))
  (func (export "load64") (param i64) (result i64) (i64.load (local.get 0)))
  (func (export "store64") (param i64 i64) (i64.store (local.get 0) (local.get 1)))
  ;; Static offsets beyond 32 bits, and the largest one.
  (func (export "load64_off4g") (param i64) (result i64)
    (i64.load offset=0x100000000 (local.get 0)))
  (func (export "load8_offmax") (param i64) (result i32)
    (i32.load8_u offset=0xffffffffffffffff (local.get 0)))
  (func (export "store32_off16") (param i64 i32) (i32.store offset=16 (local.get 0) (local.get 1)))
  (func (export "size") (result i64) (memory.size))
  (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0)))
  (func (export "fill") (param i64 i32 i64) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
  (func (export "fill4") (param i64 i32) (memory.fill (local.get 0) (local.get 1) (i64.const 4)))
  (func (export "copy") (param i64 i64 i64) (memory.copy (local.get 0) (local.get 1) (local.get 2)))

  (func (export "table_size") (result i64) (table.size $t))
  (func (export "table_grow") (param i64) (result i64) (table.grow $t (ref.null func) (local.get 0)))
  (func (export "call_at") (param i64) (result i32) (call_indirect $t (type $r) (local.get 0)))
  (func (export "is_null_at") (param i64) (result i32) (ref.is_null (table.get $t (local.get 0))))
  (func (export "fill_table") (param i64 i64) (table.fill $t (local.get 0) (ref.func $seven) (local.get 1))))
