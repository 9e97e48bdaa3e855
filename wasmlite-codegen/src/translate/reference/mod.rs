//! Reference instructions (`ref.null`, `ref.is_null`, `ref.func`,
//! `ref.as_non_null`) and, in
//! `table.rs`, the table instructions.
//!
//! A reference is a pointer-sized value: a `funcref` is a
//! `*const VMFuncRef` and an `externref` a host value, both 0 when null.

mod table;

use super::{FuncTranslator, Handled};
use crate::CompileError;
use inkwell::values::PointerValue;
use wasmlite_abi::TrapCode;
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
        Operator::RefAsNonNull => {
            let reference = t.pop().into_pointer_value();
            let reference = t.non_null(reference)?;
            t.push(reference);
        }
        _ => return table::translate(t, op),
    }
    Ok(true)
}

impl<'ctx> FuncTranslator<'ctx, '_, '_> {
    /// `reference`, after trapping with `NullReference` if it is null.
    pub(super) fn non_null(&mut self, reference: PointerValue<'ctx>) -> Result<PointerValue<'ctx>, CompileError> {
        let is_null = self.builder.build_is_null(reference, "is_null")?;
        self.trap_if(is_null, TrapCode::NullReference)?;
        Ok(reference)
    }
}
