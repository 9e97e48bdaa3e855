;; Tail calls between instances: `bounce` tail calls, through the table it
;; imports, whatever function the other instance put there.
(module
  (import "env" "table" (table 2 funcref))
  (type $step (func (param i32 i64) (result i64)))
  (func (export "bounce") (param $n i32) (param $acc i64) (result i64)
    (return_call_indirect (type $step) (local.get $n) (i64.add (local.get $acc) (i64.const 3)) (i32.const 1))))
