//! Table instructions. `table.get`, `table.set` and `table.size` are
//! inline (a bounds check against `VMTable::length`, then one access to the
//! pointer-sized element); `table.grow`, `table.fill`, `table.copy`,
//! `table.init` and `elem.drop` call the runtime, which checks bounds and
//! returns a status.

use super::super::FuncTranslator;
use crate::CompileError;
use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use inkwell::IntPredicate;
use std::mem::offset_of;
use wasmlite_abi::{Libcall, TrapCode, VMTable};
use wasmparser::Operator;

/// Translate a table operator; `Ok(false)` if `op` is not one.
pub(super) fn translate(
    t: &mut FuncTranslator<'_, '_, '_>,
    op: &Operator<'_>,
) -> Result<bool, CompileError> {
    match *op {
        Operator::TableGet { table } => {
            let index = t.pop_int();
            let slot = t.table_element_slot(table, index)?;
            let element = t.builder.build_load(t.cx.types.ptr, slot, "table_elem")?;
            t.push(element);
        }
        Operator::TableSet { table } => {
            let value = t.pop().into_pointer_value();
            let index = t.pop_int();
            let slot = t.table_element_slot(table, index)?;
            t.builder.build_store(slot, value)?;
        }
        Operator::TableSize { table } => {
            let length = t.table_length(table)?;
            let size = t.to_table_index(table, length)?;
            t.push(size);
        }
        Operator::TableGrow { table } => table_grow(t, table)?,
        Operator::TableFill { table } => {
            let [dst, value, len] = pop3(t);
            let args = [
                t.index_arg(table),
                t.zext64(dst)?.into(),
                value.into(),
                t.zext64(len)?.into(),
            ];
            t.call_libcall_checked(Libcall::TableFill, &args)?;
        }
        Operator::TableCopy {
            dst_table,
            src_table,
        } => {
            let [dst, src, len] = pop3(t);
            let args = [
                t.index_arg(dst_table),
                t.index_arg(src_table),
                t.zext64(dst)?.into(),
                t.zext64(src)?.into(),
                t.zext64(len)?.into(),
            ];
            t.call_libcall_checked(Libcall::TableCopy, &args)?;
        }
        Operator::TableInit { elem_index, table } => {
            let [dst, src, len] = pop3(t);
            let args = [
                t.index_arg(table),
                t.index_arg(elem_index),
                t.zext64(dst)?.into(),
                src.into(),
                len.into(),
            ];
            t.call_libcall_checked(Libcall::TableInit, &args)?;
        }
        Operator::ElemDrop { elem_index } => {
            let elem = t.index_arg(elem_index);
            t.call_libcall(Libcall::ElemDrop, &[elem])?;
        }
        _ => return Ok(false),
    }
    Ok(true)
}

/// `table.grow`: `[init, delta]` → old size, or -1 on failure. The libcall
/// returns `u64::MAX` on failure, which is -1 as an `i64` (table64) and
/// truncates to -1 as an `i32`; a 32-bit table never has more than
/// `u32::MAX` elements, so an old size truncates to itself.
fn table_grow(t: &mut FuncTranslator<'_, '_, '_>, table: u32) -> Result<(), CompileError> {
    let delta = t.pop_int();
    let init = t.pop();
    let args = [t.index_arg(table), init.into(), t.zext64(delta)?.into()];
    let old = t
        .call_libcall(Libcall::TableGrow, &args)?
        .expect("table_grow returns a value");
    let old = t.to_table_index(table, old.into_int_value())?;
    t.push(old);
    Ok(())
}

/// Pop three operands, returned in push order.
fn pop3<'ctx>(t: &mut FuncTranslator<'ctx, '_, '_>) -> [BasicValueEnum<'ctx>; 3] {
    let values = t.pop_n(3);
    [values[0], values[1], values[2]]
}

impl<'ctx> FuncTranslator<'ctx, '_, '_> {
    /// An `i64` size as a value of table `table`'s index type: itself for
    /// a 64-bit table (table64), truncated to `i32` otherwise.
    fn to_table_index(
        &self,
        table: u32,
        value: IntValue<'ctx>,
    ) -> Result<IntValue<'ctx>, CompileError> {
        if self.cx.info.tables[table as usize].table64 {
            return Ok(value);
        }
        Ok(self
            .builder
            .build_int_truncate(value, self.cx.types.i32, "table_index")?)
    }

    /// The `VMTable` of table `table`.
    fn vm_table(&mut self, table: u32) -> Result<PointerValue<'ctx>, CompileError> {
        self.vmctx_pointer(self.cx.offsets.table(table))
    }

    /// The current number of elements (`i64`) of table `table`: a
    /// constant when the table cannot grow (see [`Self::fixed_table_size`]).
    fn table_length(&mut self, table: u32) -> Result<IntValue<'ctx>, CompileError> {
        if let Some(size) = self.fixed_table_size(table) {
            return Ok(self.cx.types.i64.const_int(size, false));
        }
        let vm_table = self.vm_table(table)?;
        let length = self.load_field(
            vm_table,
            offset_of!(VMTable, length) as u64,
            self.cx.types.i64,
            "table_len",
        )?;
        Ok(length.into_int_value())
    }

    /// The size of table `table` if it can never change: its declared
    /// minimum and maximum are equal (for an imported table, the import's
    /// limits bound the actual table's). Its element array then never
    /// moves either: the runtime only reallocates it when the table grows.
    fn fixed_table_size(&self, table: u32) -> Option<u64> {
        let ty = &self.cx.info.tables[table as usize];
        (ty.maximum == Some(ty.minimum)).then_some(ty.minimum)
    }

    /// The address of element `index` (`i32`, or `i64` for table64) of
    /// table `table`, trapping
    /// with `TableOutOfBounds` unless `index < length`.
    pub(in crate::translate) fn table_element_slot(
        &mut self,
        table: u32,
        index: IntValue<'ctx>,
    ) -> Result<PointerValue<'ctx>, CompileError> {
        let length = self.table_length(table)?;
        let index = self.zext64(index)?;
        let out_of_bounds =
            self.builder
                .build_int_compare(IntPredicate::UGE, index, length, "table_oob")?;
        self.trap_if(out_of_bounds, TrapCode::TableOutOfBounds)?;
        // The element array moves when the table grows: reload it each
        // time, unless the table cannot grow.
        let vm_table = self.vm_table(table)?;
        let ptr = self.cx.types.ptr;
        let at = offset_of!(VMTable, elements) as u64;
        let elements = if self.fixed_table_size(table).is_some() {
            self.in_entry_block(|t| t.invariant_load(vm_table, at, ptr.into()))?
        } else {
            self.load_field(vm_table, at, ptr, "elements")?
        };
        // SAFETY: index < length, checked above, so the slot is inside the array.
        Ok(unsafe {
            self.builder.build_in_bounds_gep(
                ptr,
                elements.into_pointer_value(),
                &[index],
                "elem_slot",
            )?
        })
    }
}
