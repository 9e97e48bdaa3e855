//! Integer division and remainder: `div_s`, `div_u`, `rem_s`, `rem_u`.
//!
//! LLVM's `sdiv`/`udiv`/`srem`/`urem` are undefined for a zero divisor, and
//! `sdiv`/`srem` for `MIN / -1`; so the divisor is checked first:
//! a zero divisor traps with `IntegerDivisionByZero`, `MIN / -1` traps with
//! `IntegerOverflow`, and `rem_s` divides by 1 instead of -1 (`x % -1` and
//! `x % 1` are both 0 for every `x`, `MIN` included).

use super::super::{FuncTranslator, Handled};
use crate::CompileError;
use inkwell::values::IntValue;
use inkwell::IntPredicate;
use wasmlite_abi::TrapCode;
use wasmparser::Operator;

/// Which division.
#[derive(Clone, Copy)]
enum Division {
    QuotientSigned,
    QuotientUnsigned,
    RemainderSigned,
    RemainderUnsigned,
}

/// Translate a division or remainder; `Ok(false)` if `op` is not one.
pub(super) fn translate(t: &mut FuncTranslator<'_, '_, '_>, op: &Operator<'_>) -> Handled {
    use Operator::*;
    let division = match op {
        I32DivS | I64DivS => Division::QuotientSigned,
        I32DivU | I64DivU => Division::QuotientUnsigned,
        I32RemS | I64RemS => Division::RemainderSigned,
        I32RemU | I64RemU => Division::RemainderUnsigned,
        _ => return Ok(false),
    };
    let divisor = t.pop_int();
    let dividend = t.pop_int();
    let result = divide(t, division, dividend, divisor)?;
    t.push(result);
    Ok(true)
}

/// `dividend` divided by `divisor` as `division` says, with its traps.
fn divide<'ctx>(
    t: &mut FuncTranslator<'ctx, '_, '_>,
    division: Division,
    dividend: IntValue<'ctx>,
    divisor: IntValue<'ctx>,
) -> Result<IntValue<'ctx>, CompileError> {
    let ty = divisor.get_type();
    let by_zero =
        t.builder
            .build_int_compare(IntPredicate::EQ, divisor, ty.const_zero(), "by_zero")?;
    t.trap_if(by_zero, TrapCode::IntegerDivisionByZero)?;
    let b = &t.builder;
    let minus_one = ty.const_all_ones();
    Ok(match division {
        Division::QuotientSigned => {
            let min = ty.const_int(1 << (ty.get_bit_width() - 1), false);
            let is_min = b.build_int_compare(IntPredicate::EQ, dividend, min, "is_min")?;
            let by_minus_one =
                b.build_int_compare(IntPredicate::EQ, divisor, minus_one, "by_minus_one")?;
            let overflow = b.build_and(is_min, by_minus_one, "overflow")?;
            t.trap_if(overflow, TrapCode::IntegerOverflow)?;
            t.builder.build_int_signed_div(dividend, divisor, "div_s")?
        }
        Division::QuotientUnsigned => b.build_int_unsigned_div(dividend, divisor, "div_u")?,
        Division::RemainderSigned => {
            let by_minus_one =
                b.build_int_compare(IntPredicate::EQ, divisor, minus_one, "by_minus_one")?;
            let one = ty.const_int(1, false);
            let safe_divisor = b
                .build_select(by_minus_one, one, divisor, "rem_divisor")?
                .into_int_value();
            b.build_int_signed_rem(dividend, safe_divisor, "rem_s")?
        }
        Division::RemainderUnsigned => b.build_int_unsigned_rem(dividend, divisor, "rem_u")?,
    })
}
