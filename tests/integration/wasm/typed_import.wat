;; Imports a typed global: instantiation checks the given global's type
;; is a subtype of `(ref null $binop)`.
(module
  (type $binop (func (param i32 i32) (result i32)))
  (import "env" "op" (global $op (ref null $binop)))
  (func (export "run") (param i32 i32) (result i32)
    (call_ref $binop (local.get 0) (local.get 1) (global.get $op))))
