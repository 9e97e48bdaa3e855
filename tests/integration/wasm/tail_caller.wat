;; Tail calls an imported function (another instance's `bounce`, or a host
;; function), which comes back through the shared table to `step`.
(module
  (import "env" "table" (table 2 funcref))
  (import "peer" "bounce" (func $bounce (param i32 i64) (result i64)))
  (elem (i32.const 1) func $step)
  (func $step (export "step") (param $n i32) (param $acc i64) (result i64)
    (if (result i64) (i32.eqz (local.get $n))
      (then (local.get $acc))
      (else (return_call $bounce (i32.sub (local.get $n) (i32.const 1)) (local.get $acc))))))
