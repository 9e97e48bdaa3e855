;; A WASI command, hand-written: writes its NUL-separated arguments to
;; stdout, logs its argument count through a non-WASI import, then
;; traps when it has no arguments, calls proc_exit(argc) when it has more
;; than two and returns otherwise.
(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "env" "log" (func $log (param i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (local $argc i32)
    ;; argc at 0, buffer size at 4
    (drop (call $args_sizes_get (i32.const 0) (i32.const 4)))
    (local.set $argc (i32.load (i32.const 0)))
    (call $log (local.get $argc))
    (if (i32.eqz (local.get $argc)) (then unreachable))
    ;; argv pointers at 64, strings at 256
    (drop (call $args_get (i32.const 64) (i32.const 256)))
    ;; one iovec at 8: { 256, size }
    (i32.store (i32.const 8) (i32.const 256))
    (i32.store (i32.const 12) (i32.load (i32.const 4)))
    (drop (call $fd_write (i32.const 1) (i32.const 8) (i32.const 1) (i32.const 16)))
    (if (i32.gt_u (local.get $argc) (i32.const 2))
      (then (call $proc_exit (local.get $argc)))))
  ;; An export named like a generated method.
  (func (export "run") (result i32) i32.const 7))
