;; Typed function references: call_ref, return_call_ref, ref.as_non_null,
;; br_on_null, br_on_non_null, non-nullable locals, typed globals and a
;; typed table with an initialiser expression. Exports take and return
;; numbers; the typed references stay inside.
(module
  (type $binop (func (param i32 i32) (result i32)))
  (type $count (func (param i64 i64) (result i64)))

  (func $add (type $binop) (i32.add (local.get 0) (local.get 1)))
  (func $sub (type $binop) (i32.sub (local.get 0) (local.get 1)))
  (elem declare func $add $sub $count)

  ;; Every element starts as $add (the initialiser); slot 1 is set to $sub.
  (table $ops 3 (ref $binop) (ref.func $add))
  (elem (table $ops) (i32.const 1) (ref $binop) (ref.func $sub))
  ;; A nullable typed table: null until set.
  (table $maybe 2 (ref null $binop))
  (global $current (mut (ref null $binop)) (ref.null $binop))
  (global $adder (ref $binop) (ref.func $add))

  ;; call_ref of table element `slot`.
  (func (export "apply") (param $slot i32) (param $a i32) (param $b i32) (result i32)
    (call_ref $binop (local.get $a) (local.get $b) (table.get $ops (local.get $slot))))

  ;; call_ref of an immutable typed global.
  (func (export "apply_global") (param $a i32) (param $b i32) (result i32)
    (call_ref $binop (local.get $a) (local.get $b) (global.get $adder)))

  ;; Selects $add (0) or $sub (1) into the mutable global, or null (other).
  (func (export "select") (param $which i32)
    (global.set $current
      (if (result (ref null $binop)) (i32.eqz (local.get $which))
        (then (ref.func $add))
        (else (if (result (ref null $binop)) (i32.eq (local.get $which) (i32.const 1))
          (then (ref.func $sub))
          (else (ref.null $binop)))))))

  ;; call_ref of the (nullable) global: traps with a null reference when null.
  (func (export "call_current") (param $a i32) (param $b i32) (result i32)
    (call_ref $binop (local.get $a) (local.get $b) (global.get $current)))

  ;; ref.as_non_null into a non-nullable local, then call_ref.
  (func (export "as_non_null") (param $a i32) (param $b i32) (result i32)
    (local $f (ref $binop))
    (local.set $f (ref.as_non_null (global.get $current)))
    (call_ref $binop (local.get $a) (local.get $b) (local.get $f)))

  ;; br_on_null: -1 when the global is null, else the call's result.
  (func (export "or_minus_one") (param $a i32) (param $b i32) (result i32)
    (block $null
      (return (call_ref $binop (local.get $a) (local.get $b)
        (br_on_null $null (global.get $current)))))
    (i32.const -1))

  ;; br_on_non_null: the call's result when not null, else -2.
  (func (export "or_minus_two") (param $a i32) (param $b i32) (result i32)
    (local $f (ref $binop))
    (local.set $f
      (block $non_null (result (ref $binop))
        (br_on_non_null $non_null (global.get $current))
        (return (i32.const -2))))
    (call_ref $binop (local.get $a) (local.get $b) (local.get $f)))

  ;; The nullable table: set slot `slot` from the global, then call it.
  (func (export "store_and_call") (param $slot i32) (param $a i32) (param $b i32) (result i32)
    (table.set $maybe (local.get $slot) (global.get $current))
    (call_ref $binop (local.get $a) (local.get $b) (table.get $maybe (local.get $slot))))

  ;; n + (n-1) + ... + 1 + acc by return_call_ref to itself.
  (func $count (type $count) (param $n i64) (param $acc i64) (result i64)
    (if (result i64) (i64.eqz (local.get $n))
      (then (local.get $acc))
      (else (return_call_ref $count
        (i64.sub (local.get $n) (i64.const 1))
        (i64.add (local.get $acc) (local.get $n))
        (ref.func $count)))))
  (func (export "count") (param $n i64) (result i64)
    (call_ref $count (local.get $n) (i64.const 0) (ref.func $count)))

  ;; The same through a typed table the optimiser cannot see through
  ;; (the host could have changed it): each step loads the reference.
  (table $counters 1 (ref $count) (ref.func $count_via_table))
  (func $count_via_table (type $count) (param $n i64) (param $acc i64) (result i64)
    (if (result i64) (i64.eqz (local.get $n))
      (then (local.get $acc))
      (else (return_call_ref $count
        (i64.sub (local.get $n) (i64.const 1))
        (i64.add (local.get $acc) (local.get $n))
        (table.get $counters (i32.const 0))))))
  (func (export "count_via_table") (param $n i64) (result i64)
    (call_ref $count (local.get $n) (i64.const 0) (table.get $counters (i32.const 0))))
  (export "counters" (table $counters))
)
