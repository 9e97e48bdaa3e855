//! Locals and globals: `local.get/set/tee`, `global.get/set`.

use super::{FuncTranslator, Handled};
use wasmparser::Operator;

/// Translate a variable operator; `Ok(false)` if `op` is not one.
pub(super) fn translate(t: &mut FuncTranslator<'_, '_, '_>, op: &Operator<'_>) -> Handled {
    match op {
        Operator::LocalGet { local_index } => {
            let local = &t.locals[*local_index as usize];
            let value = t.builder.build_load(local.ty, local.slot, "local")?;
            t.push(value);
        }
        Operator::LocalSet { local_index } => {
            let value = t.pop();
            t.builder.build_store(t.locals[*local_index as usize].slot, value)?;
        }
        Operator::LocalTee { local_index } => {
            let value = *t.peek_n(1).first().expect("validated: operand");
            t.builder.build_store(t.locals[*local_index as usize].slot, value)?;
        }
        Operator::GlobalGet { global_index } => {
            let ty = t.cx.types.val(t.cx.info.globals[*global_index as usize].content);
            let pointer = t.global_pointer(*global_index)?;
            let value = t.builder.build_load(ty, pointer, "global")?;
            t.push(value);
        }
        Operator::GlobalSet { global_index } => {
            let value = t.pop();
            let pointer = t.global_pointer(*global_index)?;
            t.builder.build_store(pointer, value)?;
        }
        _ => return Ok(false),
    }
    Ok(true)
}
