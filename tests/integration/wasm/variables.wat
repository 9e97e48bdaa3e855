;; Variables: locals of every numeric and reference type (zero-initialised),
;; local.tee, immutable and mutable globals (exported and not), globals set
;; from other globals by the start function. (v128 locals wait for SIMD support.)
(module
  (global $answer (export "answer") i32 (i32.const 42))
  (global $big (export "big") i64 (i64.const 0x7fffffffffffffff))
  (global $pi (export "pi") f32 (f32.const 0x1.921fb6p+1))
  (global $neg_zero (export "neg_zero") f64 (f64.const -0))
  (global $counter (export "counter") (mut i32) (i32.const 0))
  (global $acc64 (export "acc64") (mut i64) (i64.const -1))
  (global $scale (export "scale") (mut f32) (f32.const 1.5))
  (global $offset (export "offset") (mut f64) (f64.const -0.5))
  (global $hidden (mut i32) (i32.const 7))
  (global $from_start (export "from_start") (mut i64) (i64.const 0))
  (global $ref (mut funcref) (ref.null func))

  ;; from_start = answer * 1000 + hidden, set from the other globals.
  (start $init)
  (func $init
    (global.set $from_start
      (i64.add
        (i64.mul (i64.extend_i32_s (global.get $answer)) (i64.const 1000))
        (i64.extend_i32_s (global.get $hidden)))))

  (func $zero_locals (export "zero_locals") (result i32 i64 f32 f64)
    (local i32 i64 f32 f64)
    (local.get 0) (local.get 1) (local.get 2) (local.get 3))

  ;; Fresh funcref and externref locals and the funcref global are null: 1 + 2 + 4.
  (func $null_refs (export "null_refs") (result i32)
    (local $f funcref) (local $e externref)
    (i32.add
      (i32.add
        (ref.is_null (local.get $f))
        (i32.mul (ref.is_null (local.get $e)) (i32.const 2)))
      (i32.mul (ref.is_null (global.get $ref)) (i32.const 4))))

  ;; Params copied into locals of each type, rotated, and returned.
  (func $rotate (export "rotate") (param $a i32) (param $b i64) (param $c f32) (param $d f64)
    (result f64 i32 i64 f32)
    (local $la i32) (local $lb i64) (local $lc f32) (local $ld f64)
    (local.set $la (local.get $a))
    (local.set $lb (local.get $b))
    (local.set $lc (local.get $c))
    (local.set $ld (local.get $d))
    (local.set $a (i32.const 0))
    (local.set $d (f64.const 0))
    (local.get $ld) (local.get $la) (local.get $lb) (local.get $lc))

  ;; local.tee keeps the value on the stack: 3x + 3x.
  (func $tee (export "tee") (param $x i32) (result i32)
    (local $t i32)
    (i32.add (local.tee $t (i32.mul (local.get $x) (i32.const 3))) (local.get $t)))

  ;; local.tee on every numeric type: (2a, 2b, 2c).
  (func $tee_all (export "tee_all") (param $a i64) (param $b f32) (param $c f64) (result i64 f32 f64)
    (local $la i64) (local $lb f32) (local $lc f64)
    (i64.add (local.tee $la (local.get $a)) (local.get $la))
    (f32.add (local.tee $lb (local.get $b)) (local.get $lb))
    (f64.add (local.tee $lc (local.get $c)) (local.get $lc)))

  ;; Ten locals, l_k = x + k, all summed: 10x + 45.
  (func $many_locals (export "many_locals") (param $x i32) (result i32)
    (local $l0 i32) (local $l1 i32) (local $l2 i32) (local $l3 i32) (local $l4 i32)
    (local $l5 i32) (local $l6 i32) (local $l7 i32) (local $l8 i32) (local $l9 i32)
    (local.set $l0 (local.get $x))
    (local.set $l1 (i32.add (local.get $l0) (i32.const 1)))
    (local.set $l2 (i32.add (local.get $l1) (i32.const 1)))
    (local.set $l3 (i32.add (local.get $l2) (i32.const 1)))
    (local.set $l4 (i32.add (local.get $l3) (i32.const 1)))
    (local.set $l5 (i32.add (local.get $l4) (i32.const 1)))
    (local.set $l6 (i32.add (local.get $l5) (i32.const 1)))
    (local.set $l7 (i32.add (local.get $l6) (i32.const 1)))
    (local.set $l8 (i32.add (local.get $l7) (i32.const 1)))
    (local.set $l9 (i32.add (local.get $l8) (i32.const 1)))
    (i32.add (i32.add (i32.add (i32.add (local.get $l0) (local.get $l1))
                               (i32.add (local.get $l2) (local.get $l3)))
                      (i32.add (i32.add (local.get $l4) (local.get $l5))
                               (i32.add (local.get $l6) (local.get $l7))))
             (i32.add (local.get $l8) (local.get $l9))))

  ;; The unexported mutable global, incremented; returns the new value.
  (func $bump_hidden (export "bump_hidden") (result i32)
    (global.set $hidden (i32.add (global.get $hidden) (i32.const 1)))
    (global.get $hidden))

  (func $incr_counter (export "incr_counter") (param $by i32) (result i32)
    (global.set $counter (i32.add (global.get $counter) (local.get $by)))
    (global.get $counter))

  (func $add_acc64 (export "add_acc64") (param $v i64)
    (global.set $acc64 (i64.add (global.get $acc64) (local.get $v))))

  (func $read_globals (export "read_globals") (result i32 i64 f32 f64)
    (global.get $counter) (global.get $acc64) (global.get $scale) (global.get $offset))

  ;; scale * x + offset.
  (func $scale_offset (export "scale_offset") (param $x f64) (result f64)
    (f64.add (f64.mul (f64.promote_f32 (global.get $scale)) (local.get $x)) (global.get $offset)))

  ;; The immutable globals read from wasm: answer + pi + neg_zero as f64.
  (func $sum_constants (export "sum_constants") (result f64)
    (f64.add
      (f64.add (f64.convert_i32_s (global.get $answer)) (f64.promote_f32 (global.get $pi)))
      (global.get $neg_zero)))

  ;; big + 1 wraps to i64::MIN.
  (func $big_plus_one (export "big_plus_one") (result i64)
    (i64.add (global.get $big) (i64.const 1)))
)
