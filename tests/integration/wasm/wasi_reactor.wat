;; A WASI reactor, hand-written: `_initialize` writes "init\n" to stdout
;; and sets `ready`, or traps when the context gives no arguments.
(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 32) "init\n")
  (global $ready (mut i32) (i32.const 0))
  (func (export "_initialize")
    (drop (call $args_sizes_get (i32.const 0) (i32.const 4)))
    (if (i32.eqz (i32.load (i32.const 0))) (then unreachable))
    (i32.store (i32.const 8) (i32.const 32))
    (i32.store (i32.const 12) (i32.const 5))
    (drop (call $fd_write (i32.const 1) (i32.const 8) (i32.const 1) (i32.const 16)))
    (global.set $ready (i32.const 42)))
  (func (export "ready") (result i32) global.get $ready)
  (func (export "double") (param $x i32) (result i32)
    (i32.mul (local.get $x) (i32.const 2))))
