//! Calls: `call` (direct for defined functions, through the `VMFuncRef`
//! for imported ones) and `call_indirect` (checked: bounds, null, type),
//! and `call_ref` (through a typed function reference, checked for null),
//! and their tail-call forms `return_call`, `return_call_indirect` and
//! `return_call_ref`.
//!
//! A call site uses its callee's convention: the callee function's for a
//! direct call, `tailcc` through a `VMFuncRef` (see `conventions.rs`). A
//! tail call is `tail call tailcc` followed by `ret`, which LLVM guarantees
//! to compile to a jump; every other call is `notail`, so LLVM never turns
//! an ordinary call into a jump on its own.

use super::{FuncTranslator, Handled};
use crate::conventions::TAILCC;
use crate::CompileError;
use inkwell::llvm_sys::LLVMTailCallKind;
use inkwell::values::{BasicMetadataValueEnum, BasicValueEnum, CallSiteValue, PointerValue};
use inkwell::IntPredicate;
use std::mem::offset_of;
use wasmlite_abi::{TrapCode, VMFuncRef};
use wasmparser::Operator;

/// Translate a call operator; `Ok(false)` if `op` is not one.
pub(super) fn translate(t: &mut FuncTranslator<'_, '_, '_>, op: &Operator<'_>) -> Handled {
    match op {
        Operator::Call { function_index } => t.call_function(*function_index, Kind::Ordinary)?,
        Operator::CallIndirect { type_index, table_index } => t.call_indirect(*type_index, *table_index, Kind::Ordinary)?,
        Operator::ReturnCall { function_index } => t.call_function(*function_index, Kind::Tail)?,
        Operator::ReturnCallIndirect { type_index, table_index } => t.call_indirect(*type_index, *table_index, Kind::Tail)?,
        Operator::CallRef { type_index } => t.call_ref(*type_index, Kind::Ordinary)?,
        Operator::ReturnCallRef { type_index } => t.call_ref(*type_index, Kind::Tail)?,
        _ => return Ok(false),
    }
    Ok(true)
}

/// An ordinary call, or a tail call (`return_call*`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Ordinary,
    Tail,
}

impl<'ctx> FuncTranslator<'ctx, '_, '_> {
    /// `call`/`return_call` of function `index`: direct for a defined
    /// function, through its `VMFuncRef` for an imported one.
    fn call_function(&mut self, index: u32, kind: Kind) -> Result<(), CompileError> {
        let type_index = self.cx.info.functions[index as usize];
        match self.cx.functions[index as usize] {
            Some(callee) => {
                let (vmctx, convention) = (self.vmctx, self.cx.conventions.llvm(index));
                self.emit_call(type_index, kind, convention, vmctx, |t, args| Ok(t.builder.build_call(callee, args, "call")?))
            }
            None => {
                let funcref = self.funcref_pointer(index)?;
                self.call_funcref(type_index, funcref, kind)
            }
        }
    }

    /// `call_indirect`/`return_call_indirect`.
    fn call_indirect(&mut self, type_index: u32, table_index: u32, kind: Kind) -> Result<(), CompileError> {
        let index = self.pop_int();
        let funcref = self.checked_table_funcref(table_index, index, type_index)?;
        self.call_funcref(type_index, funcref, kind)
    }

    /// `call_ref`/`return_call_ref`: a null reference traps with
    /// `NullReference`; validation guarantees the type.
    fn call_ref(&mut self, type_index: u32, kind: Kind) -> Result<(), CompileError> {
        let funcref = self.pop().into_pointer_value();
        let funcref = self.non_null(funcref)?;
        self.call_funcref(type_index, funcref, kind)
    }

    /// Call the function a `VMFuncRef` describes, with signature `type_index`.
    pub fn call_funcref(&mut self, type_index: u32, funcref: PointerValue<'ctx>, kind: Kind) -> Result<(), CompileError> {
        let (code, callee_vmctx) = self.load_funcref(funcref)?;
        let signature = self.cx.signatures[type_index as usize];
        self.emit_call(type_index, kind, TAILCC, callee_vmctx, |t, args| {
            Ok(t.builder.build_indirect_call(signature, code, args, "call_indirect")?)
        })
    }

    /// Pop the arguments of `type_index`, build the call with `build`
    /// (given the full native argument list) in calling convention
    /// `convention`, and push its results — or, for a tail call, return
    /// them: the rest of the block is then unreachable.
    fn emit_call(
        &mut self,
        type_index: u32,
        kind: Kind,
        convention: u32,
        callee_vmctx: PointerValue<'ctx>,
        build: impl FnOnce(&mut Self, &[BasicMetadataValueEnum<'ctx>]) -> Result<CallSiteValue<'ctx>, CompileError>,
    ) -> Result<(), CompileError> {
        let ty = &self.cx.info.types[type_index as usize];
        let params = self.pop_n(ty.params.len());
        let mut args: Vec<BasicMetadataValueEnum> = vec![callee_vmctx.into()];
        let scratch = match (ty.results.len() > 1, kind) {
            (false, _) => None,
            // Validation makes the callee's results the caller's: it writes
            // them where the caller's caller asked for the caller's.
            (true, Kind::Tail) => {
                args.push(self.function.get_nth_param(1).expect("results pointer").into());
                None
            }
            (true, Kind::Ordinary) => {
                let scratch = self.results_scratch(ty.results.len() as u32)?;
                args.push(scratch.into());
                Some(scratch)
            }
        };
        args.extend(params.iter().map(|v| BasicMetadataValueEnum::from(*v)));
        let call = build(self, &args)?;
        call.set_call_convention(convention);
        if kind == Kind::Tail {
            call.set_tail_call_kind(LLVMTailCallKind::LLVMTailCallKindTail);
            match call.try_as_basic_value().basic() {
                Some(value) => self.builder.build_return(Some(&value))?,
                None => self.builder.build_return(None)?,
            };
            self.set_unreachable();
            return Ok(());
        }
        call.set_tail_call_kind(LLVMTailCallKind::LLVMTailCallKindNoTail);
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
