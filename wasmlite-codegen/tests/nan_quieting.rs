//! Float results are quiet NaNs when an operand is a signalling NaN, at
//! every optimisation level, whatever LLVM learns about the operands: the
//! identity operand (`* 1`, `/ 1`, `+ -0`, `- 0`, `* -1`), the repeated
//! operand of `min`/`max`, or the `promote` under a `demote` only appears
//! after inlining, or through a local or a global, so the operation is
//! folded away inside LLVM. Scalars and lanes, both widths; and results
//! that are not NaN stay exact.

mod support;

use support::values::Value;
use wasmlite_codegen::OptLevel;

const LEVELS: [OptLevel; 5] = [OptLevel::O0, OptLevel::O1, OptLevel::O2, OptLevel::O3, OptLevel::Os];

/// A float width: its wasm name, lanes in a `v128`, a signalling NaN, the
/// quiet bit, the sign bit, `1.5`.
#[derive(Clone, Copy)]
struct Width {
    name: &'static str,
    lanes: usize,
    signalling: u64,
    quiet: u64,
    sign: u64,
    one_and_a_half: u64,
}

const F32: Width = Width {
    name: "f32",
    lanes: 4,
    signalling: 0x7fa0_0000,
    quiet: 0x7fc0_0000,
    sign: 0x8000_0000,
    one_and_a_half: 0x3fc0_0000,
};

const F64: Width = Width {
    name: "f64",
    lanes: 2,
    signalling: 0x7ff4_0000_0000_0000,
    quiet: 0x7ff8_0000_0000_0000,
    sign: 0x8000_0000_0000_0000,
    one_and_a_half: 0x3ff8_0000_0000_0000,
};

impl Width {
    fn value(self, bits: u64) -> Value {
        if self.lanes == 4 {
            Value::F32(bits as u32)
        } else {
            Value::F64(bits)
        }
    }

    fn bits(self, value: Value) -> u64 {
        match value {
            Value::F32(b) => b as u64,
            Value::F64(b) => b,
            other => panic!("not a float: {other:?}"),
        }
    }

    fn lane_bytes(self) -> usize {
        16 / self.lanes
    }

    /// The vector shape with lanes of this width.
    fn shape(self) -> String {
        format!("{}x{}", self.name, self.lanes)
    }
}

/// Wasm text computing `op(x, …)` of a parameter `x` (on the stack as
/// `local 0`): the shapes LLVM folds to `x`.
fn scalar_shapes(w: Width) -> Vec<(&'static str, String)> {
    let t = w.name;
    let mut shapes = vec![
        ("mul_one_inlined", format!("local.get 0 {t}.const 1 call $mul")),
        ("one_mul_inlined", format!("{t}.const 1 local.get 0 call $mul")),
        ("mul_minus_one_inlined", format!("local.get 0 {t}.const -1 call $mul")),
        ("div_one_inlined", format!("local.get 0 {t}.const 1 call $div")),
        ("div_minus_one_inlined", format!("local.get 0 {t}.const -1 call $div")),
        ("add_minus_zero_inlined", format!("local.get 0 {t}.const -0 call $add")),
        ("sub_zero_inlined", format!("local.get 0 {t}.const 0 call $sub")),
        ("minus_zero_sub_inlined", format!("{t}.const -0 local.get 0 call $sub")),
        ("min_self_inlined", "local.get 0 local.get 0 call $min".to_string()),
        ("max_self_inlined", "local.get 0 local.get 0 call $max".to_string()),
        ("min_self", format!("local.get 0 local.get 0 {t}.min")),
        ("max_self", format!("local.get 0 local.get 0 {t}.max")),
        ("mul_one_local", format!("{t}.const 1 local.set 1 local.get 0 local.get 1 {t}.mul")),
        ("add_minus_zero_local", format!("{t}.const -0 local.set 1 local.get 0 local.get 1 {t}.add")),
        ("mul_one_global", format!("local.get 0 global.get $one {t}.mul")),
        ("div_one_global", format!("local.get 0 global.get $one {t}.div")),
        ("sub_zero_global", format!("local.get 0 global.get $zero {t}.sub")),
        ("mul_one_memory", format!("i32.const 0 {t}.const 1 {t}.store local.get 0 i32.const 0 {t}.load {t}.mul")),
        ("mul_one_branch", format!(
            "{t}.const 1 local.set 1 local.get 0 i32.const 1 if (result {t}) local.get 1 else {t}.const 2 end {t}.mul"
        )),
    ];
    if t == "f32" {
        shapes.push(("promote_demote", "local.get 0 f64.promote_f32 f32.demote_f64".to_string()));
        shapes.push(("promote_demote_inlined", "local.get 0 call $promote call $demote".to_string()));
    } else {
        shapes.push(("demote_promote", "local.get 0 f32.demote_f64 f64.promote_f32".to_string()));
    }
    shapes
}

/// The helper functions and globals the shapes use.
fn scalar_helpers(w: Width) -> String {
    let t = w.name;
    let binary = |name: &str, op: &str| {
        format!("(func ${name} (param {t} {t}) (result {t}) local.get 0 local.get 1 {t}.{op})\n")
    };
    let mut text: String = [("mul", "mul"), ("div", "div"), ("add", "add"), ("sub", "sub"), ("min", "min"), ("max", "max")]
        .iter()
        .map(|(name, op)| binary(name, op))
        .collect();
    text += &format!("(global $one {t} ({t}.const 1)) (global $zero (mut {t}) ({t}.const 0))\n");
    text += "(func $promote (param f32) (result f64) local.get 0 f64.promote_f32)\n";
    text += "(func $demote (param f64) (result f32) local.get 0 f32.demote_f64)\n";
    text
}

fn scalar_module(w: Width) -> String {
    let t = w.name;
    let exports: String = scalar_shapes(w)
        .iter()
        .map(|(name, body)| format!("(func (export \"{name}\") (param {t}) (result {t}) (local {t}) {body})\n"))
        .collect();
    format!("(module (memory 1)\n{}{exports})", scalar_helpers(w))
}

#[test]
fn folded_scalar_operations_still_quiet_signalling_nans() {
    for w in [F32, F64] {
        let text = scalar_module(w);
        for level in LEVELS {
            let mut instance = support::instantiate_wat(&text, level);
            for (name, _) in scalar_shapes(w) {
                let result = support::call(&mut instance, name, &[w.value(w.signalling)]);
                let bits = result.map(|v| w.bits(v));
                assert!(
                    matches!(bits, Ok(b) if b & w.quiet == w.quiet),
                    "{} {name} at {level:?}: {bits:x?}",
                    w.name
                );
                if name.contains("demote_promote") {
                    continue;
                }
                let exact = support::call(&mut instance, name, &[w.value(w.one_and_a_half)]);
                let exact = exact.map(|v| w.bits(v) & !w.sign);
                assert_eq!(exact, Ok(w.one_and_a_half), "{} {name} at {level:?}", w.name);
            }
        }
    }
}

/// The measurement switch `NanResults::AsLlvmFolds` really turns the rule
/// off (so the benchmark's "exact NaN" column measures the rule): the
/// issue's example `$mul(x, 1.0)` at O2 returns the signalling NaN as is,
/// while every operation LLVM keeps still quiets it in hardware.
#[test]
fn as_llvm_folds_leaves_folded_signalling_nans_unquieted() {
    use wasmlite_codegen::{CompileOptions, NanResults};
    let options = CompileOptions { opt_level: OptLevel::O2, nan_results: NanResults::AsLlvmFolds, ..Default::default() };
    let mut instance = support::instantiate_wat_with(&scalar_module(F32), &options);
    let folded = support::call(&mut instance, "mul_one_inlined", &[F32.value(F32.signalling)]);
    assert_eq!(folded.map(|v| F32.bits(v)), Ok(F32.signalling));
    let kept = support::call(&mut instance, "mul_one_inlined", &[F32.value(F32.one_and_a_half)]);
    assert_eq!(kept.map(|v| F32.bits(v)), Ok(F32.one_and_a_half));
}

/// Lanewise shapes: `x` is `v128.load` of address 0, the result is stored
/// at address 16.
fn vector_shapes(w: Width) -> Vec<(&'static str, String)> {
    let s = w.shape();
    let ones = vec!["1"; w.lanes].join(" ");
    let minus_ones = vec!["-1"; w.lanes].join(" ");
    let minus_zeros = vec!["-0"; w.lanes].join(" ");
    let x = "i32.const 0 v128.load";
    let mut shapes = vec![
        ("mul_one_inlined", format!("{x} v128.const {s} {ones} call $vmul")),
        ("mul_minus_one_inlined", format!("{x} v128.const {s} {minus_ones} call $vmul")),
        ("div_one_inlined", format!("{x} v128.const {s} {ones} call $vdiv")),
        ("add_minus_zero_inlined", format!("{x} v128.const {s} {minus_zeros} call $vadd")),
        ("sub_zero_inlined", format!("{x} v128.const i64x2 0 0 call $vsub")),
        ("min_self_inlined", format!("{x} {x} call $vmin")),
        ("max_self_inlined", format!("{x} {x} call $vmax")),
        ("min_self", format!("{x} local.tee 0 local.get 0 {s}.min")),
        ("mul_one_local", format!("v128.const {s} {ones} local.set 0 {x} local.get 0 {s}.mul")),
        ("mul_one_splat", format!("{x} {}.const 1 {s}.splat {s}.mul", w.name)),
    ];
    if w.name == "f32" {
        shapes.push((
            "promote_demote",
            format!("{x} f64x2.promote_low_f32x4 f32x4.demote_f64x2_zero"),
        ));
    }
    shapes
}

fn vector_module(w: Width) -> String {
    let s = w.shape();
    let helpers: String = [("vmul", "mul"), ("vdiv", "div"), ("vadd", "add"), ("vsub", "sub"), ("vmin", "min"), ("vmax", "max")]
        .iter()
        .map(|(name, op)| {
            format!("(func ${name} (param v128 v128) (result v128) local.get 0 local.get 1 {s}.{op})\n")
        })
        .collect();
    let exports: String = vector_shapes(w)
        .iter()
        .map(|(name, body)| format!("(func (export \"{name}\") (local v128) i32.const 16 {body} v128.store)\n"))
        .collect();
    format!("(module (memory 1)\n{helpers}{exports})")
}

#[test]
fn folded_lane_operations_still_quiet_signalling_nans() {
    for w in [F32, F64] {
        let text = vector_module(w);
        let bytes = w.lane_bytes();
        for level in LEVELS {
            let mut instance = support::instantiate_wat(&text, level);
            for (name, _) in vector_shapes(w) {
                // Lanes that are demoted to f32 are half as many.
                let checked = if name == "promote_demote" { 2 } else { w.lanes };
                for lane in 0..w.lanes {
                    let at = bytes * lane;
                    instance.memory_mut(0)[at..at + bytes]
                        .copy_from_slice(&w.signalling.to_le_bytes()[..bytes]);
                }
                instance.call(name, &[]).expect("runs");
                for lane in 0..checked {
                    let at = 16 + bytes * lane;
                    let mut raw = [0u8; 8];
                    raw[..bytes].copy_from_slice(&instance.memory(0)[at..at + bytes]);
                    let bits = u64::from_le_bytes(raw);
                    assert_eq!(
                        bits & w.quiet,
                        w.quiet,
                        "{} {name} lane {lane} at {level:?}: {bits:#x}",
                        w.shape()
                    );
                }
            }
        }
    }
}
