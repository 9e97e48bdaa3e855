;; Imports a memory, a table and globals (and a function) from outside:
;; the typed bindings take them in an `Externs` struct.
(module
  (type $r (func (result i32)))
  (import "env" "memory" (memory 1))
  (import "env" "table" (table 1 funcref))
  (import "env" "base" (global $base i32))
  (import "env" "counter" (global $counter (mut i64)))
  (import "env" "log" (func $log (param i32)))
  (func (export "write") (param $at i32) (param $value i32)
    global.get $base local.get $at i32.add local.get $value i32.store
    local.get $value call $log)
  (func (export "bump") (result i64)
    global.get $counter i64.const 1 i64.add global.set $counter global.get $counter)
  (func (export "call_slot") (param i32) (result i32)
    local.get 0 call_indirect (type $r))
  (func (export "grow") (param i32) (result i32)
    local.get 0 memory.grow))
