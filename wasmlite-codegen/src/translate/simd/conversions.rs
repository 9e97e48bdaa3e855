//! Lane conversions: integer narrowing (saturating) and widening
//! (`extend_low/high`, `extmul`, `extadd_pairwise`), float/int
//! conversions (`trunc_sat` with `llvm.fpto[su]i.sat`, `convert`), and
//! `demote_f64x2_zero` / `promote_low_f32x4`.

use super::super::{FuncTranslator, Handled};
use super::int_arith::{pairwise_add, wide_splat, widen};
use super::{binary, unary, Shape};
use crate::CompileError;
use inkwell::values::VectorValue;
use wasmparser::Operator;

/// Which half of a vector.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Half {
    Low,
    High,
}

/// Translate a conversion; `Ok(false)` if `op` is not one.
pub(super) fn translate(t: &mut FuncTranslator<'_, '_, '_>, op: &Operator<'_>) -> Handled {
    use Half::{High, Low};
    use Operator::*;
    use Shape::*;
    match *op {
        I16x8ExtendLowI8x16S => extend(t, I8x16, Low, true),
        I16x8ExtendHighI8x16S => extend(t, I8x16, High, true),
        I16x8ExtendLowI8x16U => extend(t, I8x16, Low, false),
        I16x8ExtendHighI8x16U => extend(t, I8x16, High, false),
        I32x4ExtendLowI16x8S => extend(t, I16x8, Low, true),
        I32x4ExtendHighI16x8S => extend(t, I16x8, High, true),
        I32x4ExtendLowI16x8U => extend(t, I16x8, Low, false),
        I32x4ExtendHighI16x8U => extend(t, I16x8, High, false),
        I64x2ExtendLowI32x4S => extend(t, I32x4, Low, true),
        I64x2ExtendHighI32x4S => extend(t, I32x4, High, true),
        I64x2ExtendLowI32x4U => extend(t, I32x4, Low, false),
        I64x2ExtendHighI32x4U => extend(t, I32x4, High, false),
        I16x8ExtMulLowI8x16S => extmul(t, I8x16, Low, true),
        I16x8ExtMulHighI8x16S => extmul(t, I8x16, High, true),
        I16x8ExtMulLowI8x16U => extmul(t, I8x16, Low, false),
        I16x8ExtMulHighI8x16U => extmul(t, I8x16, High, false),
        I32x4ExtMulLowI16x8S => extmul(t, I16x8, Low, true),
        I32x4ExtMulHighI16x8S => extmul(t, I16x8, High, true),
        I32x4ExtMulLowI16x8U => extmul(t, I16x8, Low, false),
        I32x4ExtMulHighI16x8U => extmul(t, I16x8, High, false),
        I64x2ExtMulLowI32x4S => extmul(t, I32x4, Low, true),
        I64x2ExtMulHighI32x4S => extmul(t, I32x4, High, true),
        I64x2ExtMulLowI32x4U => extmul(t, I32x4, Low, false),
        I64x2ExtMulHighI32x4U => extmul(t, I32x4, High, false),
        I16x8ExtAddPairwiseI8x16S => unary(t, I8x16, |t, a| pairwise_add(t, widen(t, a, true)?)),
        I16x8ExtAddPairwiseI8x16U => unary(t, I8x16, |t, a| pairwise_add(t, widen(t, a, false)?)),
        I32x4ExtAddPairwiseI16x8S => unary(t, I16x8, |t, a| pairwise_add(t, widen(t, a, true)?)),
        I32x4ExtAddPairwiseI16x8U => unary(t, I16x8, |t, a| pairwise_add(t, widen(t, a, false)?)),
        I8x16NarrowI16x8S | I8x16NarrowI16x8U | I16x8NarrowI32x4S | I16x8NarrowI32x4U => {
            let wide = if Shape::of(op) == I8x16 { I16x8 } else { I32x4 };
            let signed = matches!(op, I8x16NarrowI16x8S | I16x8NarrowI32x4S);
            binary(t, wide, |t, a, b| narrow(t, wide, a, b, signed))
        }
        I32x4TruncSatF32x4S => unary(t, F32x4, |t, a| trunc_sat(t, a, "llvm.fptosi.sat")),
        I32x4TruncSatF32x4U => unary(t, F32x4, |t, a| trunc_sat(t, a, "llvm.fptoui.sat")),
        I32x4TruncSatF64x2SZero => unary(t, F64x2, |t, a| {
            let two = trunc_sat(t, a, "llvm.fptosi.sat")?;
            zero_extend_lanes(t, two)
        }),
        I32x4TruncSatF64x2UZero => unary(t, F64x2, |t, a| {
            let two = trunc_sat(t, a, "llvm.fptoui.sat")?;
            zero_extend_lanes(t, two)
        }),
        F32x4ConvertI32x4S => unary(t, I32x4, |t, a| {
            Ok(t.builder
                .build_signed_int_to_float(a, t.shape_type(F32x4), "convert_s")?)
        }),
        F32x4ConvertI32x4U => unary(t, I32x4, |t, a| {
            Ok(t.builder
                .build_unsigned_int_to_float(a, t.shape_type(F32x4), "convert_u")?)
        }),
        F64x2ConvertLowI32x4S => unary(t, I32x4, |t, a| {
            let low = t.lane_range(a, 0, 2)?;
            Ok(t.builder
                .build_signed_int_to_float(low, t.shape_type(F64x2), "convert_s")?)
        }),
        F64x2ConvertLowI32x4U => unary(t, I32x4, |t, a| {
            let low = t.lane_range(a, 0, 2)?;
            Ok(t.builder
                .build_unsigned_int_to_float(low, t.shape_type(F64x2), "convert_u")?)
        }),
        F32x4DemoteF64x2Zero => unary(t, F64x2, |t, a| {
            let f32x2 = t.cx.types.f32.vec_type(2);
            let demoted = t.quiet_nan(t.builder.build_float_trunc(a, f32x2, "demote")?)?;
            zero_extend_lanes(t, demoted)
        }),
        F64x2PromoteLowF32x4 => unary(t, F32x4, |t, a| {
            let low = t.lane_range(a, 0, 2)?;
            Ok(t.builder
                .build_float_ext(low, t.shape_type(F64x2), "promote")?)
        }),
        _ => Ok(false),
    }
}

/// Half (`half`) of the lanes of `v`.
fn take_half<'ctx>(
    t: &FuncTranslator<'ctx, '_, '_>,
    v: VectorValue<'ctx>,
    half: Half,
) -> Result<VectorValue<'ctx>, CompileError> {
    let count = v.get_type().get_size() / 2;
    let first = if half == Half::Low { 0 } else { count };
    t.lane_range(v, first, count)
}

/// `extend_low/high`: half the lanes of a `narrow` vector, widened.
fn extend(t: &mut FuncTranslator<'_, '_, '_>, narrow: Shape, half: Half, signed: bool) -> Handled {
    unary(t, narrow, |t, a| widen(t, take_half(t, a, half)?, signed))
}

/// `extmul_low/high`: the widened halves multiplied (cannot overflow).
fn extmul(t: &mut FuncTranslator<'_, '_, '_>, narrow: Shape, half: Half, signed: bool) -> Handled {
    binary(t, narrow, |t, a, b| {
        let wa = widen(t, take_half(t, a, half)?, signed)?;
        let wb = widen(t, take_half(t, b, half)?, signed)?;
        Ok(t.builder.build_int_mul(wa, wb, "extmul")?)
    })
}

/// `narrow_s/u`: the lanes of `a` then `b` (signed, of shape `wide`),
/// clamped to the signed or unsigned range of half the width, truncated.
fn narrow<'ctx>(
    t: &FuncTranslator<'ctx, '_, '_>,
    wide: Shape,
    a: VectorValue<'ctx>,
    b: VectorValue<'ctx>,
    signed: bool,
) -> Result<VectorValue<'ctx>, CompileError> {
    let lanes = wide.lanes();
    let both = t
        .builder
        .build_shuffle_vector(a, b, t.const_mask(0..2 * lanes), "both")?;
    let bits = wide.lane_bits() / 2;
    let (min, max) = if signed {
        ((-(1i64 << (bits - 1))) as u64, (1u64 << (bits - 1)) - 1)
    } else {
        (0, (1u64 << bits) - 1)
    };
    let low = t.lanewise_intrinsic("llvm.smax", &[both, wide_splat(both, min)])?;
    let clamped = t.lanewise_intrinsic("llvm.smin", &[low, wide_splat(both, max)])?;
    let narrow_type = t.lane_int(bits).vec_type(2 * lanes);
    Ok(t.builder
        .build_int_truncate(clamped, narrow_type, "narrow")?)
}

/// Saturating float-to-`i32` conversion of every lane (NaN gives 0).
fn trunc_sat<'ctx>(
    t: &FuncTranslator<'ctx, '_, '_>,
    a: VectorValue<'ctx>,
    name: &str,
) -> Result<VectorValue<'ctx>, CompileError> {
    let result = t.cx.types.i32.vec_type(a.get_type().get_size());
    t.vector_intrinsic(name, &[result.into(), a.get_type().into()], &[a.into()])
}

/// A two-lane vector followed by two zero lanes.
fn zero_extend_lanes<'ctx>(
    t: &FuncTranslator<'ctx, '_, '_>,
    two: VectorValue<'ctx>,
) -> Result<VectorValue<'ctx>, CompileError> {
    let zero = two.get_type().const_zero();
    Ok(t.builder
        .build_shuffle_vector(two, zero, t.const_mask(0..4), "zero_high")?)
}
