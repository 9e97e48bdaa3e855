;; Imports a memory shared with other instances (and other threads) and
;; updates a pair of counters in it without atomics: words 0 and 4 always
;; hold the same value between updates, unless two threads race.
(module
  (import "env" "memory" (memory 1))
  ;; Called in the middle of `hold`, with the pair updated halfway.
  (import "env" "pause" (func $pause))

  ;; `n` times: read both counters, count a torn pair (at word 8), spin,
  ;; write both back incremented. Returns the last value written.
  (func (export "bump") (param $n i32) (result i32)
    (local $a i32) (local $b i32) (local $spin i32)
    (block $done
      (loop $again
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $a (i32.load (i32.const 0)))
        (local.set $b (i32.load (i32.const 4)))
        (if (i32.ne (local.get $a) (local.get $b))
          (then (i32.store (i32.const 8) (i32.add (i32.load (i32.const 8)) (i32.const 1)))))
        (i32.store (i32.const 0) (i32.add (local.get $a) (i32.const 1)))
        (local.set $spin (i32.const 20))
        (loop $wait
          (local.set $spin (i32.sub (local.get $spin) (i32.const 1)))
          (br_if $wait (local.get $spin)))
        (i32.store (i32.const 4) (i32.add (local.get $b) (i32.const 1)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $again)))
    (i32.load (i32.const 4)))

  ;; Tears the pair, calls the host, then mends it: while the host runs,
  ;; nobody else may see the torn pair.
  (func (export "hold")
    (i32.store (i32.const 0) (i32.add (i32.load (i32.const 0)) (i32.const 1)))
    (call $pause)
    (i32.store (i32.const 4) (i32.add (i32.load (i32.const 4)) (i32.const 1))))

  (func (export "torn") (result i32) (i32.load (i32.const 8)))
)
