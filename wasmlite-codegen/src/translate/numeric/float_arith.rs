//! Float arithmetic (both widths): `add`, `sub`, `mul`, `div`, `min`,
//! `max`, `copysign`, `abs`, `neg`, `sqrt`. Rounding to integral values is
//! in `float_rounding.rs`.
//!
//! `abs`, `neg` and `copysign` only touch the sign bit, NaN payloads
//! included, as wasm requires. `min` and `max` propagate NaN and order
//! -0 below +0 (`llvm.minimum`/`llvm.maximum`).
//!
//! Every result that LLVM may fold to an operand (`x * 1.0`, `min(x, x)`;
//! `llvm.minimum` also passes a NaN operand through on x86) is marked to be
//! a quiet NaN (`translate/float_folds.rs`); the mark costs nothing where
//! the operation survives optimisation.

use super::super::float_folds::FloatArith;
use super::super::{FuncTranslator, Handled};
use super::{binary_float, unary_float};
use crate::CompileError;
use inkwell::values::FloatValue;
use wasmparser::Operator;

/// Translate a float arithmetic operator; `Ok(false)` if `op` is not one.
pub(super) fn translate(t: &mut FuncTranslator<'_, '_, '_>, op: &Operator<'_>) -> Handled {
    use Operator::*;
    match op {
        F32Add | F64Add => arith(t, FloatArith::Add)?,
        F32Sub | F64Sub => arith(t, FloatArith::Sub)?,
        F32Mul | F64Mul => arith(t, FloatArith::Mul)?,
        F32Div | F64Div => arith(t, FloatArith::Div)?,
        F32Min | F64Min => binary_float(t, |t, l, r| min_max(t, "llvm.minimum", l, r))?,
        F32Max | F64Max => binary_float(t, |t, l, r| min_max(t, "llvm.maximum", l, r))?,
        F32Copysign | F64Copysign => {
            binary_float(t, |t, l, r| t.float_intrinsic("llvm.copysign", &[l, r]))?
        }
        F32Abs | F64Abs => unary_float(t, |t, x| t.float_intrinsic("llvm.fabs", &[x]))?,
        F32Neg | F64Neg => unary_float(t, |t, x| t.builder.build_float_neg(x, "fneg"))?,
        F32Sqrt | F64Sqrt => unary_float(t, |t, x| t.float_intrinsic("llvm.sqrt", &[x]))?,
        _ => return Ok(false),
    }
    Ok(true)
}

/// `llvm.minimum` or `llvm.maximum` with a quiet NaN result.
fn min_max<'ctx>(
    t: &FuncTranslator<'ctx, '_, '_>,
    name: &str,
    lhs: FloatValue<'ctx>,
    rhs: FloatValue<'ctx>,
) -> Result<FloatValue<'ctx>, CompileError> {
    t.quiet_nan(t.float_intrinsic(name, &[lhs, rhs])?)
}

/// `lhs op rhs`, its NaN result quiet.
fn arith(t: &mut FuncTranslator<'_, '_, '_>, op: FloatArith) -> Result<(), CompileError> {
    binary_float(t, |t, l, r| op.build(t, l, r))
}
