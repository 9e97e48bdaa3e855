;; The hello example's module: builds a greeting in its memory, asking the
;; host (through an import) how excited to be, and traps on division by zero.
(module
  ;; Provided by the host: `hello::Imports::env_excitement` in main.rs.
  (import "env" "excitement" (func $excitement (result i32)))

  (memory (export "memory") 1)

  ;; Copied into memory when the module is instantiated.
  (data (i32.const 0) "Hello, ")

  ;; Where greetings are written.
  (global $out i32 (i32.const 1024))

  ;; Copy `len` bytes from `src` to `dst`; returns `dst + len`.
  (func $copy (param $dst i32) (param $src i32) (param $len i32) (result i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $len)))
        (i32.store8 (local.get $dst) (i32.load8_u (local.get $src)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 1)))
        (local.set $src (i32.add (local.get $src) (i32.const 1)))
        (local.set $len (i32.sub (local.get $len) (i32.const 1)))
        (br $next)))
    (local.get $dst))

  ;; Write "Hello, <name>" and one "!" per unit of excitement; returns the
  ;; greeting's address and length.
  (func (export "greet") (param $name i32) (param $len i32) (result i32 i32)
    (local $end i32)
    (local $bangs i32)
    (local.set $end (call $copy (global.get $out) (i32.const 0) (i32.const 7)))
    (local.set $end (call $copy (local.get $end) (local.get $name) (local.get $len)))
    (local.set $bangs (call $excitement))
    (block $done
      (loop $next
        (br_if $done (i32.le_s (local.get $bangs) (i32.const 0)))
        (i32.store8 (local.get $end) (i32.const 33)) ;; '!'
        (local.set $end (i32.add (local.get $end) (i32.const 1)))
        (local.set $bangs (i32.sub (local.get $bangs) (i32.const 1)))
        (br $next)))
    (global.get $out)
    (i32.sub (local.get $end) (global.get $out)))

  ;; Traps with "integer divide by zero" when `b` is 0.
  (func (export "divide") (param $a i32) (param $b i32) (result i32)
    (i32.div_s (local.get $a) (local.get $b))))
