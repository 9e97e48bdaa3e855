//! Float results whose NaN must be quiet, scalar and lanewise.
//!
//! LLVM may replace `x * 1`, `x - 0`, `minimum(x, x)`, `fptrunc(fpext x)`
//! and similar operations by an operand, passing a signalling NaN through
//! unquieted, whatever the operands look like while translating (the
//! constant may only appear after inlining or propagation). So every such
//! result is marked ([`FuncTranslator::quiet_nan`]), and the marks are
//! resolved after optimisation, at no cost where the operation survived
//! (`crate::nan_quieting`).

use super::FuncTranslator;
use crate::nan_quieting::MARKER;
use crate::CompileError;
use inkwell::builder::{Builder, BuilderError};
use inkwell::values::FloatMathValue;

/// A float arithmetic operator: `add`, `sub`, `mul`, `div`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum FloatArith {
    Add,
    Sub,
    Mul,
    Div,
}

impl FloatArith {
    /// Build `lhs op rhs` (scalars or float vectors), its NaN result
    /// quiet.
    pub(super) fn build<'ctx, T: FloatMathValue<'ctx>>(
        self,
        t: &FuncTranslator<'ctx, '_, '_>,
        lhs: T,
        rhs: T,
    ) -> Result<T, CompileError> {
        let result = self.build_raw(&t.builder, lhs, rhs)?;
        t.quiet_nan(result)
    }

    fn build_raw<'ctx, T: FloatMathValue<'ctx>>(
        self,
        builder: &Builder<'ctx>,
        lhs: T,
        rhs: T,
    ) -> Result<T, BuilderError> {
        match self {
            FloatArith::Add => builder.build_float_add(lhs, rhs, "fadd"),
            FloatArith::Sub => builder.build_float_sub(lhs, rhs, "fsub"),
            FloatArith::Mul => builder.build_float_mul(lhs, rhs, "fmul"),
            FloatArith::Div => builder.build_float_div(lhs, rhs, "fdiv"),
        }
    }
}

impl<'ctx> FuncTranslator<'ctx, '_, '_> {
    /// `x` (a float or float vector result of an arithmetic operation),
    /// marked so that it is a quiet NaN whenever it is a NaN, even if LLVM
    /// folds the operation to an operand.
    pub(super) fn quiet_nan<T: FloatMathValue<'ctx>>(&self, x: T) -> Result<T, CompileError> {
        let value = x.as_basic_value_enum();
        let marked = self.call_intrinsic(MARKER, &[value.get_type()], &[value.into()])?;
        // SAFETY: the marker returns a value of its operand's type, `T`'s.
        Ok(unsafe { T::new(inkwell::values::AsValueRef::as_value_ref(&marked)) })
    }
}
