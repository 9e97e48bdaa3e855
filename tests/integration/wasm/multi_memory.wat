;; Multiple memories (Wasm 3.0): loads and stores naming a memory, copy
;; between memories, memory.init and data.drop per memory, grow and size
;; per memory, and an imported memory beside two defined ones.
(module
  (import "env" "shared" (memory $shared 1 4))
  (memory $code (export "code") 1 2)
  (memory $heap (export "heap") 2 5)
  (data (memory $code) (i32.const 0) "code bytes")
  (data (memory $heap) (i32.const 16) "heap bytes")
  (data $passive "PASSIVE")

  (func (export "load_code") (param i32) (result i32) (i32.load8_u $code (local.get 0)))
  (func (export "load_heap") (param i32) (result i32) (i32.load8_u $heap (local.get 0)))
  (func (export "load_shared") (param i32) (result i64) (i64.load $shared (local.get 0)))
  (func (export "store_code") (param i32 i32) (i32.store $code (local.get 0) (local.get 1)))
  (func (export "store_heap") (param i32 i32) (i32.store $heap offset=4 (local.get 0) (local.get 1)))
  (func (export "store_shared") (param i32 i64) (i64.store $shared (local.get 0) (local.get 1)))
  ;; memory.copy $heap <- $code, any length (through the runtime).
  (func (export "copy_code_to_heap") (param $dst i32) (param $src i32) (param $len i32)
    (memory.copy $heap $code (local.get $dst) (local.get $src) (local.get $len)))
  ;; A small constant length (expanded inline).
  (func (export "copy8_heap_to_shared") (param $dst i32) (param $src i32)
    (memory.copy $shared $heap (local.get $dst) (local.get $src) (i32.const 8)))
  (func (export "fill_heap") (param $dst i32) (param $value i32) (param $len i32)
    (memory.fill $heap (local.get $dst) (local.get $value) (local.get $len)))
  (func (export "init_heap") (param $dst i32) (param $src i32) (param $len i32)
    (memory.init $heap $passive (local.get $dst) (local.get $src) (local.get $len)))
  (func (export "init_code") (param $dst i32) (param $src i32) (param $len i32)
    (memory.init $code $passive (local.get $dst) (local.get $src) (local.get $len)))
  (func (export "drop_passive") (data.drop $passive))
  (func (export "size_code") (result i32) (memory.size $code))
  (func (export "size_heap") (result i32) (memory.size $heap))
  (func (export "size_shared") (result i32) (memory.size $shared))
  (func (export "grow_code") (param i32) (result i32) (memory.grow $code (local.get 0)))
  (func (export "grow_heap") (param i32) (result i32) (memory.grow $heap (local.get 0)))
  (func (export "grow_shared") (param i32) (result i32) (memory.grow $shared (local.get 0))))
