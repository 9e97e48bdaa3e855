;; Extended constant expressions (Wasm 3.0): i32/i64 add, sub and mul and
;; global.get of imported globals in global initialisers, data and element
;; segment offsets.
(module
  (import "env" "base" (global $base i32))
  (import "env" "wide" (global $wide i64))
  (import "env" "slot" (global $slot i32))
  (memory (export "memory") 1)
  (table 16 funcref)
  (global $sum (export "sum") i32 (i32.add (global.get $base) (i32.const 8)))
  (global $diff (export "diff") i32 (i32.sub (i32.const 3) (global.get $base)))
  (global $product (export "product") i64
    (i64.mul (global.get $wide) (i64.add (i64.const 2) (i64.const 1))))
  (global $wrapped (export "wrapped") i64
    (i64.mul (i64.const 0x7fffffffffffffff) (i64.const 2)))
  (global $nested (export "nested") i32
    (i32.mul (i32.sub (global.get $base) (i32.const 1)) (i32.add (global.get $base) (i32.const 1))))
  ;; Data at base * 4 + 2 (wrapping), an element at (slot + 1) * 2 - 1.
  (data (i32.add (i32.mul (global.get $base) (i32.const 4)) (i32.const 2)) "ext")
  (elem (i32.sub (i32.mul (i32.add (global.get $slot) (i32.const 1)) (i32.const 2)) (i32.const 1)) $seven)
  (func $seven (result i32) i32.const 7)
  (func (export "call_slot") (param i32) (result i32)
    local.get 0 call_indirect (result i32)))
