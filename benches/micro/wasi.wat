;; WASI call micro-benchmarks: each export calls one WASI function `n` times.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get"
    (func $clock_time_get (param i32 i64 i32) (result i32)))
  (memory (export "memory") 1)
  ;; One iovec at 0: 64 bytes at 64.
  (data (i32.const 0) "\40\00\00\00\40\00\00\00")
  (data (i32.const 64) "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\n")

  ;; fd_write of 64 bytes to stdout, `n` times; returns the number of calls that failed.
  (func (export "fd_write") (param $n i32) (result i32)
    (local $failed i32)
    (block $done
      (loop $again
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $failed (i32.add (local.get $failed)
          (i32.ne (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 16))
                  (i32.const 0))))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $again)))
    (local.get $failed))

  ;; clock_time_get of the monotonic clock, `n` times; returns the number that failed.
  (func (export "clock_time_get") (param $n i32) (result i32)
    (local $failed i32)
    (block $done
      (loop $again
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $failed (i32.add (local.get $failed)
          (i32.ne (call $clock_time_get (i32.const 1) (i64.const 1) (i32.const 32))
                  (i32.const 0))))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $again)))
    (local.get $failed)))
