;; Typed function references across the bindings: exports returning and
;; taking `(ref $binop)` / `(ref null $binop)`, an import taking one, and
;; an immutable typed global.
(module
  (type $binop (func (param i32 i32) (result i32)))
  (type $other (func (param i64) (result i64)))
  (import "host" "inspect" (func $inspect (param (ref $binop)) (result i32)))
  (func $mul (type $binop) (i32.mul (local.get 0) (local.get 1)))
  (func $id (type $other) (local.get 0))
  (type $taker (func (param (ref $binop)) (result i32)))
  (elem declare func $mul $id $take)
  ;; Calls its argument with 20 and 2; exported through a table for
  ;; call_indirect from another module (`typed_indirect.wat`).
  (func $take (type $taker) (call_ref $binop (i32.const 20) (i32.const 2) (local.get 0)))
  (table (export "takers") 1 funcref (ref.func $take))
  (global (export "mul_ref") (ref $binop) (ref.func $mul))

  (func (export "get_mul") (result (ref $binop)) (ref.func $mul))
  (func (export "get_other") (result (ref $other)) (ref.func $id))
  (func (export "apply") (param $f (ref $binop)) (param i32 i32) (result i32)
    (call_ref $binop (local.get 1) (local.get 2) (local.get $f)))
  (func (export "apply_nullable") (param $f (ref null $binop)) (param i32 i32) (result i32)
    (call_ref $binop (local.get 1) (local.get 2) (local.get $f)))
  ;; A non-null external reference parameter.
  (func (export "is_extern") (param (ref extern)) (result i32)
    (i32.eqz (ref.is_null (local.get 0))))
  ;; Hands $mul to the host, which says what it got.
  (func (export "show_host") (result i32) (call $inspect (ref.func $mul)))
)
