//! Relaxed SIMD: each instruction is given one deterministic meaning, so a
//! compiled module computes the same results on every CPU it runs on (the
//! table is in ARCHITECTURE.md, "Relaxed SIMD").
//!
//! Most are translated as their deterministic counterpart (swizzle and
//! Q15 multiplication are one `pshufb`/`pmulhrsw` where the target has
//! SSSE3;
//! saturating truncation, `bitselect`, NaN-propagating `min`/`max`,
//! saturating Q15 multiplication). `madd`/`nmadd` are fused when the
//! compile target has FMA and unfused otherwise: a choice made when the
//! module is compiled, never by the CPU it later runs on. The dot products
//! multiply signed by signed and add adjacent products with 16-bit
//! saturation.

use super::super::float_folds::FloatArith;
use super::super::{FuncTranslator, Handled};
use super::int_arith::{pairwise_add, widen};
use super::Shape;
use crate::CompileError;
use inkwell::values::VectorValue;
use wasmparser::Operator;

/// Translate a relaxed SIMD operator; `Ok(false)` if `op` is not one.
pub(super) fn translate(t: &mut FuncTranslator<'_, '_, '_>, op: &Operator<'_>) -> Handled {
    use Operator::*;
    if t.cx.target.x86_ssse3 {
        match op {
            I8x16RelaxedSwizzle => return super::binary(t, Shape::I8x16, swizzle_pshufb),
            I16x8RelaxedQ15mulrS => return super::binary(t, Shape::I16x8, q15mulr_pmulhrsw),
            _ => {}
        }
    }
    if let Some(counterpart) = deterministic_counterpart(op) {
        return super::translate(t, &counterpart);
    }
    match op {
        F32x4RelaxedMadd | F64x2RelaxedMadd => multiply_add(t, Shape::of(op), false),
        F32x4RelaxedNmadd | F64x2RelaxedNmadd => multiply_add(t, Shape::of(op), true),
        I16x8RelaxedDotI8x16I7x16S => {
            let b = t.pop_vec(Shape::I8x16)?;
            let a = t.pop_vec(Shape::I8x16)?;
            let dot = dot_i8x16_s(t, a, b)?;
            t.push_vec(dot)?;
            Ok(true)
        }
        I32x4RelaxedDotI8x16I7x16AddS => {
            let c = t.pop_vec(Shape::I32x4)?;
            let b = t.pop_vec(Shape::I8x16)?;
            let a = t.pop_vec(Shape::I8x16)?;
            let dot = dot_i8x16_s(t, a, b)?;
            let sums = pairwise_add(t, widen(t, dot, true)?)?;
            let result = t.builder.build_int_add(sums, c, "dot_add")?;
            t.push_vec(result)?;
            Ok(true)
        }
        _ => Ok(false),
    }
}

/// The non-relaxed instruction a relaxed one is translated as, if it has
/// one.
fn deterministic_counterpart(op: &Operator<'_>) -> Option<Operator<'static>> {
    use Operator::*;
    Some(match op {
        I8x16RelaxedSwizzle => I8x16Swizzle,
        I32x4RelaxedTruncF32x4S => I32x4TruncSatF32x4S,
        I32x4RelaxedTruncF32x4U => I32x4TruncSatF32x4U,
        I32x4RelaxedTruncF64x2SZero => I32x4TruncSatF64x2SZero,
        I32x4RelaxedTruncF64x2UZero => I32x4TruncSatF64x2UZero,
        I8x16RelaxedLaneselect
        | I16x8RelaxedLaneselect
        | I32x4RelaxedLaneselect
        | I64x2RelaxedLaneselect => V128Bitselect,
        F32x4RelaxedMin => F32x4Min,
        F32x4RelaxedMax => F32x4Max,
        F64x2RelaxedMin => F64x2Min,
        F64x2RelaxedMax => F64x2Max,
        I16x8RelaxedQ15mulrS => I16x8Q15MulrSatS,
        _ => return None,
    })
}

/// `i8x16.swizzle` semantics with one `pshufb`: adding 0x70 with unsigned
/// saturation keeps indices 0..15 in the low four bits with the top bit
/// clear, and sets the top bit (which makes `pshufb` write 0) for every
/// index from 16 up.
fn swizzle_pshufb<'ctx>(
    t: &FuncTranslator<'ctx, '_, '_>,
    a: VectorValue<'ctx>,
    indices: VectorValue<'ctx>,
) -> Result<VectorValue<'ctx>, CompileError> {
    let bias = super::int_arith::wide_splat(indices, 0x70);
    let biased = t.lanewise_intrinsic("llvm.uadd.sat", &[indices, bias])?;
    t.vector_intrinsic(
        "llvm.x86.ssse3.pshuf.b.128",
        &[],
        &[a.into(), biased.into()],
    )
}

/// `i16x8.q15mulr_sat_s` semantics with `pmulhrsw`, which computes the
/// same rounded product except for `-32768 * -32768`, where it wraps to
/// -32768 instead of saturating to 32767: flipping every bit of exactly
/// those lanes (which no other product gives) saturates them.
fn q15mulr_pmulhrsw<'ctx>(
    t: &FuncTranslator<'ctx, '_, '_>,
    a: VectorValue<'ctx>,
    b: VectorValue<'ctx>,
) -> Result<VectorValue<'ctx>, CompileError> {
    let product =
        t.vector_intrinsic("llvm.x86.ssse3.pmul.hr.sw.128", &[], &[a.into(), b.into()])?;
    let min = super::int_arith::wide_splat(product, 0x8000);
    let wrapped =
        t.builder
            .build_int_compare(inkwell::IntPredicate::EQ, product, min, "wrapped")?;
    let flip = t
        .builder
        .build_int_s_extend(wrapped, product.get_type(), "flip")?;
    Ok(t.builder.build_xor(product, flip, "q15mulr")?)
}

/// `relaxed_madd` (`a * b + c`) or `relaxed_nmadd` (`-(a * b) + c`): one
/// `llvm.fma` when the target has fused multiply-add, else a multiply
/// and an add, each rounded; NaN results quiet either way.
fn multiply_add(t: &mut FuncTranslator<'_, '_, '_>, shape: Shape, negate: bool) -> Handled {
    let c = t.pop_vec(shape)?;
    let b = t.pop_vec(shape)?;
    let a = t.pop_vec(shape)?;
    let result = if t.cx.target.fused_multiply_add {
        let a = if negate {
            t.builder.build_float_neg(a, "neg_a")?
        } else {
            a
        };
        let fused = t.lanewise_intrinsic("llvm.fma", &[a, b, c])?;
        t.quiet_nan(fused)?
    } else {
        let product = FloatArith::Mul.build(t, a, b)?;
        let sum = if negate {
            FloatArith::Sub
        } else {
            FloatArith::Add
        };
        sum.build(
            t,
            if negate { c } else { product },
            if negate { product } else { c },
        )?
    };
    t.push_vec(result)?;
    Ok(true)
}

/// `i16x8.relaxed_dot_i8x16_i7x16_s`, deterministically: lane `k` is
/// `a[2k] * b[2k] + a[2k+1] * b[2k+1]`, both operands signed, the sum
/// saturated to 16 bits (it only can overflow when `b` has lanes outside
/// the 7-bit range the instruction is meant for).
fn dot_i8x16_s<'ctx>(
    t: &FuncTranslator<'ctx, '_, '_>,
    a: VectorValue<'ctx>,
    b: VectorValue<'ctx>,
) -> Result<VectorValue<'ctx>, CompileError> {
    let products = t
        .builder
        .build_int_mul(widen(t, a, true)?, widen(t, b, true)?, "products")?;
    let half = products.get_type().get_size() / 2;
    let undef = products.get_type().get_undef();
    let even = t.builder.build_shuffle_vector(
        products,
        undef,
        t.const_mask((0..half).map(|i| 2 * i)),
        "even",
    )?;
    let odd = t.builder.build_shuffle_vector(
        products,
        undef,
        t.const_mask((0..half).map(|i| 2 * i + 1)),
        "odd",
    )?;
    t.lanewise_intrinsic("llvm.sadd.sat", &[even, odd])
}
