;; Control instructions: block/loop/if with params and results, every branch
;; form, return from nested blocks, select, nop, unreachable, early exits.
(module
  ;; (a - b) * 10, the subtraction inside a block taking two params.
  (func $block_params (export "block_params") (param $a i32) (param $b i32) (result i32)
    local.get $a
    local.get $b
    (block (param i32 i32) (result i32)
      i32.sub)
    i32.const 10
    i32.mul)

  ;; c != 0: x + 100, else x * 2; x is the if's param.
  (func $if_params (export "if_params") (param $c i32) (param $x i32) (result i32)
    local.get $x
    local.get $c
    (if (param i32) (result i32)
      (then i32.const 100 i32.add)
      (else i32.const 2 i32.mul)))

  ;; if without else: 2 when c != 0, else 1.
  (func $if_no_else (export "if_no_else") (param $c i32) (result i32)
    (local $r i32)
    (local.set $r (i32.const 1))
    (if (local.get $c) (then (local.set $r (i32.const 2))))
    local.get $r)

  ;; Nested if/else chain: sign of x as -1, 0, 1 (signed compare).
  (func $sign (export "sign") (param $x i32) (result i32)
    (if (result i32) (i32.lt_s (local.get $x) (i32.const 0))
      (then (i32.const -1))
      (else
        (if (result i32) (i32.eqz (local.get $x))
          (then (i32.const 0))
          (else (i32.const 1))))))

  ;; 1 + 2 + ... + n (n >= 1): the running sum is the loop's param.
  (func $loop_params_sum (export "loop_params_sum") (param $n i32) (result i32)
    i32.const 0
    (loop $l (param i32) (result i32)
      local.get $n
      i32.add
      (local.tee $n (i32.sub (local.get $n) (i32.const 1)))
      br_if $l))

  ;; br out of two blocks carries x; the +1000 is skipped.
  (func $br_out (export "br_out") (param $x i32) (result i32)
    (block $outer (result i32)
      (block $inner (result i32)
        local.get $x
        br $outer)
      i32.const 1000
      i32.add))

  ;; br carries only the top value; the values below it are dropped.
  (func $br_drops_extra (export "br_drops_extra") (result i32)
    (block $b (result i32)
      i32.const 1
      i32.const 2
      i32.const 3
      br $b))

  ;; br_if with a value: 111 when x != 0, else 222.
  (func $br_if_value (export "br_if_value") (param $x i32) (result i32)
    (block $b (result i32)
      i32.const 111
      local.get $x
      br_if $b
      drop
      i32.const 222))

  ;; br_table with duplicate targets and a default:
  ;; 0,4 -> 100; 1,2 -> 101; 3 -> 102; anything else -> 103.
  (func $br_table (export "br_table") (param $i i32) (result i32)
    (block $default
      (block $b2
        (block $b1
          (block $b0
            local.get $i
            br_table $b0 $b1 $b1 $b2 $b0 $default)
          (return (i32.const 100)))
        (return (i32.const 101)))
      (return (i32.const 102)))
    i32.const 103)

  ;; br_table carrying a value: index 1 -> 7 + 10, every other index -> 7.
  (func $br_table_value (export "br_table_value") (param $i i32) (result i32)
    (block $a (result i32)
      (block $b (result i32)
        i32.const 7
        local.get $i
        br_table $a $b $a)
      i32.const 10
      i32.add))

  ;; br_table with only a default: always leaves the block, result 5.
  (func $br_table_default_only (export "br_table_default_only") (param $i i32) (result i32)
    (block $d (result i32)
      i32.const 5
      local.get $i
      br_table $d)
    )

  ;; A state machine driven by br_table inside a loop: counts the steps from
  ;; state s to the final state 3, following 0 -> 2 -> 1 -> 3.
  (func $state_machine (export "state_machine") (param $s i32) (result i32)
    (local $steps i32)
    (block $done
      (loop $next
        (block $s3
          (block $s2
            (block $s1
              (block $s0
                (br_table $s0 $s1 $s2 $s3 $s3 (local.get $s)))
              ;; state 0
              (local.set $s (i32.const 2))
              (local.set $steps (i32.add (local.get $steps) (i32.const 1)))
              (br $next))
            ;; state 1
            (local.set $s (i32.const 3))
            (local.set $steps (i32.add (local.get $steps) (i32.const 1)))
            (br $next))
          ;; state 2
          (local.set $s (i32.const 1))
          (local.set $steps (i32.add (local.get $steps) (i32.const 1)))
          (br $next))
        ;; state 3 (and any larger state)
        (br $done)))
    local.get $steps)

  ;; return from inside a loop nested in two blocks:
  ;; x == 3 -> 33, x == 0 -> -1, otherwise 44.
  (func $nested_return (export "nested_return") (param $x i32) (result i32)
    (block $outer
      (block $inner
        (loop $l
          (if (i32.eq (local.get $x) (i32.const 3))
            (then (return (i32.const 33))))
          (br_if $outer (i32.eqz (local.get $x)))
          (br $inner)))
      (return (i32.const 44)))
    i32.const -1)

  ;; Early exit through the function's own label: 1 when x < 0, else 2.
  (func $early_exit (export "early_exit") (param $x i32) (result i32)
    (br_if 0 (i32.const 1) (i32.lt_s (local.get $x) (i32.const 0)))
    drop
    i32.const 2)

  ;; The index of the first i in 1..=100 with i * i > x, returned from
  ;; inside the loop.
  (func $first_square_above (export "first_square_above") (param $x i32) (result i32)
    (local $i i32)
    (loop $l
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (if (i32.gt_s (i32.mul (local.get $i) (local.get $i)) (local.get $x))
        (then (return (local.get $i))))
      (br_if $l (i32.lt_s (local.get $i) (i32.const 100))))
    i32.const -1)

  (func $select_i32 (export "select_i32") (param $a i32) (param $b i32) (param $c i32) (result i32)
    (select (local.get $a) (local.get $b) (local.get $c)))

  (func $select_i64 (export "select_i64") (param $a i64) (param $b i64) (param $c i32) (result i64)
    (select (result i64) (local.get $a) (local.get $b) (local.get $c)))

  (func $select_f32 (export "select_f32") (param $a f32) (param $b f32) (param $c i32) (result f32)
    (select (local.get $a) (local.get $b) (local.get $c)))

  (func $select_f64 (export "select_f64") (param $a f64) (param $b f64) (param $c i32) (result f64)
    (select (result f64) (local.get $a) (local.get $b) (local.get $c)))

  ;; x + 1 with nops everywhere.
  (func $nops (export "nops") (param $x i32) (result i32)
    nop
    local.get $x
    nop
    i32.const 1
    nop
    i32.add
    nop)

  ;; 7, or the unreachable trap when x != 0.
  (func $unreachable_if (export "unreachable_if") (param $x i32) (result i32)
    (if (local.get $x) (then unreachable))
    i32.const 7)

  ;; unreachable in a position where the stack is polymorphic.
  (func $unreachable_value (export "unreachable_value") (result i64)
    (i64.add (i64.const 1) (unreachable)))

  ;; n! with wrapping i64 arithmetic, computed by a loop.
  (func $fact_iter (export "fact_iter") (param $n i64) (result i64)
    (local $acc i64)
    (local.set $acc (i64.const 1))
    (block $done
      (loop $l
        (br_if $done (i64.le_s (local.get $n) (i64.const 1)))
        (local.set $acc (i64.mul (local.get $acc) (local.get $n)))
        (local.set $n (i64.sub (local.get $n) (i64.const 1)))
        (br $l)))
    local.get $acc)

  ;; The n-th Fibonacci number (fib 0 = 0, fib 1 = 1), wrapping i32.
  (func $fib_iter (export "fib_iter") (param $n i32) (result i32)
    (local $a i32) (local $b i32) (local $t i32)
    (local.set $b (i32.const 1))
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $t (i32.add (local.get $a) (local.get $b)))
        (local.set $a (local.get $b))
        (local.set $b (local.get $t))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $l)))
    local.get $a)
)
