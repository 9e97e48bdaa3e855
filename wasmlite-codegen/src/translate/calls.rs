//! Calls: `call` (direct for defined functions, through the `VMFuncRef`
//! for imported ones) and `call_indirect` (checked: bounds, null, type).

use super::{FuncTranslator, Handled};
use crate::CompileError;
use inkwell::values::{BasicMetadataValueEnum, BasicValueEnum, PointerValue};
use inkwell::IntPredicate;
use std::mem::offset_of;
use wasmlite_abi::{TrapCode, VMFuncRef};
use wasmparser::Operator;

/// Translate a call operator; `Ok(false)` if `op` is not one.
pub(super) fn translate(t: &mut FuncTranslator<'_, '_, '_>, op: &Operator<'_>) -> Handled {
    match op {
        Operator::Call { function_index } => {
            let type_index = t.cx.info.functions[*function_index as usize];
            match t.cx.functions[*function_index as usize] {
                Some(callee) => {
                    let vmctx = t.vmctx;
                    t.emit_call(type_index, |t, args| Ok(t.builder.build_call(callee, args, "call")?), vmctx)?;
                }
                None => {
                    let funcref = t.funcref_pointer(*function_index)?;
                    t.call_funcref(type_index, funcref)?;
                }
            }
        }
        Operator::CallIndirect { type_index, table_index } => {
            let index = t.pop_int();
            let funcref = t.checked_table_funcref(*table_index, index, *type_index)?;
            t.call_funcref(*type_index, funcref)?;
        }
        _ => return Ok(false),
    }
    Ok(true)
}

impl<'ctx> FuncTranslator<'ctx, '_, '_> {
    /// Call the function a `VMFuncRef` describes, with signature `type_index`.
    pub fn call_funcref(&mut self, type_index: u32, funcref: PointerValue<'ctx>) -> Result<(), CompileError> {
        let (code, callee_vmctx) = self.load_funcref(funcref)?;
        let signature = self.cx.signatures[type_index as usize];
        self.emit_call(
            type_index,
            |t, args| Ok(t.builder.build_indirect_call(signature, code, args, "call_indirect")?),
            callee_vmctx,
        )
    }

    /// Pop the arguments of `type_index`, build the call with `build`
    /// (given the full native argument list) and push its results.
    fn emit_call(
        &mut self,
        type_index: u32,
        build: impl FnOnce(&mut Self, &[BasicMetadataValueEnum<'ctx>]) -> Result<inkwell::values::CallSiteValue<'ctx>, CompileError>,
        callee_vmctx: PointerValue<'ctx>,
    ) -> Result<(), CompileError> {
        let ty = &self.cx.info.types[type_index as usize];
        let params = self.pop_n(ty.params.len());
        let mut args: Vec<BasicMetadataValueEnum> = vec![callee_vmctx.into()];
        let scratch = if ty.results.len() > 1 {
            let scratch = self.results_scratch(ty.results.len() as u32)?;
            args.push(scratch.into());
            Some(scratch)
        } else {
            None
        };
        args.extend(params.iter().map(|v| BasicMetadataValueEnum::from(*v)));
        let call = build(self, &args)?;
        match scratch {
            None => {
                if let Some(value) = call.try_as_basic_value().basic() {
                    self.push(value);
                }
            }
            Some(scratch) => {
                let results: Vec<BasicValueEnum> = ty
                    .results
                    .iter()
                    .enumerate()
                    .map(|(k, r)| self.load_field(scratch, 16 * k as u64, self.cx.types.val(*r), "result"))
                    .collect::<Result<_, _>>()?;
                for value in results {
                    self.push(value);
                }
            }
        }
        Ok(())
    }

    /// The `VMFuncRef` at `index` of funcref table `table`, checked for
    /// bounds, null and type `type_index`.
    fn checked_table_funcref(
        &mut self,
        table: u32,
        index: inkwell::values::IntValue<'ctx>,
        type_index: u32,
    ) -> Result<PointerValue<'ctx>, CompileError> {
        let (i32t, ptr) = (self.cx.types.i32, self.cx.types.ptr);
        let slot = self.table_element_slot(table, index)?;
        let funcref = self.builder.build_load(ptr, slot, "funcref")?.into_pointer_value();
        let is_null = self.builder.build_is_null(funcref, "is_null")?;
        self.trap_if(is_null, TrapCode::IndirectCallToNull)?;
        let actual = self.load_field(funcref, offset_of!(VMFuncRef, type_id) as u64, i32t, "type_id")?.into_int_value();
        let expected_at = self.cx.offsets.type_id(type_index) as u64;
        let vmctx = self.vmctx;
        let expected = self.in_entry_block(|t| t.invariant_load(vmctx, expected_at, t.cx.types.i32.into()))?.into_int_value();
        let mismatch = self.builder.build_int_compare(IntPredicate::NE, actual, expected, "type_mismatch")?;
        self.trap_if(mismatch, TrapCode::BadSignature)?;
        Ok(funcref)
    }
}
