;; Call and memory.grow micro-benchmarks.
(module
  (import "env" "nop" (func $nop))
  (memory (export "memory") 1)

  ;; Host -> wasm: the cost of one typed call into an empty function.
  (func (export "empty"))

  ;; Wasm -> host: call the imported function `n` times.
  (func (export "call_host") (param $n i32)
    (block $done
      (loop $again
        (br_if $done (i32.eqz (local.get $n)))
        (call $nop)
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $again))))

  ;; Grow the memory by one page `n` times; returns the final size in pages
  ;; (or -1 when a grow failed).
  (func (export "grow") (param $n i32) (result i32)
    (block $done
      (loop $again
        (br_if $done (i32.eqz (local.get $n)))
        (if (i32.eq (memory.grow (i32.const 1)) (i32.const -1))
          (then (return (i32.const -1))))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $again)))
    (memory.size)))
