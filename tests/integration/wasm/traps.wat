;; Every trap code: stack overflow, out-of-bounds memory (at the exact edge and
;; through large static offsets), table out of bounds, null and mistyped
;; indirect calls, integer overflow and division by zero, bad float-to-int
;; conversions, unreachable; plus traps in inner functions.
(module
  (type $i32_to_i32 (func (param i32) (result i32)))
  (type $void (func))

  (memory (export "memory") 1)
  (global $count (export "count") (mut i32) (i32.const 0))

  ;; Slot 3 stays null; the table has 4 slots.
  (table 4 funcref)
  (elem (i32.const 0) $double $void_fn $trapper)

  (func $double (type $i32_to_i32) (i32.mul (local.get 0) (i32.const 2)))
  (func $void_fn (type $void))
  (func $trapper (type $i32_to_i32) unreachable)

  ;; The export every test calls after a trap.
  (func $good (export "good") (param $x i32) (result i32)
    (i32.add (local.get $x) (i32.const 1)))

  ;; Unbounded recursion.
  (func $recurse (export "recurse") (param $n i32) (result i32)
    (i32.add (call $recurse (i32.add (local.get $n) (i32.const 1))) (i32.const 1)))

  ;; Unbounded recursion whose result is stored after each call returns.
  (func $recurse_store (export "recurse_store") (param $n i32) (result i32)
    (i32.store (i32.const 0) (call $recurse_store (i32.add (local.get $n) (i32.const 1))))
    (local.get $n))

  (func $load8 (export "load8") (param $a i32) (result i32) (i32.load8_u (local.get $a)))
  (func $load32 (export "load32") (param $a i32) (result i32) (i32.load (local.get $a)))
  (func $load64 (export "load64") (param $a i32) (result i64) (i64.load (local.get $a)))
  (func $store8 (export "store8") (param $a i32) (param $v i32) (i32.store8 (local.get $a) (local.get $v)))
  (func $store64 (export "store64") (param $a i32) (param $v i64) (i64.store (local.get $a) (local.get $v)))
  ;; The largest static offset: out of bounds for every address.
  (func $load_offset_max (export "load_offset_max") (param $a i32) (result i32)
    (i32.load8_u offset=0xffffffff (local.get $a)))
  ;; address + offset past 4 GiB must trap, never wrap around.
  (func $load_offset_high (export "load_offset_high") (param $a i32) (result i32)
    (i32.load offset=0xfffffffc (local.get $a)))
  ;; An offset of exactly one page.
  (func $load_offset_page (export "load_offset_page") (param $a i32) (result i32)
    (i32.load offset=65536 (local.get $a)))

  (func $call_indirect (export "call_indirect") (param $idx i32) (param $x i32) (result i32)
    (call_indirect (type $i32_to_i32) (local.get $x) (local.get $idx)))

  (func $div_s (export "div_s") (param $a i32) (param $b i32) (result i32)
    (i32.div_s (local.get $a) (local.get $b)))
  (func $rem_u64 (export "rem_u64") (param $a i64) (param $b i64) (result i64)
    (i64.rem_u (local.get $a) (local.get $b)))
  (func $div_s64 (export "div_s64") (param $a i64) (param $b i64) (result i64)
    (i64.div_s (local.get $a) (local.get $b)))
  (func $trunc (export "trunc") (param $x f32) (result i32)
    (i32.trunc_f32_s (local.get $x)))
  (func $trunc_u64 (export "trunc_u64") (param $x f64) (result i64)
    (i64.trunc_f64_u (local.get $x)))
  (func $always_unreachable (export "always_unreachable")
    unreachable)

  ;; A trap two calls deep: the trapping function is $inner_div.
  (func $inner_div (param $a i32) (param $b i32) (result i32)
    (i32.div_u (local.get $a) (local.get $b)))
  (func $middle (param $a i32) (param $b i32) (result i32)
    (i32.add (call $inner_div (local.get $a) (local.get $b)) (i32.const 1)))
  (func $outer (export "outer") (param $a i32) (param $b i32) (result i32)
    (call $middle (local.get $a) (local.get $b)))

  ;; Always traps, with n frames of itself on the stack below the trap.
  (func $trap_at_depth (export "trap_at_depth") (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then unreachable)
      (else (i32.add (call $trap_at_depth (i32.sub (local.get $n) (i32.const 1))) (i32.const 1)))))

  ;; Changes made before a trap persist: count is incremented, then the trap.
  (func $count_then_trap (export "count_then_trap")
    (global.set $count (i32.add (global.get $count) (i32.const 1)))
    (i32.store8 (i32.const 0) (global.get $count))
    unreachable)
)
