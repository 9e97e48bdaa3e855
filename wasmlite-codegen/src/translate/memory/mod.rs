//! Memory instructions: loads and stores (`access.rs`), their explicit
//! bounds checks (`bounds.rs`), and `memory.size`, `memory.grow` and the
//! bulk-memory instructions (`bulk.rs`).

mod access;
mod bounds;
mod bulk;

use super::{FuncTranslator, Handled};
use crate::alias::AliasTags;
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

impl<'ctx> FuncTranslator<'ctx, '_, '_> {
    /// Mark a load or store as a linear-memory access: `align 1` (wasm's
    /// alignment is only a hint, and misaligned accesses must work) and the
    /// linear-memory TBAA tag (see `crate::alias`). Shared with the SIMD
    /// loads and stores.
    pub(in crate::translate) fn heap_access(
        &self,
        instruction: InstructionValue<'ctx>,
    ) -> Result<(), CompileError> {
        instruction
            .set_alignment(1)
            .map_err(|e| CompileError::Llvm(e.to_string()))?;
        AliasTags::attach(self.cx.context, instruction, self.cx.alias.heap)
    }

    /// An address, length or element index operand as the `i64` libcalls
    /// and bounds checks take: an `i32` (32-bit memory or table)
    /// zero-extended, an `i64` (memory64, table64) as it is.
    pub(in crate::translate) fn zext64(
        &self,
        value: impl Into<BasicValueEnum<'ctx>>,
    ) -> Result<IntValue<'ctx>, CompileError> {
        let value = value.into().into_int_value();
        if value.get_type().get_bit_width() == 64 {
            return Ok(value);
        }
        Ok(self
            .builder
            .build_int_z_extend(value, self.cx.types.i64, "zext64")?)
    }

    /// Whether memory `index` has 64-bit addresses (memory64).
    pub(in crate::translate) fn is_memory64(&self, index: u32) -> bool {
        self.cx.info.memories[index as usize].memory64
    }

    /// An `i64` page count as a value of memory `index`'s address type:
    /// itself for a 64-bit memory, truncated to `i32` otherwise.
    pub(in crate::translate) fn to_memory_index(
        &self,
        index: u32,
        value: IntValue<'ctx>,
    ) -> Result<IntValue<'ctx>, CompileError> {
        if self.is_memory64(index) {
            return Ok(value);
        }
        Ok(self
            .builder
            .build_int_truncate(value, self.cx.types.i32, "pages32")?)
    }

    /// An entity index (memory, table, data or element segment) as an
    /// `i32` libcall argument.
    pub(in crate::translate) fn index_arg(&self, index: u32) -> BasicMetadataValueEnum<'ctx> {
        self.cx.types.i32.const_int(index as u64, false).into()
    }
}
