//! `v128.const`, splats, lane extraction and replacement,
//! `i8x16.shuffle` and `i8x16.swizzle`.

use super::super::{FuncTranslator, Handled};
use super::{binary, Shape};
use crate::CompileError;
use inkwell::types::VectorType;
use inkwell::values::{BasicValueEnum, IntValue};
use inkwell::IntPredicate;
use wasmparser::Operator;

/// How an extracted lane becomes a stack value.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Widen {
    None,
    Signed,
    Unsigned,
}

/// Translate a lane operator; `Ok(false)` if `op` is not one.
pub(super) fn translate(t: &mut FuncTranslator<'_, '_, '_>, op: &Operator<'_>) -> Handled {
    use Operator::*;
    use Shape::*;
    match *op {
        V128Const { value } => {
            let bits = value.i128() as u128;
            let i64t = t.cx.types.i64;
            let lanes = [
                i64t.const_int(bits as u64, false),
                i64t.const_int((bits >> 64) as u64, false),
            ];
            t.push(VectorType::const_vector(&lanes));
            Ok(true)
        }
        I8x16Splat => splat(t, I8x16),
        I16x8Splat => splat(t, I16x8),
        I32x4Splat => splat(t, I32x4),
        I64x2Splat => splat(t, I64x2),
        F32x4Splat => splat(t, F32x4),
        F64x2Splat => splat(t, F64x2),
        I8x16ExtractLaneS { lane } => extract(t, I8x16, lane, Widen::Signed),
        I8x16ExtractLaneU { lane } => extract(t, I8x16, lane, Widen::Unsigned),
        I16x8ExtractLaneS { lane } => extract(t, I16x8, lane, Widen::Signed),
        I16x8ExtractLaneU { lane } => extract(t, I16x8, lane, Widen::Unsigned),
        I32x4ExtractLane { lane } => extract(t, I32x4, lane, Widen::None),
        I64x2ExtractLane { lane } => extract(t, I64x2, lane, Widen::None),
        F32x4ExtractLane { lane } => extract(t, F32x4, lane, Widen::None),
        F64x2ExtractLane { lane } => extract(t, F64x2, lane, Widen::None),
        I8x16ReplaceLane { lane } => replace(t, I8x16, lane),
        I16x8ReplaceLane { lane } => replace(t, I16x8, lane),
        I32x4ReplaceLane { lane } => replace(t, I32x4, lane),
        I64x2ReplaceLane { lane } => replace(t, I64x2, lane),
        F32x4ReplaceLane { lane } => replace(t, F32x4, lane),
        F64x2ReplaceLane { lane } => replace(t, F64x2, lane),
        I8x16Shuffle { lanes } => binary(t, I8x16, |t, a, b| {
            let mask = t.const_mask(lanes.iter().map(|&l| l as u32));
            Ok(t.builder.build_shuffle_vector(a, b, mask, "shuffle")?)
        }),
        I8x16Swizzle => binary(t, I8x16, |t, a, indices| {
            let i8t = t.cx.types.i8;
            let mut result = t.shape_type(I8x16).const_zero();
            for lane in 0..16 {
                let at = t.cx.types.i32.const_int(lane, false);
                let index = t
                    .builder
                    .build_extract_element(indices, at, "index")?
                    .into_int_value();
                // The masked index is always in range; out-of-range indices select 0.
                let masked = t
                    .builder
                    .build_and(index, i8t.const_int(15, false), "masked")?;
                let picked = t
                    .builder
                    .build_extract_element(a, masked, "picked")?
                    .into_int_value();
                let in_range = t.builder.build_int_compare(
                    IntPredicate::ULT,
                    index,
                    i8t.const_int(16, false),
                    "in_range",
                )?;
                let value = t
                    .builder
                    .build_select(in_range, picked, i8t.const_zero(), "lane")?;
                result = t
                    .builder
                    .build_insert_element(result, value, at, "swizzled")?;
            }
            Ok(result)
        }),
        _ => Ok(false),
    }
}

/// A scalar stack value narrowed to the lane type of `shape`.
pub(super) fn to_lane<'ctx>(
    t: &FuncTranslator<'ctx, '_, '_>,
    value: BasicValueEnum<'ctx>,
    shape: Shape,
) -> Result<BasicValueEnum<'ctx>, CompileError> {
    match shape {
        Shape::I8x16 | Shape::I16x8 => {
            let lane = t.shape_type(shape).get_element_type().into_int_type();
            Ok(t.builder
                .build_int_truncate(value.into_int_value(), lane, "lane")?
                .into())
        }
        _ => Ok(value),
    }
}

/// `*x*.splat`: pop a scalar, push it in every lane.
fn splat(t: &mut FuncTranslator<'_, '_, '_>, shape: Shape) -> Handled {
    let scalar = t.pop();
    let lane = to_lane(t, scalar, shape)?;
    let vector = t.splat(lane, shape.lanes())?;
    t.push_vec(vector)?;
    Ok(true)
}

/// `*x*.extract_lane`: pop a `v128`, push lane `lane` (widened to `i32`).
fn extract(t: &mut FuncTranslator<'_, '_, '_>, shape: Shape, lane: u8, widen: Widen) -> Handled {
    let vector = t.pop_vec(shape)?;
    let at = t.cx.types.i32.const_int(lane as u64, false);
    let value = t.builder.build_extract_element(vector, at, "extracted")?;
    let value: BasicValueEnum = match widen {
        Widen::None => value,
        Widen::Signed => widen_i32(t, value.into_int_value(), true)?.into(),
        Widen::Unsigned => widen_i32(t, value.into_int_value(), false)?.into(),
    };
    t.push(value);
    Ok(true)
}

/// A narrow lane widened to `i32` (sign- or zero-extended).
fn widen_i32<'ctx>(
    t: &FuncTranslator<'ctx, '_, '_>,
    value: IntValue<'ctx>,
    signed: bool,
) -> Result<IntValue<'ctx>, CompileError> {
    let i32t = t.cx.types.i32;
    Ok(if signed {
        t.builder.build_int_s_extend(value, i32t, "sext")?
    } else {
        t.builder.build_int_z_extend(value, i32t, "zext")?
    })
}

/// `*x*.replace_lane`: pop a scalar and a `v128`, push the vector with lane
/// `lane` replaced.
fn replace(t: &mut FuncTranslator<'_, '_, '_>, shape: Shape, lane: u8) -> Handled {
    let scalar = t.pop();
    let vector = t.pop_vec(shape)?;
    let value = to_lane(t, scalar, shape)?;
    let at = t.cx.types.i32.const_int(lane as u64, false);
    let result = t
        .builder
        .build_insert_element(vector, value, at, "replaced")?;
    t.push_vec(result)?;
    Ok(true)
}
