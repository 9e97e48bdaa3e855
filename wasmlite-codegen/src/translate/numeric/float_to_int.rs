//! Float-to-integer truncations: the trapping `i32/i64.trunc_f32/f64_s/u`
//! and the saturating `i32/i64.trunc_sat_f32/f64_s/u`.
//!
//! `fptosi`/`fptoui` are poison for NaN and for values whose truncation
//! does not fit, so the trapping forms first check that the operand lies
//! in the exact range of floats that truncate to a representable integer
//! (see [`Bounds`]): NaN traps with `BadConversionToInteger`, other values
//! out of range with `IntegerOverflow`, as the specification words it. The
//! saturating forms use `llvm.fptosi.sat`/`llvm.fptoui.sat`, which are
//! defined everywhere (NaN gives 0) exactly as wasm's.

use super::super::{FuncTranslator, Handled};
use crate::CompileError;
use inkwell::values::{FloatValue, IntValue};
use inkwell::FloatPredicate;
use wasmlite_abi::TrapCode;
use wasmparser::Operator;

/// What a truncation produces.
#[derive(Clone, Copy)]
struct Truncation {
    /// Bits of the integer result (32 or 64).
    int_bits: u32,
    signed: bool,
    /// Saturate instead of trapping.
    saturating: bool,
}

/// Translate a float-to-integer truncation; `Ok(false)` if `op` is not one.
pub(super) fn translate(t: &mut FuncTranslator<'_, '_, '_>, op: &Operator<'_>) -> Handled {
    let Some(truncation) = truncation(op) else {
        return Ok(false);
    };
    let x = t.pop().into_float_value();
    let result = if truncation.saturating {
        saturate(t, truncation, x)?
    } else {
        truncate_checked(t, truncation, x)?
    };
    t.push(result);
    Ok(true)
}

/// The truncation `op` performs, if it is one.
fn truncation(op: &Operator<'_>) -> Option<Truncation> {
    use Operator::*;
    let (int_bits, signed, saturating) = match op {
        I32TruncF32S | I32TruncF64S => (32, true, false),
        I32TruncF32U | I32TruncF64U => (32, false, false),
        I64TruncF32S | I64TruncF64S => (64, true, false),
        I64TruncF32U | I64TruncF64U => (64, false, false),
        I32TruncSatF32S | I32TruncSatF64S => (32, true, true),
        I32TruncSatF32U | I32TruncSatF64U => (32, false, true),
        I64TruncSatF32S | I64TruncSatF64S => (64, true, true),
        I64TruncSatF32U | I64TruncSatF64U => (64, false, true),
        _ => return None,
    };
    Some(Truncation {
        int_bits,
        signed,
        saturating,
    })
}

/// `llvm.fptosi.sat` or `llvm.fptoui.sat`.
fn saturate<'ctx>(
    t: &FuncTranslator<'ctx, '_, '_>,
    truncation: Truncation,
    x: FloatValue<'ctx>,
) -> Result<IntValue<'ctx>, CompileError> {
    let name = if truncation.signed {
        "llvm.fptosi.sat"
    } else {
        "llvm.fptoui.sat"
    };
    let int_ty = t.int_type(truncation.int_bits);
    let result = t.call_intrinsic(name, &[int_ty.into(), x.get_type().into()], &[x.into()])?;
    Ok(result.into_int_value())
}

/// `fptosi`/`fptoui` after trapping on NaN and out-of-range operands.
fn truncate_checked<'ctx>(
    t: &mut FuncTranslator<'ctx, '_, '_>,
    truncation: Truncation,
    x: FloatValue<'ctx>,
) -> Result<IntValue<'ctx>, CompileError> {
    let ty = x.get_type();
    let bounds = Bounds::new(
        truncation.int_bits,
        truncation.signed,
        t.significand_bits(ty),
    );
    let b = &t.builder;
    let lower_predicate = if bounds.lower_inclusive {
        FloatPredicate::OGE
    } else {
        FloatPredicate::OGT
    };
    // Ordered comparisons: both are false for NaN.
    let above_lower = b.build_float_compare(
        lower_predicate,
        x,
        ty.const_float(bounds.lower),
        "above_lower",
    )?;
    let below_upper = b.build_float_compare(
        FloatPredicate::OLT,
        x,
        ty.const_float(bounds.upper),
        "below_upper",
    )?;
    let in_range = b.build_and(above_lower, below_upper, "in_range")?;
    let is_nan = b.build_float_compare(FloatPredicate::UNO, x, x, "is_nan")?;
    t.trap_if(is_nan, TrapCode::BadConversionToInteger)?;
    let out_of_range = t.builder.build_not(in_range, "out_of_range")?;
    t.trap_if(out_of_range, TrapCode::IntegerOverflow)?;
    let int_ty = t.int_type(truncation.int_bits);
    Ok(if truncation.signed {
        t.builder.build_float_to_signed_int(x, int_ty, "trunc_s")?
    } else {
        t.builder
            .build_float_to_unsigned_int(x, int_ty, "trunc_u")?
    })
}

/// The floats that truncate (toward zero) to an integer of the target
/// type: `lower < x < upper`, or `lower <= x < upper` when
/// `lower_inclusive`. Every bound is exactly representable in the source
/// float type.
#[derive(Debug, PartialEq)]
struct Bounds {
    lower: f64,
    lower_inclusive: bool,
    upper: f64,
}

impl Bounds {
    /// Bounds for an `int_bits`-bit integer (signed or not) from a float
    /// with `significand_bits` significand bits.
    fn new(int_bits: u32, signed: bool, significand_bits: u32) -> Bounds {
        if !signed {
            // (-1, 0] truncates to 0.
            return Bounds {
                lower: -1.0,
                lower_inclusive: false,
                upper: 2f64.powi(int_bits as i32),
            };
        }
        let min = -(2f64.powi(int_bits as i32 - 1));
        let upper = -min;
        // (min - 1, min] truncates to min. `min - 1` needs `int_bits`
        // significand bits; without them no float lies strictly between
        // `min - 1` and `min`, and `min` itself is the inclusive bound.
        if int_bits <= significand_bits {
            Bounds {
                lower: min - 1.0,
                lower_inclusive: false,
                upper,
            }
        } else {
            Bounds {
                lower: min,
                lower_inclusive: true,
                upper,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Bounds;

    const F32: u32 = f32::MANTISSA_DIGITS;
    const F64: u32 = f64::MANTISSA_DIGITS;

    fn accepts(bounds: &Bounds, x: f64) -> bool {
        let above = if bounds.lower_inclusive {
            x >= bounds.lower
        } else {
            x > bounds.lower
        };
        above && x < bounds.upper
    }

    #[test]
    fn i32_from_f32_signed_accepts_min_but_not_two_to_the_31() {
        let b = Bounds::new(32, true, F32);
        assert!(accepts(&b, -2147483648.0));
        assert!(!accepts(&b, 2147483648.0));
        assert!(accepts(&b, 2147483520.0)); // largest f32 below 2^31
        assert!(!accepts(
            &b,
            f64::from(f32::from_bits((-2147483648.0f32).to_bits() + 1))
        ));
        assert_eq!(b.lower as f32 as f64, b.lower, "bound is an f32");
    }

    #[test]
    fn i32_from_f64_signed_accepts_down_to_just_above_min_minus_one() {
        let b = Bounds::new(32, true, F64);
        assert!(accepts(&b, -2147483648.9));
        assert!(!accepts(&b, -2147483649.0));
        assert!(accepts(&b, 2147483647.9));
        assert!(!accepts(&b, 2147483648.0));
    }

    #[test]
    fn i64_signed_bounds_are_powers_of_two() {
        for bits in [F32, F64] {
            let b = Bounds::new(64, true, bits);
            assert_eq!(
                b,
                Bounds {
                    lower: -9223372036854775808.0,
                    lower_inclusive: true,
                    upper: 9223372036854775808.0
                }
            );
        }
    }

    #[test]
    fn unsigned_accepts_minus_one_exclusive_to_two_to_the_n() {
        for bits in [F32, F64] {
            let b = Bounds::new(32, false, bits);
            assert!(accepts(&b, -0.9));
            assert!(accepts(&b, -0.0));
            assert!(!accepts(&b, -1.0));
            assert!(accepts(&b, 4294967295.0));
            assert!(!accepts(&b, 4294967296.0));
            let b = Bounds::new(64, false, bits);
            assert!(!accepts(&b, 18446744073709551616.0));
            assert!(accepts(&b, 18446742974197923840.0)); // largest f32 below 2^64
        }
    }

    #[test]
    fn nan_is_rejected() {
        for (int_bits, signed, float_bits) in [
            (32, true, F32),
            (32, false, F64),
            (64, true, F64),
            (64, false, F32),
        ] {
            assert!(!accepts(
                &Bounds::new(int_bits, signed, float_bits),
                f64::NAN
            ));
        }
    }
}
