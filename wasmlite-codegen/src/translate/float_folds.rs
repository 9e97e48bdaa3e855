//! Which float `add`/`sub`/`mul`/`div` results LLVM may replace by an
//! operand, scalar and lanewise.
//!
//! Wasm requires the NaN result of these operators to be quiet. The
//! hardware quiets a signalling NaN operand, but LLVM (its IR passes and
//! its instruction selection) rewrites `x + -0`, `x - 0`, `x * 1`,
//! `x / 1` to `x`, `x + 0` and `x - -0` to `x` when it knows `x` is not
//! `-0`, and `x * -1`, `x / -1`, `-0 - x` (and `0 - x`) to `-x`; each of
//! these passes a signalling NaN through unquieted. Every such rewrite
//! needs a constant operand that is `±0` (`add`, `sub`) or `±1` (`mul`,
//! `div`); other constants (`x * 0.2`, a polynomial coefficient) are never
//! folded away without fast-math flags, which the translator never sets.
//! So only results with such an operand need NaN canonicalisation, which
//! costs a compare and a select. A NaN constant operand is folded to a
//! quiet NaN, which is right, but is counted too, to stay on the safe
//! side; so is a constant whose value cannot be read.

use inkwell::builder::{Builder, BuilderError};
use inkwell::llvm_sys::core::LLVMIsAConstantFP;
use inkwell::values::{AsValueRef, BasicValueEnum, FloatMathValue, FloatValue, VectorValue};

/// A float arithmetic operator that LLVM may fold to an operand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum FloatArith {
    Add,
    Sub,
    Mul,
    Div,
}

/// What a translation-time operand is, as far as folding goes.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Operand {
    /// Not a constant: LLVM folds nothing with it alone.
    Variable,
    /// A constant with this value.
    Constant(f64),
    /// A constant whose value the translator cannot read.
    Opaque,
}

impl FloatArith {
    /// Build `lhs op rhs` (scalars or float vectors).
    pub(super) fn build<'ctx, T: FloatMathValue<'ctx>>(
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

    /// Whether LLVM may replace the scalar `lhs op rhs` by an operand or
    /// its negation (so its NaN result must be canonicalised).
    pub(super) fn may_pass_operand(self, lhs: FloatValue<'_>, rhs: FloatValue<'_>) -> bool {
        self.may_fold(scalar(lhs), scalar(rhs))
    }

    /// Whether LLVM may replace some lane of `lhs op rhs` (float vectors of
    /// the same shape) by a lane of an operand or its negation.
    pub(super) fn may_pass_lane(self, lhs: VectorValue<'_>, rhs: VectorValue<'_>) -> bool {
        let lanes = lhs.get_type().get_size();
        (0..lanes).any(|i| self.may_fold(lane(lhs, i), lane(rhs, i)))
    }

    fn may_fold(self, lhs: Operand, rhs: Operand) -> bool {
        let is = |operand: Operand, identity: fn(f64) -> bool| match operand {
            Operand::Variable => false,
            Operand::Constant(x) => x.is_nan() || identity(x),
            Operand::Opaque => true,
        };
        let zero = |x: f64| x == 0.0;
        let one = |x: f64| x.abs() == 1.0;
        match self {
            FloatArith::Add | FloatArith::Sub => is(lhs, zero) || is(rhs, zero),
            FloatArith::Mul => is(lhs, one) || is(rhs, one),
            FloatArith::Div => is(lhs, |_| false) || is(rhs, one),
        }
    }
}

/// A scalar operand.
fn scalar(value: FloatValue<'_>) -> Operand {
    if !value.is_const() {
        return Operand::Variable;
    }
    // SAFETY: `value` is a live LLVM value; the call only tests its kind.
    let is_constant_fp = unsafe { !LLVMIsAConstantFP(value.as_value_ref()).is_null() };
    // `get_constant` reads a float literal's value and is undefined for any
    // other constant (a constant expression, say), so test the kind first.
    if !is_constant_fp {
        return Operand::Opaque;
    }
    match value.get_constant() {
        Some((x, _)) => Operand::Constant(x),
        None => Operand::Opaque,
    }
}

/// Lane `index` of a vector operand.
fn lane(value: VectorValue<'_>, index: u32) -> Operand {
    if !value.is_const() {
        return Operand::Variable;
    }
    // `get_element_as_constant` is only defined for constant data vectors
    // (not for a zero vector or a constant expression).
    if !value.is_constant_data_vector() {
        return Operand::Opaque;
    }
    match value.get_element_as_constant(index) {
        BasicValueEnum::FloatValue(x) => scalar(x),
        _ => Operand::Opaque,
    }
}

#[cfg(test)]
mod tests {
    use super::{FloatArith, Operand};
    use FloatArith::{Add, Div, Mul, Sub};
    use Operand::{Constant, Opaque, Variable};

    #[test]
    fn identity_constants_may_fold() {
        for x in [0.0, -0.0] {
            assert!(Add.may_fold(Variable, Constant(x)));
            assert!(Add.may_fold(Constant(x), Variable));
            assert!(Sub.may_fold(Variable, Constant(x)));
            assert!(Sub.may_fold(Constant(x), Variable));
        }
        for x in [1.0, -1.0] {
            assert!(Mul.may_fold(Variable, Constant(x)));
            assert!(Mul.may_fold(Constant(x), Variable));
            assert!(Div.may_fold(Variable, Constant(x)));
        }
        for op in [Add, Sub, Mul, Div] {
            assert!(op.may_fold(Variable, Constant(f64::NAN)));
            assert!(op.may_fold(Variable, Opaque));
        }
    }

    #[test]
    fn other_operands_never_fold() {
        for op in [Add, Sub, Mul, Div] {
            assert!(!op.may_fold(Variable, Variable));
            for x in [0.2, 2.0, -3.5, f64::INFINITY, 1e-300] {
                assert!(!op.may_fold(Variable, Constant(x)), "{op:?} {x}");
                assert!(!op.may_fold(Constant(x), Variable), "{op:?} {x}");
            }
        }
        assert!(!Mul.may_fold(Variable, Constant(0.0)));
        assert!(!Add.may_fold(Variable, Constant(1.0)));
        assert!(!Div.may_fold(Constant(1.0), Variable));
        assert!(!Div.may_fold(Constant(0.0), Variable));
    }
}
