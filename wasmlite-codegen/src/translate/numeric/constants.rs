//! `i32.const`, `i64.const`, `f32.const`, `f64.const`.
//!
//! Float constants are built from their bit patterns, so every NaN payload
//! (signalling ones included) and the sign of zero are kept exactly.

use super::super::{FuncTranslator, Handled};
use inkwell::values::BasicValueEnum;
use wasmparser::Operator;

/// Translate a constant; `Ok(false)` if `op` is not one.
pub(super) fn translate(t: &mut FuncTranslator<'_, '_, '_>, op: &Operator<'_>) -> Handled {
    let types = &t.cx.types;
    let value: BasicValueEnum = match op {
        Operator::I32Const { value } => types.i32.const_int(*value as u32 as u64, false).into(),
        Operator::I64Const { value } => types.i64.const_int(*value as u64, false).into(),
        Operator::F32Const { value } => t.float_from_bits(types.f32, value.bits() as u64)?.into(),
        Operator::F64Const { value } => t.float_from_bits(types.f64, value.bits())?.into(),
        _ => return Ok(false),
    };
    t.push(value);
    Ok(true)
}
