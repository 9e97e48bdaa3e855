;; call_indirect across modules with a signature naming another type: the
;; types sit at other indices than in `typed_refs_bindings.wat`, and must
;; still be the same canonical type.
(module
  (type $pad (func))
  (type $binop (func (param i32 i32) (result i32)))
  (type $taker (func (param (ref $binop)) (result i32)))
  (type $nullable_taker (func (param (ref null $binop)) (result i32)))
  (import "env" "takers" (table 1 funcref))
  (func $sub (type $binop) (i32.sub (local.get 0) (local.get 1)))
  (elem declare func $sub)
  (func (export "run") (result i32)
    (call_indirect (type $taker) (ref.func $sub) (i32.const 0)))
  (func (export "run_wrong") (result i32)
    (call_indirect (type $nullable_taker) (ref.func $sub) (i32.const 0))))
