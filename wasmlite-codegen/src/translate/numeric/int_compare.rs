//! Integer comparisons (both widths): `eqz`, `eq`, `ne`, `lt_s`, `lt_u`,
//! `gt_s`, `gt_u`, `le_s`, `le_u`, `ge_s`, `ge_u`. Each yields an `i32`
//! 0 or 1.

use super::super::{FuncTranslator, Handled};
use super::{binary_int, unary_int};
use crate::CompileError;
use inkwell::values::IntValue;
use inkwell::IntPredicate;
use wasmparser::Operator;

/// Translate an integer comparison; `Ok(false)` if `op` is not one.
pub(super) fn translate(t: &mut FuncTranslator<'_, '_, '_>, op: &Operator<'_>) -> Handled {
    if let Operator::I32Eqz | Operator::I64Eqz = op {
        unary_int(t, |t, x| {
            compare(t, IntPredicate::EQ, x, x.get_type().const_zero())
        })?;
        return Ok(true);
    }
    let Some(predicate) = predicate(op) else {
        return Ok(false);
    };
    binary_int(t, |t, l, r| compare(t, predicate, l, r))?;
    Ok(true)
}

/// The LLVM predicate of a two-operand integer comparison.
fn predicate(op: &Operator<'_>) -> Option<IntPredicate> {
    use Operator::*;
    Some(match op {
        I32Eq | I64Eq => IntPredicate::EQ,
        I32Ne | I64Ne => IntPredicate::NE,
        I32LtS | I64LtS => IntPredicate::SLT,
        I32LtU | I64LtU => IntPredicate::ULT,
        I32GtS | I64GtS => IntPredicate::SGT,
        I32GtU | I64GtU => IntPredicate::UGT,
        I32LeS | I64LeS => IntPredicate::SLE,
        I32LeU | I64LeU => IntPredicate::ULE,
        I32GeS | I64GeS => IntPredicate::SGE,
        I32GeU | I64GeU => IntPredicate::UGE,
        _ => return None,
    })
}

/// `lhs <predicate> rhs` as an `i32` 0 or 1.
fn compare<'ctx>(
    t: &FuncTranslator<'ctx, '_, '_>,
    predicate: IntPredicate,
    lhs: IntValue<'ctx>,
    rhs: IntValue<'ctx>,
) -> Result<IntValue<'ctx>, CompileError> {
    let condition = t.builder.build_int_compare(predicate, lhs, rhs, "icmp")?;
    t.bool_to_i32(condition)
}
