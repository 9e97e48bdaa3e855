;; Memory: every load and store width and sign, unaligned accesses, static
;; offsets, memory.size/grow, active and passive data segments, memory.init,
;; data.drop, memory.fill and memory.copy.
(module
  (memory (export "memory") 1 3)

  ;; Bytes 0..16; the second segment overwrites bytes 14 and 15.
  (data (i32.const 0) "\01\02\03\04\05\06\07\08\ff\fe\fd\fc\fb\fa\f9\f8")
  (data (i32.const 14) "AB")
  (data (i32.const 1000) "hello, wasm")
  (data $passive "PASSIVE-DATA")

  (func $i32_load (export "i32_load") (param $a i32) (result i32) (i32.load (local.get $a)))
  (func $i32_load8_s (export "i32_load8_s") (param $a i32) (result i32) (i32.load8_s (local.get $a)))
  (func $i32_load8_u (export "i32_load8_u") (param $a i32) (result i32) (i32.load8_u (local.get $a)))
  (func $i32_load16_s (export "i32_load16_s") (param $a i32) (result i32) (i32.load16_s (local.get $a)))
  (func $i32_load16_u (export "i32_load16_u") (param $a i32) (result i32) (i32.load16_u (local.get $a)))
  (func $i64_load (export "i64_load") (param $a i32) (result i64) (i64.load (local.get $a)))
  (func $i64_load8_s (export "i64_load8_s") (param $a i32) (result i64) (i64.load8_s (local.get $a)))
  (func $i64_load8_u (export "i64_load8_u") (param $a i32) (result i64) (i64.load8_u (local.get $a)))
  (func $i64_load16_s (export "i64_load16_s") (param $a i32) (result i64) (i64.load16_s (local.get $a)))
  (func $i64_load16_u (export "i64_load16_u") (param $a i32) (result i64) (i64.load16_u (local.get $a)))
  (func $i64_load32_s (export "i64_load32_s") (param $a i32) (result i64) (i64.load32_s (local.get $a)))
  (func $i64_load32_u (export "i64_load32_u") (param $a i32) (result i64) (i64.load32_u (local.get $a)))
  (func $f32_load (export "f32_load") (param $a i32) (result f32) (f32.load (local.get $a)))
  (func $f64_load (export "f64_load") (param $a i32) (result f64) (f64.load (local.get $a)))

  (func $i32_store (export "i32_store") (param $a i32) (param $v i32) (i32.store (local.get $a) (local.get $v)))
  (func $i32_store8 (export "i32_store8") (param $a i32) (param $v i32) (i32.store8 (local.get $a) (local.get $v)))
  (func $i32_store16 (export "i32_store16") (param $a i32) (param $v i32) (i32.store16 (local.get $a) (local.get $v)))
  (func $i64_store (export "i64_store") (param $a i32) (param $v i64) (i64.store (local.get $a) (local.get $v)))
  (func $i64_store8 (export "i64_store8") (param $a i32) (param $v i64) (i64.store8 (local.get $a) (local.get $v)))
  (func $i64_store16 (export "i64_store16") (param $a i32) (param $v i64) (i64.store16 (local.get $a) (local.get $v)))
  (func $i64_store32 (export "i64_store32") (param $a i32) (param $v i64) (i64.store32 (local.get $a) (local.get $v)))
  (func $f32_store (export "f32_store") (param $a i32) (param $v f32) (f32.store (local.get $a) (local.get $v)))
  (func $f64_store (export "f64_store") (param $a i32) (param $v f64) (f64.store (local.get $a) (local.get $v)))

  ;; Static offsets and alignment hints.
  (func $i32_load_offset_4 (export "i32_load_offset_4") (param $a i32) (result i32)
    (i32.load offset=4 (local.get $a)))
  (func $i64_load_align_1 (export "i64_load_align_1") (param $a i32) (result i64)
    (i64.load align=1 (local.get $a)))
  (func $i64_store_offset_8 (export "i64_store_offset_8") (param $a i32) (param $v i64)
    (i64.store offset=8 (local.get $a) (local.get $v)))
  (func $i32_load16_u_offset_1001 (export "i32_load16_u_offset_1001") (param $a i32) (result i32)
    (i32.load16_u offset=1001 (local.get $a)))
  (func $i32_load_offset_65532 (export "i32_load_offset_65532") (param $a i32) (result i32)
    (i32.load offset=65532 (local.get $a)))

  ;; A store and loads of it with other widths in one function.
  (func $store_then_load (export "store_then_load") (param $a i32) (param $v i64) (result i32 i32 i64)
    (i64.store (local.get $a) (local.get $v))
    (i32.load8_u offset=7 (local.get $a))
    (i32.load16_s offset=2 (local.get $a))
    (i64.load (local.get $a)))

  (func $size (export "size") (result i32) (memory.size))
  (func $grow (export "grow") (param $pages i32) (result i32) (memory.grow (local.get $pages)))

  (func $fill (export "fill") (param $dst i32) (param $val i32) (param $len i32)
    (memory.fill (local.get $dst) (local.get $val) (local.get $len)))
  (func $copy (export "copy") (param $dst i32) (param $src i32) (param $len i32)
    (memory.copy (local.get $dst) (local.get $src) (local.get $len)))
  (func $init_passive (export "init_passive") (param $dst i32) (param $src i32) (param $len i32)
    (memory.init $passive (local.get $dst) (local.get $src) (local.get $len)))
  (func $drop_passive (export "drop_passive") (data.drop $passive))
  ;; Segment 2 is active, so instantiation already dropped it.
  (func $init_active (export "init_active") (param $dst i32) (param $src i32) (param $len i32)
    (memory.init 2 (local.get $dst) (local.get $src) (local.get $len)))
)
