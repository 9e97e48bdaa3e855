//! Conversions that never trap: `i32.wrap_i64`, `i64.extend_i32_s/u`,
//! `f32/f64.convert_i32/i64_s/u` (round to nearest, ties to even),
//! `f32.demote_f64`, `f64.promote_f32` and the `reinterpret`s (bit
//! casts). Float-to-integer truncations are in `float_to_int.rs`.

use super::super::{FuncTranslator, Handled};
use super::{unary, unary_float, unary_int};
use inkwell::values::BasicValueEnum;
use wasmparser::Operator;

/// Translate a conversion; `Ok(false)` if `op` is not one.
pub(super) fn translate(t: &mut FuncTranslator<'_, '_, '_>, op: &Operator<'_>) -> Handled {
    use Operator::*;
    let types = &t.cx.types;
    let (i32, i64, f32, f64) = (types.i32, types.i64, types.f32, types.f64);
    match op {
        I32WrapI64 => unary_int(t, |t, x| t.builder.build_int_truncate(x, i32, "wrap"))?,
        I64ExtendI32S => unary_int(t, |t, x| t.builder.build_int_s_extend(x, i64, "extend_s"))?,
        I64ExtendI32U => unary_int(t, |t, x| t.builder.build_int_z_extend(x, i64, "extend_u"))?,
        F32ConvertI32S | F32ConvertI64S => unary_int(t, |t, x| {
            t.builder.build_signed_int_to_float(x, f32, "convert_s")
        })?,
        F64ConvertI32S | F64ConvertI64S => unary_int(t, |t, x| {
            t.builder.build_signed_int_to_float(x, f64, "convert_s")
        })?,
        F32ConvertI32U | F32ConvertI64U => unary_int(t, |t, x| {
            t.builder.build_unsigned_int_to_float(x, f32, "convert_u")
        })?,
        F64ConvertI32U | F64ConvertI64U => unary_int(t, |t, x| {
            t.builder.build_unsigned_int_to_float(x, f64, "convert_u")
        })?,
        // LLVM folds demote(promote(x)) to x: mark the result to be a quiet
        // NaN (`translate/float_folds.rs`).
        F32DemoteF64 => unary_float(t, |t, x| {
            t.quiet_nan(t.builder.build_float_trunc(x, f32, "demote")?)
        })?,
        F64PromoteF32 => unary_float(t, |t, x| t.builder.build_float_ext(x, f64, "promote"))?,
        I32ReinterpretF32 => unary(t, |t, x: BasicValueEnum| {
            t.builder.build_bit_cast(x, i32, "reinterpret")
        })?,
        I64ReinterpretF64 => unary(t, |t, x: BasicValueEnum| {
            t.builder.build_bit_cast(x, i64, "reinterpret")
        })?,
        F32ReinterpretI32 => unary(t, |t, x: BasicValueEnum| {
            t.builder.build_bit_cast(x, f32, "reinterpret")
        })?,
        F64ReinterpretI64 => unary(t, |t, x: BasicValueEnum| {
            t.builder.build_bit_cast(x, f64, "reinterpret")
        })?,
        _ => return Ok(false),
    }
    Ok(true)
}
