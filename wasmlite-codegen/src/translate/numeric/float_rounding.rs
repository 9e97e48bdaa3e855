//! Rounding to an integral float (both widths): `ceil`, `floor`, `trunc`,
//! `nearest` (ties to even).
//!
//! On AArch64 these are single instructions (`llvm.ceil` etc.). On x86-64
//! they are instructions only from SSE4.1 on, and LLVM lowers them to calls
//! to libm (`ceilf`, `roundevenf`, ...) otherwise, which the emitted object
//! must not need. There they are computed inline with SSE2 arithmetic:
//!
//! - `|x| >= 2^(p-1)` (`p` significand bits) or infinite: `x` is already
//!   integral and is returned as is.
//! - otherwise `(|x| + 2^(p-1)) - 2^(p-1)` is `|x|` rounded to nearest,
//!   ties to even (the sum's unit in the last place is 1), exactly;
//!   floor, ceil and trunc step it by one where it went the wrong way;
//!   the sign of `x` is put back last, so `-0.5` gives `-0`.
//! - a NaN takes the arithmetic path too, which quiets it.

use super::super::{FuncTranslator, Handled};
use super::unary_float;
use crate::CompileError;
use inkwell::values::FloatValue;
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

/// Translate a rounding operator; `Ok(false)` if `op` is not one.
pub(super) fn translate(t: &mut FuncTranslator<'_, '_, '_>, op: &Operator<'_>) -> Handled {
    use Operator::*;
    let rounding = match op {
        F32Ceil | F64Ceil => Rounding::Ceil,
        F32Floor | F64Floor => Rounding::Floor,
        F32Trunc | F64Trunc => Rounding::Trunc,
        F32Nearest | F64Nearest => Rounding::Nearest,
        _ => return Ok(false),
    };
    unary_float(t, |t, x| {
        if has_rounding_instructions(t) {
            t.float_intrinsic(rounding.intrinsic(), &[x])
        } else {
            round_inline(t, rounding, x)
        }
    })?;
    Ok(true)
}

/// Whether the target rounds to integral floats in hardware whatever the
/// CPU (AArch64). x86-64 needs SSE4.1, which the generic CPU lacks.
fn has_rounding_instructions(t: &FuncTranslator<'_, '_, '_>) -> bool {
    let triple = t.cx.module.get_triple();
    let triple = triple.as_str().to_string_lossy();
    triple.starts_with("aarch64") || triple.starts_with("arm64")
}

/// `x` rounded with plain float arithmetic (see the module documentation).
fn round_inline<'ctx>(
    t: &FuncTranslator<'ctx, '_, '_>,
    rounding: Rounding,
    x: FloatValue<'ctx>,
) -> Result<FloatValue<'ctx>, CompileError> {
    let b = &t.builder;
    let ty = x.get_type();
    let magic = ty.const_float(2f64.powi(t.significand_bits(ty) as i32 - 1));
    let one = ty.const_float(1.0);
    let abs = t.float_intrinsic("llvm.fabs", &[x])?;
    let biased = b.build_float_add(abs, magic, "biased")?;
    let nearest_abs = b.build_float_sub(biased, magic, "nearest_abs")?;
    // Trunc rounds |x| down; the others round x itself.
    let (target, nearest) = match rounding {
        Rounding::Trunc => (abs, nearest_abs),
        _ => (x, t.float_intrinsic("llvm.copysign", &[nearest_abs, x])?),
    };
    let adjusted = match rounding {
        Rounding::Nearest => nearest,
        Rounding::Floor | Rounding::Trunc => {
            let too_high =
                b.build_float_compare(FloatPredicate::OGT, nearest, target, "too_high")?;
            let lower = b.build_float_sub(nearest, one, "lower")?;
            b.build_select(too_high, lower, nearest, "floor")?
                .into_float_value()
        }
        Rounding::Ceil => {
            let too_low = b.build_float_compare(FloatPredicate::OLT, nearest, target, "too_low")?;
            let higher = b.build_float_add(nearest, one, "higher")?;
            b.build_select(too_low, higher, nearest, "ceil")?
                .into_float_value()
        }
    };
    let rounded = t.float_intrinsic("llvm.copysign", &[adjusted, x])?;
    // Unordered: NaN takes the arithmetic path, which quiets it.
    let fractional = b.build_float_compare(FloatPredicate::ULT, abs, magic, "may_be_fractional")?;
    Ok(b.build_select(fractional, rounded, x, "rounded")?
        .into_float_value())
}
