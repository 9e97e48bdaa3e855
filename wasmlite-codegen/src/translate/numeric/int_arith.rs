//! Integer arithmetic and bit operations (both widths): `add`, `sub`,
//! `mul`, `and`, `or`, `xor`, shifts, rotates, `clz`, `ctz`, `popcnt` and
//! the sign-extension operators `extend8_s`, `extend16_s`, `extend32_s`.
//! Division and remainder are in `int_division.rs`.

use super::super::{FuncTranslator, Handled};
use super::{binary_int, unary_int};
use crate::CompileError;
use inkwell::values::{BasicValueEnum, IntValue};
use wasmparser::Operator;

/// Translate an integer arithmetic or bit operator; `Ok(false)` if `op` is
/// not one.
pub(super) fn translate(t: &mut FuncTranslator<'_, '_, '_>, op: &Operator<'_>) -> Handled {
    use Operator::*;
    match op {
        I32Add | I64Add => binary_int(t, |t, l, r| t.builder.build_int_add(l, r, "add"))?,
        I32Sub | I64Sub => binary_int(t, |t, l, r| t.builder.build_int_sub(l, r, "sub"))?,
        I32Mul | I64Mul => binary_int(t, |t, l, r| t.builder.build_int_mul(l, r, "mul"))?,
        I32And | I64And => binary_int(t, |t, l, r| t.builder.build_and(l, r, "and"))?,
        I32Or | I64Or => binary_int(t, |t, l, r| t.builder.build_or(l, r, "or"))?,
        I32Xor | I64Xor => binary_int(t, |t, l, r| t.builder.build_xor(l, r, "xor"))?,
        I32Shl | I64Shl => binary_int(t, |t, l, r| shift(t, Shift::Left, l, r))?,
        I32ShrS | I64ShrS => binary_int(t, |t, l, r| shift(t, Shift::RightSigned, l, r))?,
        I32ShrU | I64ShrU => binary_int(t, |t, l, r| shift(t, Shift::RightUnsigned, l, r))?,
        // A rotate is a funnel shift of the value with itself; funnel
        // shifts take their count modulo the bit width.
        I32Rotl | I64Rotl => binary_int(t, |t, l, r| funnel_shift(t, "llvm.fshl", l, r))?,
        I32Rotr | I64Rotr => binary_int(t, |t, l, r| funnel_shift(t, "llvm.fshr", l, r))?,
        I32Clz | I64Clz => unary_int(t, |t, x| count_zeros(t, "llvm.ctlz", x))?,
        I32Ctz | I64Ctz => unary_int(t, |t, x| count_zeros(t, "llvm.cttz", x))?,
        I32Popcnt | I64Popcnt => unary_int(t, |t, x| {
            t.call_intrinsic("llvm.ctpop", &[x.get_type().into()], &[x.into()])
        })?,
        I32Extend8S | I64Extend8S => unary_int(t, |t, x| sign_extend_low_bits(t, x, 8))?,
        I32Extend16S | I64Extend16S => unary_int(t, |t, x| sign_extend_low_bits(t, x, 16))?,
        I64Extend32S => unary_int(t, |t, x| sign_extend_low_bits(t, x, 32))?,
        _ => return Ok(false),
    }
    Ok(true)
}

/// Which shift.
#[derive(Clone, Copy)]
enum Shift {
    Left,
    RightSigned,
    RightUnsigned,
}

/// `x` shifted by `count` modulo its bit width, as wasm specifies (LLVM
/// shifts by the width or more are poison).
fn shift<'ctx>(
    t: &FuncTranslator<'ctx, '_, '_>,
    shift: Shift,
    x: IntValue<'ctx>,
    count: IntValue<'ctx>,
) -> Result<IntValue<'ctx>, CompileError> {
    let ty = count.get_type();
    let mask = ty.const_int(ty.get_bit_width() as u64 - 1, false);
    let count = t.builder.build_and(count, mask, "shift_count")?;
    let b = &t.builder;
    Ok(match shift {
        Shift::Left => b.build_left_shift(x, count, "shl")?,
        Shift::RightSigned => b.build_right_shift(x, count, true, "shr_s")?,
        Shift::RightUnsigned => b.build_right_shift(x, count, false, "shr_u")?,
    })
}

/// `llvm.fshl(x, x, count)` or `llvm.fshr(x, x, count)`: a rotate.
fn funnel_shift<'ctx>(
    t: &FuncTranslator<'ctx, '_, '_>,
    name: &str,
    x: IntValue<'ctx>,
    count: IntValue<'ctx>,
) -> Result<BasicValueEnum<'ctx>, CompileError> {
    t.call_intrinsic(
        name,
        &[x.get_type().into()],
        &[x.into(), x.into(), count.into()],
    )
}

/// `llvm.ctlz` or `llvm.cttz` with a defined result (the bit width) for 0.
fn count_zeros<'ctx>(
    t: &FuncTranslator<'ctx, '_, '_>,
    name: &str,
    x: IntValue<'ctx>,
) -> Result<BasicValueEnum<'ctx>, CompileError> {
    let is_zero_poison = t.cx.context.bool_type().const_zero();
    t.call_intrinsic(
        name,
        &[x.get_type().into()],
        &[x.into(), is_zero_poison.into()],
    )
}

/// Sign-extend the low `bits` bits of `x` to the full width of `x`.
fn sign_extend_low_bits<'ctx>(
    t: &FuncTranslator<'ctx, '_, '_>,
    x: IntValue<'ctx>,
    bits: u32,
) -> Result<IntValue<'ctx>, CompileError> {
    let narrow = t.int_type(bits);
    let low = t.builder.build_int_truncate(x, narrow, "low_bits")?;
    Ok(t.builder
        .build_int_s_extend(low, x.get_type(), "sign_extended")?)
}
