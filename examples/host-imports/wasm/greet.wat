;; The host-imports example's module: passes strings to the host through an
;; import that reads them out of this module's memory.
(module
  ;; Provided by the host, which reads `len` bytes at `ptr` from this
  ;; module's memory (`with_caller` in main.rs).
  (import "env" "print" (func $print (param $ptr i32) (param $len i32)))

  (memory (export "memory") 1)
  (data (i32.const 16) "Hello from wasm, printed by the host.")

  ;; Print the greeting above.
  (func (export "run")
    (call $print (i32.const 16) (i32.const 37)))

  ;; Upper-case the ASCII letters of memory[ptr..ptr+len] in place, then print it.
  (func (export "shout") (param $ptr i32) (param $len i32)
    (local $i i32)
    (local $c i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $c (i32.load8_u (i32.add (local.get $ptr) (local.get $i))))
        (if (i32.and (i32.ge_u (local.get $c) (i32.const 97)) (i32.le_u (local.get $c) (i32.const 122)))
          (then
            (i32.store8 (i32.add (local.get $ptr) (local.get $i)) (i32.sub (local.get $c) (i32.const 32)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (call $print (local.get $ptr) (local.get $len))))
