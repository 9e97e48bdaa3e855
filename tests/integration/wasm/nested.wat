;; Host -> wasm -> host -> wasm. `enter` calls the host import `env.reenter`,
;; whose host (the test) calls `enter` of the next instance of a chain. At
;; the bottom (depth 0) `enter` returns, recurses until the stack overflows,
;; or calls the host with depth -1, which makes the host panic, as `mode`
;; says.
(module
  (import "env" "reenter" (func $reenter (param $depth i32) (param $mode i32) (result i32)))
  (memory (export "memory") 1)

  (func $enter (export "enter") (param $depth i32) (param $mode i32) (result i32)
    (if (result i32) (i32.gt_s (local.get $depth) (i32.const 0))
      (then
        (i32.add
          (call $reenter (i32.sub (local.get $depth) (i32.const 1)) (local.get $mode))
          (i32.const 1)))
      (else
        (if (result i32) (i32.eq (local.get $mode) (i32.const 1))
          (then (call $recurse (i32.const 0)))
          (else
            (if (result i32) (i32.eq (local.get $mode) (i32.const 2))
              (then (call $reenter (i32.const -1) (local.get $mode)))
              (else (i32.const 0))))))))

  ;; Unbounded recursion, storing each call's result (so it is no loop).
  (func $recurse (param $n i32) (result i32)
    (i32.store (i32.const 0) (call $recurse (i32.add (local.get $n) (i32.const 1))))
    (local.get $n))

  (func (export "good") (param $x i32) (result i32) (i32.add (local.get $x) (i32.const 1)))
)
