//! Reference instructions (`ref.null`, `ref.is_null`, `ref.func`) and, in
//! `table.rs`, the table instructions.
//!
//! A reference is a pointer-sized value: a `funcref` is a
//! `*const VMFuncRef` and an `externref` a host value, both 0 when null.

mod table;

use super::{FuncTranslator, Handled};
use wasmparser::Operator;

/// Translate a reference or table operator; `Ok(false)` if `op` is not one.
pub(super) fn translate(t: &mut FuncTranslator<'_, '_, '_>, op: &Operator<'_>) -> Handled {
    match *op {
        Operator::RefNull { .. } => {
            let null = t.cx.types.ptr.const_null();
            t.push(null);
        }
        Operator::RefIsNull => {
            let reference = t.pop().into_pointer_value();
            let is_null = t.builder.build_is_null(reference, "is_null")?;
            let is_null = t
                .builder
                .build_int_z_extend(is_null, t.cx.types.i32, "is_null32")?;
            t.push(is_null);
        }
        Operator::RefFunc { function_index } => {
            let funcref = t.funcref_pointer(function_index)?;
            t.push(funcref);
        }
        _ => return table::translate(t, op),
    }
    Ok(true)
}
