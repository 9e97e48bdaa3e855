//! Memory instructions: loads and stores (`access.rs`), and `memory.size`,
//! `memory.grow` and the bulk-memory instructions (`bulk.rs`).

mod access;
mod bulk;

use super::{FuncTranslator, Handled};
use crate::CompileError;
use inkwell::values::{BasicMetadataValueEnum, BasicValueEnum, InstructionValue, IntValue};
use wasmparser::Operator;

/// Translate a memory operator; `Ok(false)` if `op` is not one.
pub(super) fn translate(t: &mut FuncTranslator<'_, '_, '_>, op: &Operator<'_>) -> Handled {
    if access::translate(t, op)? {
        return Ok(true);
    }
    bulk::translate(t, op)
}

/// Give a load or store of linear memory `align 1`: wasm's alignment is
/// only a hint, and misaligned accesses must work.
fn unaligned(instruction: InstructionValue<'_>) -> Result<(), CompileError> {
    instruction
        .set_alignment(1)
        .map_err(|e| CompileError::Llvm(e.to_string()))
}

impl<'ctx> FuncTranslator<'ctx, '_, '_> {
    /// An `i32` operand (address, length, element index) zero-extended to
    /// `i64`, as libcalls and bounds checks take it.
    pub(in crate::translate) fn zext64(
        &self,
        value: impl Into<BasicValueEnum<'ctx>>,
    ) -> Result<IntValue<'ctx>, CompileError> {
        Ok(self.builder.build_int_z_extend(
            value.into().into_int_value(),
            self.cx.types.i64,
            "zext64",
        )?)
    }

    /// An entity index (memory, table, data or element segment) as an
    /// `i32` libcall argument.
    pub(in crate::translate) fn index_arg(&self, index: u32) -> BasicMetadataValueEnum<'ctx> {
        self.cx.types.i32.const_int(index as u64, false).into()
    }
}
