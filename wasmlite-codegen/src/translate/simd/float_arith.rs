//! Float lane arithmetic: add/sub/mul/div/sqrt, abs/neg, min/max (NaN
//! propagating, `-0 < +0`), pmin/pmax, and ceil/floor/trunc/nearest.
//!
//! Results that LLVM could fold to an operand unchanged (`x * 1` with a
//! constant operand, `llvm.minimum` lowered on x86) are NaN-canonicalised,
//! so a NaN result is quiet. Rounding is computed inline with float arithmetic
//! on x86-64 (as the scalar family does without SSE4.1) because vector
//! `llvm.ceil` etc. become libm calls on generic x86-64; see
//! `round_inline`. AArch64 uses the intrinsics (single instructions).

use super::super::{FuncTranslator, Handled};
use super::{binary, unary, Shape};
use crate::CompileError;
use inkwell::values::VectorValue;
use inkwell::FloatPredicate;
use wasmparser::Operator;

/// Which rounding.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Rounding {
    Ceil,
    Floor,
    Trunc,
    Nearest,
}

impl Rounding {
    /// The LLVM intrinsic computing this rounding.
    fn intrinsic(self) -> &'static str {
        match self {
            Rounding::Ceil => "llvm.ceil",
            Rounding::Floor => "llvm.floor",
            Rounding::Trunc => "llvm.trunc",
            Rounding::Nearest => "llvm.roundeven",
        }
    }
}

/// Whether the target rounds float vectors in hardware whatever the CPU
/// (AArch64: `frintp`/`frintm`/`frintz`/`frintn`). Generic x86-64 lacks
/// SSE4.1's `roundps`, and LLVM would call libm per lane instead.
fn has_rounding_instructions(t: &FuncTranslator<'_, '_, '_>) -> bool {
    let triple = t.cx.module.get_triple();
    let triple = triple.as_str().to_string_lossy();
    triple.starts_with("aarch64") || triple.starts_with("arm64")
}

/// Translate a float lane operator; `Ok(false)` if `op` is not one.
pub(super) fn translate(t: &mut FuncTranslator<'_, '_, '_>, op: &Operator<'_>) -> Handled {
    use Operator::*;
    let rounding = match op {
        F32x4Ceil | F64x2Ceil => Some(Rounding::Ceil),
        F32x4Floor | F64x2Floor => Some(Rounding::Floor),
        F32x4Trunc | F64x2Trunc => Some(Rounding::Trunc),
        F32x4Nearest | F64x2Nearest => Some(Rounding::Nearest),
        _ => None,
    };
    if let Some(rounding) = rounding {
        let shape = Shape::of(op);
        return unary(t, shape, |t, x| {
            if has_rounding_instructions(t) {
                t.lanewise_intrinsic(rounding.intrinsic(), &[x])
            } else {
                round_inline(t, shape, rounding, x)
            }
        });
    }
    match op {
        F32x4Add | F64x2Add => arith(t, Shape::of(op), |t, a, b| {
            Ok(t.builder.build_float_add(a, b, "fadd")?)
        }),
        F32x4Sub | F64x2Sub => arith(t, Shape::of(op), |t, a, b| {
            Ok(t.builder.build_float_sub(a, b, "fsub")?)
        }),
        F32x4Mul | F64x2Mul => arith(t, Shape::of(op), |t, a, b| {
            Ok(t.builder.build_float_mul(a, b, "fmul")?)
        }),
        F32x4Div | F64x2Div => arith(t, Shape::of(op), |t, a, b| {
            Ok(t.builder.build_float_div(a, b, "fdiv")?)
        }),
        F32x4Min | F64x2Min => min_max(t, Shape::of(op), "llvm.minimum"),
        F32x4Max | F64x2Max => min_max(t, Shape::of(op), "llvm.maximum"),
        F32x4Sqrt | F64x2Sqrt => {
            let shape = Shape::of(op);
            unary(t, shape, |t, a| t.lanewise_intrinsic("llvm.sqrt", &[a]))
        }
        F32x4Abs | F64x2Abs => unary(t, Shape::of(op), |t, a| {
            t.lanewise_intrinsic("llvm.fabs", &[a])
        }),
        F32x4Neg | F64x2Neg => unary(t, Shape::of(op), |t, a| {
            Ok(t.builder.build_float_neg(a, "fneg")?)
        }),
        // pmin = b < a ? b : a; pmax = a < b ? b : a.
        F32x4PMin | F64x2PMin => binary(t, Shape::of(op), |t, a, b| {
            let less = t
                .builder
                .build_float_compare(FloatPredicate::OLT, b, a, "b_lt_a")?;
            Ok(t.builder
                .build_select(less, b, a, "pmin")?
                .into_vector_value())
        }),
        F32x4PMax | F64x2PMax => binary(t, Shape::of(op), |t, a, b| {
            let less = t
                .builder
                .build_float_compare(FloatPredicate::OLT, a, b, "a_lt_b")?;
            Ok(t.builder
                .build_select(less, b, a, "pmax")?
                .into_vector_value())
        }),
        _ => Ok(false),
    }
}

/// `min`/`max` (`llvm.minimum`/`llvm.maximum`), NaN results always
/// canonicalised: x86 lowers them to code that can pass a signalling NaN
/// operand through.
fn min_max(t: &mut FuncTranslator<'_, '_, '_>, shape: Shape, intrinsic: &str) -> Handled {
    binary(t, shape, |t, a, b| {
        let result = t.lanewise_intrinsic(intrinsic, &[a, b])?;
        t.canonicalize_nan_lanes(result, shape)
    })
}

/// A binary arithmetic operator (`add`/`sub`/`mul`/`div`). The hardware
/// quiets NaNs, but LLVM folds `x * 1`, `x / 1`, `x - 0`, `x + -0` to `x`;
/// those folds need a constant operand, so only then are NaN results
/// canonicalised (as in the scalar family, to keep float loops fast).
fn arith<'ctx, 'm, 'a>(
    t: &mut FuncTranslator<'ctx, 'm, 'a>,
    shape: Shape,
    f: impl FnOnce(
        &FuncTranslator<'ctx, 'm, 'a>,
        VectorValue<'ctx>,
        VectorValue<'ctx>,
    ) -> Result<VectorValue<'ctx>, CompileError>,
) -> Handled {
    binary(t, shape, |t, a, b| {
        let result = f(t, a, b)?;
        if a.is_const() || b.is_const() {
            t.canonicalize_nan_lanes(result, shape)
        } else {
            Ok(result)
        }
    })
}

/// A float vector constant of `shape` with every lane `value`.
fn float_splat<'ctx>(
    t: &FuncTranslator<'ctx, '_, '_>,
    shape: Shape,
    value: f64,
) -> VectorValue<'ctx> {
    let lane = t.shape_type(shape).get_element_type().into_float_type();
    let lanes: Vec<_> = (0..shape.lanes())
        .map(|_| lane.const_float(value))
        .collect();
    inkwell::types::VectorType::const_vector(&lanes)
}

/// `x` rounded lanewise with plain float arithmetic:
///
/// - `|x| >= 2^(p-1)` (`p` significand bits) or infinite: `x` is
///   integral; a NaN takes the arithmetic path, which quiets it;
/// - otherwise `(|x| + 2^(p-1)) - 2^(p-1)` is `|x|` rounded to nearest,
///   ties to even, exactly; floor/ceil/trunc step it by one where it went
///   the wrong way; the sign of `x` is put back last (`-0.5` gives `-0`).
fn round_inline<'ctx>(
    t: &FuncTranslator<'ctx, '_, '_>,
    shape: Shape,
    rounding: Rounding,
    x: VectorValue<'ctx>,
) -> Result<VectorValue<'ctx>, CompileError> {
    let b = &t.builder;
    let significand = if shape == Shape::F32x4 {
        f32::MANTISSA_DIGITS
    } else {
        f64::MANTISSA_DIGITS
    };
    let magic = float_splat(t, shape, 2f64.powi(significand as i32 - 1));
    let one = float_splat(t, shape, 1.0);
    let abs = t.lanewise_intrinsic("llvm.fabs", &[x])?;
    let biased = b.build_float_add(abs, magic, "biased")?;
    let nearest_abs = b.build_float_sub(biased, magic, "nearest_abs")?;
    let (target, nearest) = match rounding {
        Rounding::Trunc => (abs, nearest_abs),
        _ => (x, t.lanewise_intrinsic("llvm.copysign", &[nearest_abs, x])?),
    };
    let adjusted = match rounding {
        Rounding::Nearest => nearest,
        Rounding::Floor | Rounding::Trunc => {
            let too_high =
                b.build_float_compare(FloatPredicate::OGT, nearest, target, "too_high")?;
            let lower = b.build_float_sub(nearest, one, "lower")?;
            b.build_select(too_high, lower, nearest, "floor")?
                .into_vector_value()
        }
        Rounding::Ceil => {
            let too_low = b.build_float_compare(FloatPredicate::OLT, nearest, target, "too_low")?;
            let higher = b.build_float_add(nearest, one, "higher")?;
            b.build_select(too_low, higher, nearest, "ceil")?
                .into_vector_value()
        }
    };
    let rounded = t.lanewise_intrinsic("llvm.copysign", &[adjusted, x])?;
    // Unordered: a NaN takes the arithmetic path, which quiets it.
    let fractional = b.build_float_compare(FloatPredicate::ULT, abs, magic, "may_be_fractional")?;
    let result = b
        .build_select(fractional, rounded, x, "rounded")?
        .into_vector_value();
    Ok(result)
}
