;; Calls: direct, recursive, mutually recursive, indirect through a table
;; holding several signatures (and an import), host imports, multi-value
;; functions and blocks, many mixed parameters.
(module
  (type $i32_to_i32 (func (param i32) (result i32)))
  (type $i64x2_to_i64 (func (param i64 i64) (result i64)))
  (type $f32_to_f32 (func (param f32) (result f32)))
  (type $to_i32 (func (result i32)))
  (type $scale_t (func (param i32 f64) (result f64)))
  (type $i32_to_pair (func (param i32) (result i32 i32)))

  (import "host" "add_to_total" (func $add_to_total (param i64)))
  (import "host" "scale" (func $scale (type $scale_t)))
  (import "host" "div_rem" (func $host_div_rem (param i32 i32) (result i32 i32)))
  (import "host" "record_many" (func $record_many (param i32 i64 f32 f64 i32 i64 f32 f64)))

  ;; Slot 5 holds an imported function, slot 7 stays null.
  (table 8 funcref)
  (elem (i32.const 0) $double $negate $add64 $half $forty_two $scale $dup_next)

  (func $double (type $i32_to_i32) (i32.mul (local.get 0) (i32.const 2)))
  (func $negate (type $i32_to_i32) (i32.sub (i32.const 0) (local.get 0)))
  (func $add64 (type $i64x2_to_i64) (i64.add (local.get 0) (local.get 1)))
  (func $half (type $f32_to_f32) (f32.mul (local.get 0) (f32.const 0.5)))
  (func $forty_two (type $to_i32) (i32.const 42))
  (func $dup_next (type $i32_to_pair) (local.get 0) (i32.add (local.get 0) (i32.const 1)))

  (func $add (param $a i32) (param $b i32) (result i32)
    (i32.add (local.get $a) (local.get $b)))

  ;; a + b + c through two direct calls.
  (func $add3 (export "add3") (param $a i32) (param $b i32) (param $c i32) (result i32)
    (call $add (call $add (local.get $a) (local.get $b)) (local.get $c)))

  (func $fib (export "fib") (param $n i32) (result i32)
    (if (result i32) (i32.lt_s (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else
        (i32.add
          (call $fib (i32.sub (local.get $n) (i32.const 1)))
          (call $fib (i32.sub (local.get $n) (i32.const 2)))))))

  ;; n + (n - 1) + ... + 0, one frame per step.
  (func $sum_rec (export "sum_rec") (param $n i32) (result i64)
    (if (result i64) (i32.eqz (local.get $n))
      (then (i64.const 0))
      (else
        (i64.add
          (i64.extend_i32_u (local.get $n))
          (call $sum_rec (i32.sub (local.get $n) (i32.const 1)))))))

  (func $is_even (export "is_even") (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (i32.const 1))
      (else (call $is_odd (i32.sub (local.get $n) (i32.const 1))))))

  (func $is_odd (export "is_odd") (param $n i32) (result i32)
    (if (result i32) (i32.eqz (local.get $n))
      (then (i32.const 0))
      (else (call $is_even (i32.sub (local.get $n) (i32.const 1))))))

  (func $dispatch_i32 (export "dispatch_i32") (param $idx i32) (param $x i32) (result i32)
    (call_indirect (type $i32_to_i32) (local.get $x) (local.get $idx)))

  ;; f(f(x)) for the i32 -> i32 function in slot idx.
  (func $apply_twice (export "apply_twice") (param $idx i32) (param $x i32) (result i32)
    (call $dispatch_i32 (local.get $idx) (call $dispatch_i32 (local.get $idx) (local.get $x))))

  (func $dispatch_i64 (export "dispatch_i64") (param $idx i32) (param $a i64) (param $b i64) (result i64)
    (call_indirect (type $i64x2_to_i64) (local.get $a) (local.get $b) (local.get $idx)))

  (func $dispatch_f32 (export "dispatch_f32") (param $idx i32) (param $x f32) (result f32)
    (call_indirect (type $f32_to_f32) (local.get $x) (local.get $idx)))

  (func $dispatch_const (export "dispatch_const") (param $idx i32) (result i32)
    (call_indirect (type $to_i32) (local.get $idx)))

  (func $dispatch_scale (export "dispatch_scale") (param $idx i32) (param $a i32) (param $b f64) (result f64)
    (call_indirect (type $scale_t) (local.get $a) (local.get $b) (local.get $idx)))

  (func $dispatch_pair (export "dispatch_pair") (param $idx i32) (param $x i32) (result i32 i32)
    (call_indirect (type $i32_to_pair) (local.get $x) (local.get $idx)))

  ;; Calls the host with 1, 2, ..., n; returns n.
  (func $accumulate (export "accumulate") (param $n i32) (result i32)
    (local $i i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (call $add_to_total (i64.extend_i32_u (local.get $i)))
        (br $l)))
    local.get $n)

  (func $scaled_plus_one (export "scaled_plus_one") (param $a i32) (param $b f64) (result f64)
    (f64.add (call $scale (local.get $a) (local.get $b)) (f64.const 1)))

  ;; The imported function exported again as is.
  (export "reexported_scale" (func $scale))

  ;; q * 1000 + r from the host's two results.
  (func $host_div_rem_combined (export "host_div_rem_combined") (param $a i32) (param $b i32) (result i32)
    (local $r i32)
    (call $host_div_rem (local.get $a) (local.get $b))
    local.set $r
    i32.const 1000
    i32.mul
    local.get $r
    i32.add)

  (func $forward_many (export "forward_many")
    (param i32 i64 f32 f64 i32 i64 f32 f64)
    (call $record_many
      (local.get 0) (local.get 1) (local.get 2) (local.get 3)
      (local.get 4) (local.get 5) (local.get 6) (local.get 7)))

  (func $swap (export "swap") (param $a i32) (param $b i64) (result i64 i32)
    (local.get $b)
    (local.get $a))

  ;; Unsigned quotient and remainder.
  (func $divmod (export "divmod") (param $a i32) (param $b i32) (result i32 i32)
    (i32.div_u (local.get $a) (local.get $b))
    (i32.rem_u (local.get $a) (local.get $b)))

  ;; q * 1000 + r from an internal multi-value call.
  (func $divmod_combined (export "divmod_combined") (param $a i32) (param $b i32) (result i32)
    (local $r i32)
    (call $divmod (local.get $a) (local.get $b))
    local.set $r
    i32.const 1000
    i32.mul
    local.get $r
    i32.add)

  ;; (x, x + 1, x + 2) from a block taking x and branching out with three values.
  (func $multi_block (export "multi_block") (param $x i32) (result i32 i32 i32)
    (local.get $x)
    (block $b (param i32) (result i32 i32 i32)
      (local.set $x)
      (local.get $x)
      (i32.add (local.get $x) (i32.const 1))
      (i32.add (local.get $x) (i32.const 2))
      (br $b)))

  (func $mixed_results (export "mixed_results") (result i32 i64 f32 f64)
    (i32.const 1)
    (i64.const -2)
    (f32.const 3.5)
    (f64.const -4.25))

  (func $five_results (export "five_results") (param $x i32) (result i32 i32 i32 i32 i32)
    (local.get $x)
    (i32.mul (local.get $x) (i32.const 2))
    (i32.mul (local.get $x) (i32.const 3))
    (i32.mul (local.get $x) (i32.const 4))
    (i32.mul (local.get $x) (i32.const 5)))

  ;; (fib n, fib (n + 1)), the pair carried as the params of a loop.
  (func $fib_pair (export "fib_pair") (param $n i32) (result i32 i32)
    (local $a i32) (local $b i32)
    (i32.const 0)
    (i32.const 1)
    (loop $l (param i32 i32) (result i32 i32)
      (local.set $b)
      (local.set $a)
      (if (local.get $n)
        (then
          (local.set $n (i32.sub (local.get $n) (i32.const 1)))
          (br $l (local.get $b) (i32.add (local.get $a) (local.get $b)))))
      (local.get $a)
      (local.get $b)))

  ;; Sum of (k + 1) * param k, every param converted to f64.
  (func $many (export "many_params")
    (param i32 i64 f32 f64 i32 i64 f32 f64 i32 i64 f32 f64) (result f64)
    (f64.add
      (f64.add
        (f64.add
          (f64.add
            (f64.convert_i32_s (local.get 0))
            (f64.mul (f64.convert_i64_s (local.get 1)) (f64.const 2)))
          (f64.add
            (f64.mul (f64.promote_f32 (local.get 2)) (f64.const 3))
            (f64.mul (local.get 3) (f64.const 4))))
        (f64.add
          (f64.add
            (f64.mul (f64.convert_i32_s (local.get 4)) (f64.const 5))
            (f64.mul (f64.convert_i64_s (local.get 5)) (f64.const 6)))
          (f64.add
            (f64.mul (f64.promote_f32 (local.get 6)) (f64.const 7))
            (f64.mul (local.get 7) (f64.const 8)))))
      (f64.add
        (f64.add
          (f64.mul (f64.convert_i32_s (local.get 8)) (f64.const 9))
          (f64.mul (f64.convert_i64_s (local.get 9)) (f64.const 10)))
        (f64.add
          (f64.mul (f64.promote_f32 (local.get 10)) (f64.const 11))
          (f64.mul (local.get 11) (f64.const 12))))))

  ;; many_params through an internal call with constant arguments.
  (func $many_internal (export "many_params_internal") (result f64)
    (call $many
      (i32.const 1) (i64.const 2) (f32.const 3) (f64.const 4)
      (i32.const 5) (i64.const 6) (f32.const 7) (f64.const 8)
      (i32.const 9) (i64.const 10) (f32.const 11.5) (f64.const 12.25)))
)
