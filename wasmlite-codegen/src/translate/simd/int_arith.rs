//! Integer lane arithmetic and bit operations: add/sub/mul/neg, saturating
//! add/sub, min/max, `avgr_u`, abs, popcnt, shifts, `q15mulr_sat_s`,
//! `i32x4.dot_i16x8_s`, the whole-vector bitwise operators and the
//! boolean reductions (`any_true`, `all_true`, `bitmask`).

use super::super::{FuncTranslator, Handled};
use super::{binary, unary, Shape};
use crate::CompileError;
use inkwell::values::{BasicValueEnum, IntValue, VectorValue};
use inkwell::IntPredicate;
use wasmparser::Operator;

/// Translate an integer lane operator; `Ok(false)` if `op` is not one.
pub(super) fn translate(t: &mut FuncTranslator<'_, '_, '_>, op: &Operator<'_>) -> Handled {
    use Operator::*;
    use Shape::*;
    match *op {
        I8x16Add | I16x8Add | I32x4Add | I64x2Add => binary(t, Shape::of(op), |t, a, b| {
            Ok(t.builder.build_int_add(a, b, "add")?)
        }),
        I8x16Sub | I16x8Sub | I32x4Sub | I64x2Sub => binary(t, Shape::of(op), |t, a, b| {
            Ok(t.builder.build_int_sub(a, b, "sub")?)
        }),
        I16x8Mul | I32x4Mul | I64x2Mul => binary(t, Shape::of(op), |t, a, b| {
            Ok(t.builder.build_int_mul(a, b, "mul")?)
        }),
        I8x16Neg | I16x8Neg | I32x4Neg | I64x2Neg => unary(t, Shape::of(op), |t, a| {
            Ok(t.builder.build_int_neg(a, "neg")?)
        }),
        I8x16AddSatS | I16x8AddSatS => intrinsic2(t, Shape::of(op), "llvm.sadd.sat"),
        I8x16AddSatU | I16x8AddSatU => intrinsic2(t, Shape::of(op), "llvm.uadd.sat"),
        I8x16SubSatS | I16x8SubSatS => intrinsic2(t, Shape::of(op), "llvm.ssub.sat"),
        I8x16SubSatU | I16x8SubSatU => intrinsic2(t, Shape::of(op), "llvm.usub.sat"),
        I8x16MinS | I16x8MinS | I32x4MinS => intrinsic2(t, Shape::of(op), "llvm.smin"),
        I8x16MinU | I16x8MinU | I32x4MinU => intrinsic2(t, Shape::of(op), "llvm.umin"),
        I8x16MaxS | I16x8MaxS | I32x4MaxS => intrinsic2(t, Shape::of(op), "llvm.smax"),
        I8x16MaxU | I16x8MaxU | I32x4MaxU => intrinsic2(t, Shape::of(op), "llvm.umax"),
        I8x16AvgrU | I16x8AvgrU => binary(t, Shape::of(op), avgr_u),
        I8x16Abs | I16x8Abs | I32x4Abs | I64x2Abs => unary(t, Shape::of(op), |t, a| {
            let not_poison = t.cx.context.bool_type().const_zero();
            t.vector_intrinsic(
                "llvm.abs",
                &[a.get_type().into()],
                &[a.into(), not_poison.into()],
            )
        }),
        I8x16Popcnt => unary(t, I8x16, |t, a| t.lanewise_intrinsic("llvm.ctpop", &[a])),
        I8x16Shl | I16x8Shl | I32x4Shl | I64x2Shl => shift(t, Shape::of(op), Shift::Left),
        I8x16ShrS | I16x8ShrS | I32x4ShrS | I64x2ShrS => shift(t, Shape::of(op), Shift::Arithmetic),
        I8x16ShrU | I16x8ShrU | I32x4ShrU | I64x2ShrU => shift(t, Shape::of(op), Shift::Logical),
        I16x8Q15MulrSatS => binary(t, I16x8, q15mulr_sat_s),
        I32x4DotI16x8S => binary(t, I16x8, dot_i16x8_s),
        V128Not => unary(t, I64x2, |t, a| Ok(t.builder.build_not(a, "not")?)),
        V128And => binary(t, I64x2, |t, a, b| Ok(t.builder.build_and(a, b, "and")?)),
        V128Or => binary(t, I64x2, |t, a, b| Ok(t.builder.build_or(a, b, "or")?)),
        V128Xor => binary(t, I64x2, |t, a, b| Ok(t.builder.build_xor(a, b, "xor")?)),
        V128AndNot => binary(t, I64x2, |t, a, b| {
            let not_b = t.builder.build_not(b, "not")?;
            Ok(t.builder.build_and(a, not_b, "andnot")?)
        }),
        V128Bitselect => {
            let mask = t.pop_vec(I64x2)?;
            binary(t, I64x2, |t, a, b| {
                let from_a = t.builder.build_and(a, mask, "from_a")?;
                let not_mask = t.builder.build_not(mask, "not_mask")?;
                let from_b = t.builder.build_and(b, not_mask, "from_b")?;
                Ok(t.builder.build_or(from_a, from_b, "bitselect")?)
            })
        }
        V128AnyTrue => {
            let v = t.pop();
            let i128t = t.cx.types.i128;
            let bits = t.builder.build_bit_cast(v, i128t, "bits")?.into_int_value();
            let any = t.builder.build_int_compare(
                IntPredicate::NE,
                bits,
                i128t.const_zero(),
                "any_true",
            )?;
            push_bool(t, any)
        }
        I8x16AllTrue | I16x8AllTrue | I32x4AllTrue | I64x2AllTrue => {
            let shape = Shape::of(op);
            let v = t.pop_vec(shape)?;
            let zero = t.shape_type(shape).const_zero();
            let nonzero = t
                .builder
                .build_int_compare(IntPredicate::NE, v, zero, "nonzero")?;
            let bits = lane_bits_to_int(t, nonzero, shape)?;
            let all_ones = bits.get_type().const_all_ones();
            let all = t
                .builder
                .build_int_compare(IntPredicate::EQ, bits, all_ones, "all_true")?;
            push_bool(t, all)
        }
        I8x16Bitmask | I16x8Bitmask | I32x4Bitmask | I64x2Bitmask => {
            let shape = Shape::of(op);
            let v = t.pop_vec(shape)?;
            let zero = t.shape_type(shape).const_zero();
            let negative = t
                .builder
                .build_int_compare(IntPredicate::SLT, v, zero, "negative")?;
            let bits = lane_bits_to_int(t, negative, shape)?;
            let mask = t
                .builder
                .build_int_z_extend(bits, t.cx.types.i32, "bitmask")?;
            t.push(mask);
            Ok(true)
        }
        _ => Ok(false),
    }
}

/// Push the `i1` `condition` as an `i32` 0 or 1.
fn push_bool<'ctx>(t: &mut FuncTranslator<'ctx, '_, '_>, condition: IntValue<'ctx>) -> Handled {
    let value: BasicValueEnum = t
        .builder
        .build_int_z_extend(condition, t.cx.types.i32, "bool")?
        .into();
    t.push(value);
    Ok(true)
}

/// An `<n x i1>` vector as the `i<n>` whose bit `k` is lane `k`.
fn lane_bits_to_int<'ctx>(
    t: &FuncTranslator<'ctx, '_, '_>,
    bits: VectorValue<'ctx>,
    shape: Shape,
) -> Result<IntValue<'ctx>, CompileError> {
    let width = std::num::NonZeroU32::new(shape.lanes()).expect("a vector has lanes");
    let int = t.cx.context.custom_width_int_type(width);
    let int = int.map_err(|e| CompileError::Llvm(e.to_string()))?;
    Ok(t.builder
        .build_bit_cast(bits, int, "lane_bits")?
        .into_int_value())
}

/// A binary operator that is one lanewise intrinsic.
fn intrinsic2(t: &mut FuncTranslator<'_, '_, '_>, shape: Shape, name: &str) -> Handled {
    binary(t, shape, |t, a, b| t.lanewise_intrinsic(name, &[a, b]))
}

/// Lanes of `v` extended to twice their width.
pub(super) fn widen<'ctx>(
    t: &FuncTranslator<'ctx, '_, '_>,
    v: VectorValue<'ctx>,
    signed: bool,
) -> Result<VectorValue<'ctx>, CompileError> {
    let lane_bits = v
        .get_type()
        .get_element_type()
        .into_int_type()
        .get_bit_width();
    let wide = t.lane_int(lane_bits * 2).vec_type(v.get_type().get_size());
    Ok(if signed {
        t.builder.build_int_s_extend(v, wide, "sext")?
    } else {
        t.builder.build_int_z_extend(v, wide, "zext")?
    })
}

/// `avgr_u`: `(a + b + 1) >> 1` computed without overflow in double width.
fn avgr_u<'ctx>(
    t: &FuncTranslator<'ctx, '_, '_>,
    a: VectorValue<'ctx>,
    b: VectorValue<'ctx>,
) -> Result<VectorValue<'ctx>, CompileError> {
    let wa = widen(t, a, false)?;
    let wb = widen(t, b, false)?;
    let wide_ones = wide_splat(wa, 1);
    let sum = t.builder.build_int_add(wa, wb, "sum")?;
    let sum = t.builder.build_int_add(sum, wide_ones, "sum_1")?;
    let half = t.builder.build_right_shift(sum, wide_ones, false, "half")?;
    Ok(t.builder.build_int_truncate(half, a.get_type(), "avgr")?)
}

/// A constant vector of the type of `like` with every lane `value`.
pub(super) fn wide_splat<'ctx>(like: VectorValue<'ctx>, value: u64) -> VectorValue<'ctx> {
    let lane = like.get_type().get_element_type().into_int_type();
    let lanes: Vec<_> = (0..like.get_type().get_size())
        .map(|_| lane.const_int(value, false))
        .collect();
    inkwell::types::VectorType::const_vector(&lanes)
}

/// Which shift.
#[derive(Clone, Copy)]
enum Shift {
    Left,
    Arithmetic,
    Logical,
}

/// A shift by an `i32` count taken modulo the lane width.
fn shift(t: &mut FuncTranslator<'_, '_, '_>, shape: Shape, kind: Shift) -> Handled {
    let count = t.pop_int();
    let masked = t.builder.build_and(
        count,
        t.cx.types
            .i32
            .const_int(shape.lane_bits() as u64 - 1, false),
        "count",
    )?;
    let lane = t.lane_int(shape.lane_bits());
    let count = if shape.lane_bits() < 32 {
        t.builder.build_int_truncate(masked, lane, "count")?
    } else if shape.lane_bits() > 32 {
        t.builder.build_int_z_extend(masked, lane, "count")?
    } else {
        masked
    };
    let counts = t.splat(count.into(), shape.lanes())?;
    unary(t, shape, |t, a| {
        Ok(match kind {
            Shift::Left => t.builder.build_left_shift(a, counts, "shl")?,
            Shift::Arithmetic => t.builder.build_right_shift(a, counts, true, "shr_s")?,
            Shift::Logical => t.builder.build_right_shift(a, counts, false, "shr_u")?,
        })
    })
}

/// `i16x8.q15mulr_sat_s`: `sat16((a * b + 0x4000) >> 15)`.
fn q15mulr_sat_s<'ctx>(
    t: &FuncTranslator<'ctx, '_, '_>,
    a: VectorValue<'ctx>,
    b: VectorValue<'ctx>,
) -> Result<VectorValue<'ctx>, CompileError> {
    let wa = widen(t, a, true)?;
    let wb = widen(t, b, true)?;
    let product = t.builder.build_int_mul(wa, wb, "product")?;
    let rounded = t
        .builder
        .build_int_add(product, wide_splat(wa, 0x4000), "rounded")?;
    let shifted = t
        .builder
        .build_right_shift(rounded, wide_splat(wa, 15), true, "q15")?;
    let clamped = t.lanewise_intrinsic("llvm.smin", &[shifted, wide_splat(wa, 0x7fff)])?;
    Ok(t.builder
        .build_int_truncate(clamped, a.get_type(), "q15mulr")?)
}

/// `i32x4.dot_i16x8_s`: sums of adjacent products, wrapping.
fn dot_i16x8_s<'ctx>(
    t: &FuncTranslator<'ctx, '_, '_>,
    a: VectorValue<'ctx>,
    b: VectorValue<'ctx>,
) -> Result<VectorValue<'ctx>, CompileError> {
    let wa = widen(t, a, true)?;
    let wb = widen(t, b, true)?;
    let products = t.builder.build_int_mul(wa, wb, "products")?;
    pairwise_add(t, products)
}

/// Lane `k` of the result is `v[2k] + v[2k + 1]` (wrapping).
pub(super) fn pairwise_add<'ctx>(
    t: &FuncTranslator<'ctx, '_, '_>,
    v: VectorValue<'ctx>,
) -> Result<VectorValue<'ctx>, CompileError> {
    let half = v.get_type().get_size() / 2;
    let undef = v.get_type().get_undef();
    let even =
        t.builder
            .build_shuffle_vector(v, undef, t.const_mask((0..half).map(|i| 2 * i)), "even")?;
    let odd = t.builder.build_shuffle_vector(
        v,
        undef,
        t.const_mask((0..half).map(|i| 2 * i + 1)),
        "odd",
    )?;
    Ok(t.builder.build_int_add(even, odd, "pairwise")?)
}
