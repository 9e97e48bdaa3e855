;; Tail calls (`return_call`, `return_call_indirect`): each export recurses
;; far deeper than the native stack allows unless every call reuses its
;; caller's frame.
(module
  (import "host" "add" (func $host_add (param i64 i64) (result i64)))
  (import "host" "fail" (func $host_fail (param i32) (result i32)))
  (type $count (func (param i64 i64) (result i64)))
  (type $pair (func (param i32) (result i32 i64)))
  (table 4 funcref)
  (elem (i32.const 0) func $count_table $host_add $pair_table)

  ;; n + (n-1) + ... + 1 + acc, by self tail recursion.
  (func $sum (export "sum") (param $n i64) (param $acc i64) (result i64)
    (if (result i64) (i64.eqz (local.get $n))
      (then (local.get $acc))
      (else (return_call $sum (i64.sub (local.get $n) (i64.const 1))
                              (i64.add (local.get $acc) (local.get $n))))))

  ;; Mutual tail recursion between different signatures: $ping has two
  ;; parameters in registers; $pong has ten, three of them on the stack,
  ;; and a float. Each step adds 1 (ping) or 2 (pong) to the accumulator.
  (func $ping (export "ping") (param $n i32) (param $acc i64) (result i64)
    (if (result i64) (i32.eqz (local.get $n))
      (then (local.get $acc))
      (else (return_call $pong
        (f64.convert_i32_u (local.get $n))
        (i64.add (local.get $acc) (i64.const 1))
        (i32.sub (local.get $n) (i32.const 1))
        (i64.const 1) (i64.const 2) (i64.const 3) (i64.const 4) (i64.const 5) (i64.const 6) (i64.const 7)))))
  (func $pong (param $x f64) (param $acc i64) (param $n i32)
              (param i64) (param i64) (param i64) (param i64) (param i64) (param i64) (param $seven i64)
              (result i64)
    (return_call $ping (local.get $n)
      (i64.add (local.get $acc) (i64.sub (local.get $seven) (i64.const 6)))))

  ;; Counts down through the table: each step is a return_call_indirect.
  (func $count_table (export "count_table") (param $n i64) (param $acc i64) (result i64)
    (if (result i64) (i64.eqz (local.get $n))
      (then (return_call_indirect (type $count) (local.get $acc) (i64.const 1000) (i32.const 1)))
      (else (return_call_indirect (type $count)
        (i64.sub (local.get $n) (i64.const 1))
        (i64.add (local.get $acc) (i64.const 2))
        (i32.const 0)))))

  ;; Recurses n deep, then tail calls the host function `add`.
  (func $to_host (export "to_host") (param $n i64) (param $acc i64) (result i64)
    (if (result i64) (i64.eqz (local.get $n))
      (then (return_call $host_add (local.get $acc) (i64.const 1000)))
      (else (return_call $to_host (i64.sub (local.get $n) (i64.const 1))
                                  (i64.add (local.get $acc) (i64.const 1))))))

  ;; Multi-value results passed along a chain of tail calls.
  (func $pair_table (export "pair") (param $n i32) (result i32 i64)
    (if (result i32 i64) (i32.eqz (local.get $n))
      (then (i32.const 7) (i64.const 8))
      (else (return_call_indirect (type $pair) (i32.sub (local.get $n) (i32.const 1)) (i32.const 2)))))

  ;; Traps (integer divide by zero) n tail calls deep.
  (func $trap_deep (export "trap_deep") (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (i32.div_u (i32.const 1) (local.get $n)))
      (else (return_call $trap_deep_f (f32.const 1) (i32.sub (local.get $n) (i32.const 1))))))
  (func $trap_deep_f (param f32) (param $n i32) (result i32)
    (return_call $trap_deep (local.get $n)))

  ;; Tail calls the host function `fail`, which returns an error.
  (func (export "to_failing_host") (param $n i32) (result i32)
    (return_call $host_fail (local.get $n))))
