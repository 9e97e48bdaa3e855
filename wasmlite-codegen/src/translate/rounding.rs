//! Rounding to an integral float, scalar (`f32.ceil`, `f64.nearest`, …) and
//! lanewise (`f32x4.ceil`, `f64x2.nearest`, …): `ceil`, `floor`, `trunc`,
//! `nearest` (ties to even).
//!
//! On AArch64 these are single instructions (`llvm.ceil` etc.). On x86-64
//! they are instructions only from SSE4.1 on, and LLVM lowers them to libm
//! calls (`ceilf`, `roundevenf`, …) otherwise, which the emitted object must
//! not need. There they are computed inline with SSE2 arithmetic:
//!
//! - `|x| >= 2^(p-1)` (`p` significand bits) or infinite: `x` is already
//!   integral and is returned as is.
//! - otherwise `(|x| + 2^(p-1)) - 2^(p-1)` is `|x|` rounded to nearest,
//!   ties to even (the sum's unit in the last place is 1), exactly;
//!   floor, ceil and trunc step it by one where it went the wrong way;
//!   the sign of `x` is put back last, so `-0.5` gives `-0`.
//! - a NaN takes the arithmetic path too, which quiets it.

use super::FuncTranslator;
use crate::CompileError;
use inkwell::types::{BasicTypeEnum, FloatType, VectorType};
use inkwell::values::{AsValueRef, BasicValueEnum, FloatMathValue, FloatValue, VectorValue};
use inkwell::FloatPredicate;
use wasmparser::Operator;

/// Which rounding.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Rounding {
    Ceil,
    Floor,
    Trunc,
    Nearest,
}

impl Rounding {
    /// The rounding a scalar operator (`f32.ceil`, …) performs; `None`
    /// for other operators.
    pub(super) fn scalar(op: &Operator<'_>) -> Option<Rounding> {
        use Operator::*;
        Some(match op {
            F32Ceil | F64Ceil => Rounding::Ceil,
            F32Floor | F64Floor => Rounding::Floor,
            F32Trunc | F64Trunc => Rounding::Trunc,
            F32Nearest | F64Nearest => Rounding::Nearest,
            _ => return None,
        })
    }

    /// The rounding a lanewise operator (`f32x4.ceil`, …) performs; `None`
    /// for other operators.
    pub(super) fn lanewise(op: &Operator<'_>) -> Option<Rounding> {
        use Operator::*;
        Some(match op {
            F32x4Ceil | F64x2Ceil => Rounding::Ceil,
            F32x4Floor | F64x2Floor => Rounding::Floor,
            F32x4Trunc | F64x2Trunc => Rounding::Trunc,
            F32x4Nearest | F64x2Nearest => Rounding::Nearest,
            _ => return None,
        })
    }

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

impl<'ctx> FuncTranslator<'ctx, '_, '_> {
    /// `x` (a float or a float vector) rounded as `rounding` says.
    pub(super) fn round_float(
        &self,
        rounding: Rounding,
        x: BasicValueEnum<'ctx>,
    ) -> Result<BasicValueEnum<'ctx>, CompileError> {
        if has_rounding_instructions(self) {
            return self.call_intrinsic(rounding.intrinsic(), &[x.get_type()], &[x.into()]);
        }
        Ok(match x {
            BasicValueEnum::FloatValue(x) => {
                round_inline::<FloatValue<'ctx>>(self, rounding, x)?.into()
            }
            BasicValueEnum::VectorValue(x) => {
                round_inline::<VectorValue<'ctx>>(self, rounding, x)?.into()
            }
            other => unreachable!("rounding a non-float value {other:?}"),
        })
    }
}

/// Whether the target rounds floats and float vectors in hardware whatever
/// the CPU (AArch64: `frintp`/`frintm`/`frintz`/`frintn`). Generic x86-64
/// lacks SSE4.1's `roundss`/`roundps`.
fn has_rounding_instructions(t: &FuncTranslator<'_, '_, '_>) -> bool {
    let triple = t.cx.module.get_triple();
    let triple = triple.as_str().to_string_lossy();
    triple.starts_with("aarch64") || triple.starts_with("arm64")
}

/// The lane type of `ty` (a float or float vector type) and its lane
/// count (`None` for a scalar).
fn lanes_of(ty: BasicTypeEnum<'_>) -> (FloatType<'_>, Option<u32>) {
    match ty {
        BasicTypeEnum::FloatType(lane) => (lane, None),
        BasicTypeEnum::VectorType(vector) => (
            vector.get_element_type().into_float_type(),
            Some(vector.get_size()),
        ),
        other => unreachable!("rounding a non-float type {other:?}"),
    }
}

/// The significand bits (implicit bit included) of `ty`'s lanes.
fn significand_bits(t: &FuncTranslator<'_, '_, '_>, ty: BasicTypeEnum<'_>) -> u32 {
    if lanes_of(ty).0 == t.cx.types.f32 {
        f32::MANTISSA_DIGITS
    } else {
        f64::MANTISSA_DIGITS
    }
}

/// A constant of `ty` (a float or float vector type) with every lane `value`.
fn splat(ty: BasicTypeEnum<'_>, value: f64) -> BasicValueEnum<'_> {
    let (lane, lanes) = lanes_of(ty);
    let scalar = lane.const_float(value);
    match lanes {
        None => scalar.into(),
        Some(n) => {
            let lanes: Vec<_> = (0..n).map(|_| scalar).collect();
            VectorType::const_vector(&lanes).into()
        }
    }
}

/// `x` rounded with plain float arithmetic (see the module documentation);
/// `T` is a float or a float vector.
fn round_inline<'ctx, T>(
    t: &FuncTranslator<'ctx, '_, '_>,
    rounding: Rounding,
    x: T,
) -> Result<T, CompileError>
where
    T: FloatMathValue<'ctx> + Copy,
{
    let b = &t.builder;
    let ty = x.as_basic_value_enum().get_type();
    let magic = same_type(splat(ty, 2f64.powi(significand_bits(t, ty) as i32 - 1)));
    let one = same_type(splat(ty, 1.0));
    let intrinsic = |name: &str, args: &[T]| -> Result<T, CompileError> {
        let args: Vec<_> = args
            .iter()
            .map(|a| a.as_basic_value_enum().into())
            .collect();
        Ok(same_type(t.call_intrinsic(name, &[ty], &args)?))
    };
    let abs = intrinsic("llvm.fabs", &[x])?;
    let biased = b.build_float_add(abs, magic, "biased")?;
    let nearest_abs = b.build_float_sub(biased, magic, "nearest_abs")?;
    // Trunc rounds |x| down; the others round x itself.
    let (target, nearest) = match rounding {
        Rounding::Trunc => (abs, nearest_abs),
        _ => (x, intrinsic("llvm.copysign", &[nearest_abs, x])?),
    };
    let adjusted = match rounding {
        Rounding::Nearest => nearest,
        Rounding::Floor | Rounding::Trunc => {
            let too_high =
                b.build_float_compare(FloatPredicate::OGT, nearest, target, "too_high")?;
            let lower = b.build_float_sub(nearest, one, "lower")?;
            same_type(b.build_select(too_high, lower, nearest, "floor")?)
        }
        Rounding::Ceil => {
            let too_low = b.build_float_compare(FloatPredicate::OLT, nearest, target, "too_low")?;
            let higher = b.build_float_add(nearest, one, "higher")?;
            same_type(b.build_select(too_low, higher, nearest, "ceil")?)
        }
    };
    let rounded = intrinsic("llvm.copysign", &[adjusted, x])?;
    // Unordered: NaN takes the arithmetic path, which quiets it.
    let fractional = b.build_float_compare(FloatPredicate::ULT, abs, magic, "may_be_fractional")?;
    Ok(same_type(
        b.build_select(fractional, rounded, x, "rounded")?,
    ))
}

/// `value`, known to have the float or float vector type `T` it was built
/// with, as a `T`.
fn same_type<'ctx, T: FloatMathValue<'ctx>>(value: BasicValueEnum<'ctx>) -> T {
    // SAFETY: every caller passes a value of `T`'s LLVM type (a constant
    // splat of it, an intrinsic overloaded on it, or a select between two
    // `T`s), which is what `T::new` requires.
    unsafe { T::new(value.as_value_ref()) }
}
