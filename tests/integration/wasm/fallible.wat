;; Host imports that can fail (`fallible` in the bindings). `run` reaches
;; `env.check` through `depth` recursive wasm frames; `nest` calls the host,
;; which calls `run` of another instance.
(module
  (import "env" "check" (func $check (param $x i32) (result i32)))
  (import "env" "reenter" (func $reenter (param $x i32) (result i32)))
  (memory (export "memory") 1)

  (func $down (param $depth i32) (param $x i32) (result i32)
    (if (result i32) (i32.gt_s (local.get $depth) (i32.const 0))
      (then
        (i32.add
          (call $down (i32.sub (local.get $depth) (i32.const 1)) (local.get $x))
          (i32.const 1)))
      (else (call $check (local.get $x)))))

  (func (export "run") (param $depth i32) (param $x i32) (result i32)
    (call $down (local.get $depth) (local.get $x)))

  (func (export "nest") (param $x i32) (result i32)
    (call $reenter (local.get $x)))
)
