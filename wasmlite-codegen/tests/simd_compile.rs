//! The SIMD (`v128`) operators compile at `-O0` and `-O2`, for the host
//! and for both supported architectures, to objects needing no outside
//! symbol (no libm call for vector rounding), and a few of them compute
//! exactly the lanes the specification gives when run.

mod support;

use object::{Object, ObjectSymbol};
use wasmlite_codegen::OptLevel;
use wasmlite_rt::Val;

/// `(v128, v128) -> v128` operators.
const BINARY: &[&str] = &[
    "i8x16.add",
    "i8x16.sub",
    "i8x16.add_sat_s",
    "i8x16.add_sat_u",
    "i8x16.sub_sat_s",
    "i8x16.sub_sat_u",
    "i8x16.min_s",
    "i8x16.min_u",
    "i8x16.max_s",
    "i8x16.max_u",
    "i8x16.avgr_u",
    "i8x16.swizzle",
    "i8x16.eq",
    "i8x16.ne",
    "i8x16.lt_s",
    "i8x16.lt_u",
    "i8x16.gt_s",
    "i8x16.gt_u",
    "i8x16.le_s",
    "i8x16.le_u",
    "i8x16.ge_s",
    "i8x16.ge_u",
    "i8x16.narrow_i16x8_s",
    "i8x16.narrow_i16x8_u",
    "i16x8.add",
    "i16x8.sub",
    "i16x8.mul",
    "i16x8.add_sat_s",
    "i16x8.sub_sat_u",
    "i16x8.min_s",
    "i16x8.max_u",
    "i16x8.avgr_u",
    "i16x8.q15mulr_sat_s",
    "i16x8.eq",
    "i16x8.lt_u",
    "i16x8.ge_s",
    "i16x8.narrow_i32x4_s",
    "i16x8.narrow_i32x4_u",
    "i16x8.extmul_low_i8x16_s",
    "i16x8.extmul_high_i8x16_u",
    "i32x4.add",
    "i32x4.sub",
    "i32x4.mul",
    "i32x4.min_u",
    "i32x4.max_s",
    "i32x4.dot_i16x8_s",
    "i32x4.eq",
    "i32x4.gt_u",
    "i32x4.le_s",
    "i32x4.extmul_low_i16x8_u",
    "i32x4.extmul_high_i16x8_s",
    "i64x2.add",
    "i64x2.sub",
    "i64x2.mul",
    "i64x2.eq",
    "i64x2.ne",
    "i64x2.lt_s",
    "i64x2.ge_s",
    "i64x2.extmul_low_i32x4_s",
    "i64x2.extmul_high_i32x4_u",
    "f32x4.add",
    "f32x4.sub",
    "f32x4.mul",
    "f32x4.div",
    "f32x4.min",
    "f32x4.max",
    "f32x4.pmin",
    "f32x4.pmax",
    "f32x4.eq",
    "f32x4.ne",
    "f32x4.lt",
    "f32x4.gt",
    "f32x4.le",
    "f32x4.ge",
    "f64x2.add",
    "f64x2.sub",
    "f64x2.mul",
    "f64x2.div",
    "f64x2.min",
    "f64x2.max",
    "f64x2.pmin",
    "f64x2.pmax",
    "f64x2.eq",
    "f64x2.ne",
    "f64x2.lt",
    "f64x2.ge",
    "v128.and",
    "v128.or",
    "v128.xor",
    "v128.andnot",
];

/// `v128 -> v128` operators.
const UNARY: &[&str] = &[
    "v128.not",
    "i8x16.neg",
    "i8x16.abs",
    "i8x16.popcnt",
    "i16x8.neg",
    "i16x8.abs",
    "i32x4.neg",
    "i32x4.abs",
    "i64x2.neg",
    "i64x2.abs",
    "i16x8.extend_low_i8x16_s",
    "i16x8.extend_high_i8x16_u",
    "i32x4.extend_low_i16x8_u",
    "i64x2.extend_high_i32x4_s",
    "i16x8.extadd_pairwise_i8x16_s",
    "i32x4.extadd_pairwise_i16x8_u",
    "f32x4.abs",
    "f32x4.neg",
    "f32x4.sqrt",
    "f32x4.ceil",
    "f32x4.floor",
    "f32x4.trunc",
    "f32x4.nearest",
    "f64x2.abs",
    "f64x2.neg",
    "f64x2.sqrt",
    "f64x2.ceil",
    "f64x2.floor",
    "f64x2.trunc",
    "f64x2.nearest",
    "i32x4.trunc_sat_f32x4_s",
    "i32x4.trunc_sat_f32x4_u",
    "i32x4.trunc_sat_f64x2_s_zero",
    "i32x4.trunc_sat_f64x2_u_zero",
    "f32x4.convert_i32x4_s",
    "f32x4.convert_i32x4_u",
    "f64x2.convert_low_i32x4_s",
    "f64x2.convert_low_i32x4_u",
    "f32x4.demote_f64x2_zero",
    "f64x2.promote_low_f32x4",
];

/// Functions written out by hand: lanes, shifts, reductions and memory.
const OTHERS: &str = r#"
  (func (export "const") (result v128) (v128.const i32x4 1 2 3 4))
  (func (export "splat") (param i32) (result v128) (i8x16.splat (local.get 0)))
  (func (export "splat_f64") (param f64) (result v128) (f64x2.splat (local.get 0)))
  (func (export "extract") (param v128) (result i32) (i8x16.extract_lane_s 15 (local.get 0)))
  (func (export "extract_u") (param v128) (result i32) (i16x8.extract_lane_u 7 (local.get 0)))
  (func (export "replace") (param v128 i64) (result v128) (i64x2.replace_lane 1 (local.get 0) (local.get 1)))
  (func (export "shuffle") (param v128 v128) (result v128)
    (i8x16.shuffle 31 0 30 1 29 2 28 3 27 4 26 5 25 6 24 7 (local.get 0) (local.get 1)))
  (func (export "shl") (param v128 i32) (result v128) (i16x8.shl (local.get 0) (local.get 1)))
  (func (export "shr_s") (param v128 i32) (result v128) (i8x16.shr_s (local.get 0) (local.get 1)))
  (func (export "shr_u") (param v128 i32) (result v128) (i64x2.shr_u (local.get 0) (local.get 1)))
  (func (export "bitselect") (param v128 v128 v128) (result v128)
    (v128.bitselect (local.get 0) (local.get 1) (local.get 2)))
  (func (export "any_true") (param v128) (result i32) (v128.any_true (local.get 0)))
  (func (export "all_true") (param v128) (result i32) (i32x4.all_true (local.get 0)))
  (func (export "bitmask") (param v128) (result i32) (i8x16.bitmask (local.get 0)))
  (func (export "load") (param i32) (result v128) (v128.load offset=1 (local.get 0)))
  (func (export "store") (param i32 v128) (v128.store (local.get 0) (local.get 1)))
  (func (export "load_extend") (param i32) (result v128) (v128.load8x8_s (local.get 0)))
  (func (export "load_splat") (param i32) (result v128) (v128.load16_splat (local.get 0)))
  (func (export "load_zero") (param i32) (result v128) (v128.load32_zero (local.get 0)))
  (func (export "load_lane") (param i32 v128) (result v128) (v128.load8_lane 3 (local.get 0) (local.get 1)))
  (func (export "store_lane") (param i32 v128) (v128.store64_lane 1 (local.get 0) (local.get 1)))
  (func (export "drop_splat") (param i32) (drop (v128.load64_splat (local.get 0))))
"#;

/// Number of exported functions in [`OTHERS`].
const OTHER_EXPORTS: usize = 22;

fn module() -> String {
    let mut text = String::from("(module (memory 1)\n");
    for op in BINARY {
        text += &format!("  (func (export \"{op}\") (param v128 v128) (result v128) ({op} (local.get 0) (local.get 1)))\n");
    }
    for op in UNARY {
        text += &format!(
            "  (func (export \"{op}\") (param v128) (result v128) ({op} (local.get 0)))\n"
        );
    }
    text += OTHERS;
    text += ")";
    text
}

#[test]
fn simd_operators_compile_to_self_contained_objects() {
    let text = module();
    let exports = BINARY.len() + UNARY.len() + OTHER_EXPORTS;
    for triple in [
        None,
        Some("aarch64-unknown-linux-gnu"),
        Some("x86_64-unknown-linux-gnu"),
    ] {
        for level in [OptLevel::O0, OptLevel::O2] {
            let compiled = support::compile_wat_for(&text, level, triple);
            let files: Vec<object::File> = compiled
                .objects
                .iter()
                .map(|o| object::File::parse(&**o).expect("a valid object"))
                .collect();
            let name = |s: &object::Symbol| s.name().unwrap_or("").to_string();
            let defined: Vec<String> = files
                .iter()
                .flat_map(|f| f.symbols())
                .filter(|s| s.is_global() && s.is_definition())
                .map(|s| name(&s))
                .collect();
            // Wrappers are local symbols (the descriptor is the only global one).
            let wrappers = files
                .iter()
                .flat_map(|f| f.symbols())
                .filter(|s| s.is_definition() && name(s).contains("_export_"))
                .count();
            assert_eq!(wrappers, exports);
            let undefined: Vec<String> = files
                .iter()
                .flat_map(|f| f.symbols())
                .filter(|s| s.is_undefined())
                .map(|s| name(&s))
                .filter(|n| !n.is_empty() && !defined.contains(n))
                .collect();
            assert!(
                undefined.is_empty(),
                "{triple:?} {level:?} needs outside symbols: {undefined:?}"
            );
        }
    }
}

/// `v128` from four `i32` lanes, lane 0 first.
fn i32x4(lanes: [u32; 4]) -> Val {
    Val::V128(
        lanes
            .iter()
            .rev()
            .fold(0u128, |acc, &l| (acc << 32) | l as u128),
    )
}

/// `v128` from four `f32` lanes.
fn f32x4(lanes: [f32; 4]) -> Val {
    i32x4(lanes.map(f32::to_bits))
}

#[test]
fn simd_operators_compute_the_specified_lanes() {
    let text = module();
    for level in [OptLevel::O0, OptLevel::O2] {
        let mut instance = support::instantiate_wat(&text, level);
        let mut call = |name: &str, args: &[Val]| -> Vec<Val> {
            instance
                .call(name, args)
                .unwrap_or_else(|e| panic!("{name} at {level:?}: {e}"))
        };
        let max = 0x8000_0000u32;
        assert_eq!(
            call(
                "i32x4.add",
                &[i32x4([1, u32::MAX, max, 7]), i32x4([2, 1, max, 0])]
            ),
            vec![i32x4([3, 0, 0, 7])]
        );
        assert_eq!(
            call(
                "f32x4.min",
                &[
                    f32x4([-0.0, 1.0, f32::NAN, 3.0]),
                    f32x4([0.0, -1.0, 1.0, 2.0])
                ]
            ),
            vec![i32x4([
                (-0.0f32).to_bits(),
                (-1.0f32).to_bits(),
                0x7fc0_0000,
                2.0f32.to_bits()
            ])]
        );
        assert_eq!(
            call("f32x4.nearest", &[f32x4([2.5, -0.5, 3.5, -1.25])]),
            vec![f32x4([2.0, -0.0, 4.0, -1.0])]
        );
        assert_eq!(
            call(
                "i32x4.trunc_sat_f32x4_s",
                &[f32x4([f32::NAN, 3e9, -3e9, -1.9])]
            ),
            vec![i32x4([0, i32::MAX as u32, max, u32::MAX])]
        );
        assert_eq!(
            call(
                "i8x16.swizzle",
                &[i32x4([0x0302_0100, 0, 0, 0]), i32x4([0x1000_0102, 0, 0, 0])]
            ),
            vec![i32x4([0x0000_0102, 0, 0, 0])]
        );
        assert_eq!(
            call("shl", &[i32x4([0x0001_0001, 0, 0, 0]), Val::I32(17)]),
            vec![i32x4([0x0002_0002, 0, 0, 0])]
        );
        assert_eq!(
            call("bitmask", &[i32x4([0x80, 0, 0, 0x8000_0000])]),
            vec![Val::I32(0x8001)]
        );
        assert_eq!(call("all_true", &[i32x4([1, 2, 3, 0])]), vec![Val::I32(0)]);
        assert_eq!(
            call(
                "i16x8.narrow_i32x4_s",
                &[i32x4([70000, u32::MAX, 5, max]), i32x4([0; 4])]
            ),
            vec![i32x4([0xffff_7fff, 0x8000_0005, 0, 0])]
        );
        assert_eq!(call("drop_splat", &[Val::I32(65528)]), vec![]);
        let dropped = instance.call("drop_splat", &[Val::I32(65529)]);
        assert!(
            dropped.is_err(),
            "a dropped out-of-bounds splat load traps at {level:?}"
        );
    }
}

/// Relaxed SIMD's target-time choices (ARCHITECTURE.md, "Relaxed SIMD"):
/// `relaxed_swizzle` gives `swizzle`'s lanes with and without SSSE3's
/// `pshufb`; `relaxed_madd` is fused exactly when the features include
/// FMA. (Runs the `+ssse3,+fma` build only on a CPU that has both.)
#[test]
fn relaxed_simd_choices_follow_the_compile_target_only() {
    const MODULE: &str = r#"(module
        (func $swizzle (export "swizzle") (param v128 v128) (result v128)
            (i8x16.relaxed_swizzle (local.get 0) (local.get 1)))
        (func $q15mulr (export "q15mulr") (param v128 v128) (result v128)
            (i16x8.relaxed_q15mulr_s (local.get 0) (local.get 1)))
        (func $madd (export "madd") (param v128 v128 v128) (result v128)
            (f32x4.relaxed_madd (local.get 0) (local.get 1) (local.get 2))))"#;
    let runnable = std::arch::is_x86_feature_detected!("ssse3") && std::arch::is_x86_feature_detected!("fma");
    let a = u128::from_le_bytes(std::array::from_fn(|i| 100 + i as u8));
    let indices = u128::from_le_bytes([0, 15, 16, 255, 128, 0x7f, 0x8f, 17, 1, 2, 3, 4, 5, 6, 7, 0x70]);
    let swizzled = u128::from_le_bytes([100, 115, 0, 0, 0, 0, 0, 0, 101, 102, 103, 104, 105, 106, 107, 0]);
    let (x, y) = (1.0 + f32::EPSILON, 1.0 - f32::EPSILON);
    let i16x8 = |lanes: [i16; 8]| Val::V128(lanes.iter().rev().fold(0u128, |acc, &l| (acc << 16) | l as u16 as u128));
    let q15_a = [i16::MIN, 16384, -1, 100, i16::MIN, i16::MAX, i16::MIN, 3];
    let q15_b = [i16::MIN, 16384, 1, -200, i16::MAX, i16::MAX, 1, 3];
    let q15_expected = [i16::MAX, 8192, 0, -1, -32767, 32766, -1, 0];
    for (features, fused) in [("", false), ("+ssse3,+fma", true)] {
        if fused && !runnable {
            continue;
        }
        for opt_level in [OptLevel::O0, OptLevel::O2] {
            let options = wasmlite_codegen::CompileOptions {
                opt_level,
                cpu_features: Some(features.to_string()),
                ..Default::default()
            };
            let mut instance = support::instantiate_wat_with(MODULE, &options);
            let result = instance.call("swizzle", &[Val::V128(a), Val::V128(indices)]).unwrap();
            assert_eq!(result, [Val::V128(swizzled)], "swizzle with {features:?} at {opt_level:?}");
            let result = instance.call("q15mulr", &[i16x8(q15_a), i16x8(q15_b)]).unwrap();
            assert_eq!(result, [i16x8(q15_expected)], "q15mulr with {features:?} at {opt_level:?}");
            // 1 - 2^-46 is rounded to 1 before the add when unfused.
            let expected = if fused { -(2f32.powi(-46)) } else { 0.0 };
            let result = instance
                .call("madd", &[f32x4([x; 4]), f32x4([y; 4]), f32x4([-1.0; 4])])
                .unwrap();
            assert_eq!(result, [f32x4([expected; 4])], "madd with {features:?} at {opt_level:?}");
        }
    }
    // The fast forms are really used where the target has them.
    let options = wasmlite_codegen::CompileOptions {
        opt_level: OptLevel::O2,
        target_triple: Some("x86_64-unknown-linux-gnu".into()),
        cpu_features: Some("+ssse3,+fma".into()),
        ..Default::default()
    };
    let compiled = support::compile_wat_with(MODULE, &options);
    for (symbol, instruction) in [("wasm[0]::swizzle", "pshufb"), ("wasm[1]::q15mulr", "pmulhrsw"), ("wasm[2]::madd", "vfmadd")] {
        let Some(body) = support::disasm::disassemble(&compiled.objects[0], symbol) else {
            return;
        };
        assert!(
            body.iter().any(|i| i.mnemonic.contains(instruction)),
            "{symbol} uses {instruction}: {body:?}"
        );
    }
}
