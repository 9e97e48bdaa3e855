//! Float lane arithmetic: add/sub/mul/div/sqrt, abs/neg, min/max (NaN
//! propagating, `-0 < +0`), pmin/pmax, and ceil/floor/trunc/nearest.
//!
//! Results that LLVM could fold to an operand unchanged (`x * 1`,
//! `min(x, x)`; `llvm.minimum` lowered on x86) are marked to be quiet NaNs
//! (`translate/float_folds.rs`). Rounding is shared with the scalar family
//! (`translate/rounding.rs`).

use super::super::float_folds::FloatArith;
use super::super::rounding::Rounding;
use super::super::{FuncTranslator, Handled};
use super::{binary, unary, Shape};
use inkwell::FloatPredicate;
use wasmparser::Operator;

/// Translate a float lane operator; `Ok(false)` if `op` is not one.
pub(super) fn translate(t: &mut FuncTranslator<'_, '_, '_>, op: &Operator<'_>) -> Handled {
    use Operator::*;
    if let Some(rounding) = Rounding::lanewise(op) {
        return unary(t, Shape::of(op), |t, x| {
            Ok(t.round_float(rounding, x.into())?.into_vector_value())
        });
    }
    match op {
        F32x4Add | F64x2Add => arith(t, Shape::of(op), FloatArith::Add),
        F32x4Sub | F64x2Sub => arith(t, Shape::of(op), FloatArith::Sub),
        F32x4Mul | F64x2Mul => arith(t, Shape::of(op), FloatArith::Mul),
        F32x4Div | F64x2Div => arith(t, Shape::of(op), FloatArith::Div),
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

/// `min`/`max` (`llvm.minimum`/`llvm.maximum`), NaN results quiet.
fn min_max(t: &mut FuncTranslator<'_, '_, '_>, shape: Shape, intrinsic: &str) -> Handled {
    binary(t, shape, |t, a, b| t.quiet_nan(t.lanewise_intrinsic(intrinsic, &[a, b])?))
}

/// A binary arithmetic operator (`add`/`sub`/`mul`/`div`), NaN results
/// quiet.
fn arith(t: &mut FuncTranslator<'_, '_, '_>, shape: Shape, op: FloatArith) -> Handled {
    binary(t, shape, |t, a, b| op.build(t, a, b))
}
