//! Float comparisons (both widths): `eq`, `ne`, `lt`, `gt`, `le`, `ge`.
//! Each yields an `i32` 0 or 1. A NaN operand makes every comparison false
//! except `ne`, which is true: `ne` is the unordered predicate, the others
//! ordered ones.

use super::super::{FuncTranslator, Handled};
use super::binary_float;
use inkwell::FloatPredicate;
use wasmparser::Operator;

/// Translate a float comparison; `Ok(false)` if `op` is not one.
pub(super) fn translate(t: &mut FuncTranslator<'_, '_, '_>, op: &Operator<'_>) -> Handled {
    let Some(predicate) = predicate(op) else {
        return Ok(false);
    };
    binary_float(t, |t, l, r| {
        let condition = t.builder.build_float_compare(predicate, l, r, "fcmp")?;
        t.bool_to_i32(condition)
    })?;
    Ok(true)
}

/// The LLVM predicate of a float comparison.
fn predicate(op: &Operator<'_>) -> Option<FloatPredicate> {
    use Operator::*;
    Some(match op {
        F32Eq | F64Eq => FloatPredicate::OEQ,
        F32Ne | F64Ne => FloatPredicate::UNE,
        F32Lt | F64Lt => FloatPredicate::OLT,
        F32Gt | F64Gt => FloatPredicate::OGT,
        F32Le | F64Le => FloatPredicate::OLE,
        F32Ge | F64Ge => FloatPredicate::OGE,
        _ => return None,
    })
}
