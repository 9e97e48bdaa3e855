//! How translated code reaches its environment: the `VMContext` (memories,
//! globals, tables, function references, limits), libcalls and traps.
//! All offsets come from `wasmlite_abi`.

use super::{FuncTranslator, Local};
use crate::alias::AliasTags;
use crate::CompileError;
use inkwell::basic_block::BasicBlock;
use inkwell::types::{BasicType, BasicTypeEnum};
use inkwell::values::{BasicMetadataValueEnum, BasicValue, BasicValueEnum, IntValue, PointerValue};
use inkwell::IntPredicate;
use std::mem::offset_of;
use wasmlite_abi::{Libcall, TrapCode, VMFuncRef, VMMemory, VMOffsets};
use wasmparser::{FuncValidator, FunctionBody, Operator, ValidatorResources};

impl<'ctx> FuncTranslator<'ctx, '_, '_> {
    /// `base + offset` as a pointer.
    pub fn byte_offset(&self, base: PointerValue<'ctx>, offset: u64) -> Result<PointerValue<'ctx>, CompileError> {
        if offset == 0 {
            return Ok(base);
        }
        let index = self.cx.types.i64.const_int(offset, false);
        // SAFETY: in-bounds GEP over bytes of a VM structure the runtime allocated.
        Ok(unsafe { self.builder.build_in_bounds_gep(self.cx.types.i8, base, &[index], "field")? })
    }

    /// Load a `ty` at `base + offset` with the current builder.
    pub fn load_field(
        &self,
        base: PointerValue<'ctx>,
        offset: u64,
        ty: impl BasicType<'ctx>,
        name: &str,
    ) -> Result<BasicValueEnum<'ctx>, CompileError> {
        let at = self.byte_offset(base, offset)?;
        Ok(self.builder.build_load(ty, at, name)?)
    }

    /// Load a pointer stored at `vmctx + offset` in the entry block, marked
    /// `!invariant.load` (the runtime never changes these slots while wasm
    /// runs), cached per function.
    pub fn vmctx_pointer(&mut self, offset: u32) -> Result<PointerValue<'ctx>, CompileError> {
        if let Some((_, p)) = self.invariant_cache.iter().find(|(o, _)| *o == offset) {
            return Ok(*p);
        }
        let value = self.in_entry_block(|t| t.invariant_load(t.vmctx, offset as u64, t.cx.types.ptr.into()))?;
        let pointer = value.into_pointer_value();
        self.invariant_cache.push((offset, pointer));
        Ok(pointer)
    }

    /// Load `ty` from `base + offset` marked `!invariant.load`.
    pub fn invariant_load(
        &self,
        base: PointerValue<'ctx>,
        offset: u64,
        ty: BasicTypeEnum<'ctx>,
    ) -> Result<BasicValueEnum<'ctx>, CompileError> {
        let value = self.load_field(base, offset, ty, "vm")?;
        let instruction = value.as_instruction_value().expect("a load is an instruction");
        let kind = self.cx.context.get_kind_id("invariant.load");
        instruction
            .set_metadata(self.cx.context.metadata_node(&[]), kind)
            .map_err(|e| CompileError::Llvm(e.to_string()))?;
        Ok(value)
    }

    /// Run `f` with the builder positioned at the end of the entry block.
    pub fn in_entry_block<R>(&mut self, f: impl FnOnce(&mut Self) -> Result<R, CompileError>) -> Result<R, CompileError> {
        let here = self.current_block();
        self.builder.position_before(&self.entry_terminator);
        let result = f(self);
        self.builder.position_at_end(here);
        result
    }

    /// The base address of memory `index` (loaded once, in the entry block;
    /// memories never move).
    pub fn memory_base(&mut self, index: u32) -> Result<PointerValue<'ctx>, CompileError> {
        if let Some(base) = self.memory_bases[index as usize] {
            return Ok(base);
        }
        let memory = self.vmctx_pointer(self.cx.offsets.memory(index))?;
        let base = self.in_entry_block(|t| {
            t.invariant_load(memory, offset_of!(VMMemory, base) as u64, t.cx.types.ptr.into())
        })?;
        let base = base.into_pointer_value();
        self.memory_bases[index as usize] = Some(base);
        Ok(base)
    }

    /// The current length in bytes (`i64`) of memory `index`. Tagged for
    /// TBAA (`crate::alias`): linear-memory stores do not change it, so
    /// LLVM may reuse one load across them; calls reload it.
    pub fn memory_length(&mut self, index: u32) -> Result<IntValue<'ctx>, CompileError> {
        let memory = self.vmctx_pointer(self.cx.offsets.memory(index))?;
        let length = self.load_field(memory, offset_of!(VMMemory, length) as u64, self.cx.types.i64, "mem_len")?;
        let load = length.as_instruction_value().expect("a load is an instruction");
        AliasTags::attach(self.cx.context, load, self.cx.alias.memory_length)?;
        Ok(length.into_int_value())
    }

    /// Pointer to the value of global `index`.
    pub fn global_pointer(&mut self, index: u32) -> Result<PointerValue<'ctx>, CompileError> {
        self.vmctx_pointer(self.cx.offsets.global(index))
    }

    /// Pointer to the `VMFuncRef` of function `index` (inside the VMContext).
    pub fn funcref_pointer(&self, index: u32) -> Result<PointerValue<'ctx>, CompileError> {
        self.byte_offset(self.vmctx, self.cx.funcref_offset(index) as u64)
    }

    /// The code pointer and callee vmctx of a `VMFuncRef`.
    pub fn load_funcref(&self, funcref: PointerValue<'ctx>) -> Result<(PointerValue<'ctx>, PointerValue<'ctx>), CompileError> {
        let ptr = self.cx.types.ptr;
        let code = self.load_field(funcref, offset_of!(VMFuncRef, code) as u64, ptr, "code")?;
        let vmctx = self.load_field(funcref, offset_of!(VMFuncRef, vmctx) as u64, ptr, "callee_vmctx")?;
        Ok((code.into_pointer_value(), vmctx.into_pointer_value()))
    }

    /// Call a libcall through the `VMLibcalls` table; `args` excludes the
    /// leading vmctx.
    pub fn call_libcall(
        &mut self,
        libcall: Libcall,
        args: &[BasicMetadataValueEnum<'ctx>],
    ) -> Result<Option<BasicValueEnum<'ctx>>, CompileError> {
        let table = self.vmctx_pointer(VMOffsets::LIBCALLS)?;
        let function = self.in_entry_block(|t| t.invariant_load(table, libcall.offset() as u64, t.cx.types.ptr.into()))?;
        let mut all = Vec::with_capacity(args.len() + 1);
        all.push(self.vmctx.into());
        all.extend_from_slice(args);
        let call = self.builder.build_indirect_call(
            self.cx.libcall_type(libcall),
            function.into_pointer_value(),
            &all,
            libcall.name(),
        )?;
        Ok(call.try_as_basic_value().basic())
    }

    /// Call a libcall returning a status (0 = ok, else trap code + 1) and
    /// trap with that code when it is not 0.
    pub fn call_libcall_checked(
        &mut self,
        libcall: Libcall,
        args: &[BasicMetadataValueEnum<'ctx>],
    ) -> Result<(), CompileError> {
        let status = self.call_libcall(libcall, args)?.expect("status result").into_int_value();
        let failed_block = self.new_block("libcall_failed");
        let cont = self.new_block("libcall_ok");
        let zero = self.cx.types.i32.const_zero();
        let failed = self.builder.build_int_compare(IntPredicate::NE, status, zero, "failed")?;
        self.builder.build_conditional_branch(failed, failed_block, cont)?;
        self.builder.position_at_end(failed_block);
        let code = self.builder.build_int_sub(status, self.cx.types.i32.const_int(1, false), "code")?;
        self.emit_trap_call(code)?;
        self.builder.position_at_end(cont);
        Ok(())
    }

    /// The shared block that raises `code`.
    pub(super) fn trap_block(&mut self, code: TrapCode) -> Result<BasicBlock<'ctx>, CompileError> {
        if let Some((_, block)) = self.trap_blocks.iter().find(|(c, _)| *c == code) {
            return Ok(*block);
        }
        let block = self.new_block("trap");
        let here = self.builder.get_insert_block();
        self.builder.position_at_end(block);
        self.emit_trap_call(self.cx.types.i32.const_int(code as u64, false))?;
        if let Some(here) = here {
            self.builder.position_at_end(here);
        }
        self.trap_blocks.push((code, block));
        Ok(block)
    }

    /// Call the trap libcall with a code value and end the block.
    fn emit_trap_call(&mut self, code: IntValue<'ctx>) -> Result<(), CompileError> {
        let func_index = self.cx.types.i32.const_int(self.func_index as u64, false);
        self.call_libcall(Libcall::Trap, &[code.into(), func_index.into()])?;
        self.builder.build_unreachable()?;
        Ok(())
    }

    /// Stack slots for parameters and declared locals.
    pub(super) fn declare_locals(
        &mut self,
        body: &FunctionBody<'_>,
        validator: &mut FuncValidator<ValidatorResources>,
    ) -> Result<(), CompileError> {
        let ty = self.cx.info.func_type(self.func_index);
        let first_param = if ty.results.len() > 1 { 2 } else { 1 };
        for (i, param) in ty.params.iter().enumerate() {
            let llvm_ty = self.cx.types.val(*param);
            let value = self.function.get_nth_param((first_param + i) as u32).expect("declared parameter");
            let slot = self.in_entry_block(|t| Ok(t.builder.build_alloca(llvm_ty, "param")?))?;
            self.in_entry_block(|t| Ok(t.builder.build_store(slot, value)?))?;
            self.locals.push(Local { slot, ty: llvm_ty });
        }
        let mut reader = body.get_locals_reader()?;
        for _ in 0..reader.get_count() {
            let offset = reader.original_position();
            let (count, wasm_ty) = reader.read()?;
            validator.define_locals(offset, count, wasm_ty)?;
            let llvm_ty = self.cx.types.val(val_type(wasm_ty, offset)?);
            for _ in 0..count {
                let slot = self.in_entry_block(|t| {
                    let slot = t.builder.build_alloca(llvm_ty, "local")?;
                    t.builder.build_store(slot, llvm_ty.const_zero())?;
                    Ok(slot)
                })?;
                self.locals.push(Local { slot, ty: llvm_ty });
            }
        }
        Ok(())
    }

    /// Trap with `StackOverflow` when the stack pointer is below
    /// `VMLimits::stack_limit`, unless `body` is a small leaf (see
    /// [`is_small_leaf`]).
    pub(super) fn stack_check(&mut self, body: &FunctionBody<'_>) -> Result<(), CompileError> {
        if is_small_leaf(body, self.locals.len()) {
            return Ok(());
        }
        let i64t = self.cx.types.i64;
        let limits = self.vmctx_pointer(VMOffsets::LIMITS)?;
        let limit = self.load_field(limits, offset_of!(wasmlite_abi::VMLimits, stack_limit) as u64, i64t, "stack_limit")?;
        let read_register = self.cx.intrinsic("llvm.read_register", &[i64t.into()]);
        let register = self.cx.context.metadata_node(&[self.cx.context.metadata_string(self.cx.stack_pointer).into()]);
        let sp = self
            .builder
            .build_call(read_register, &[register.into()], "sp")?
            .try_as_basic_value()
            .basic()
            .expect("read_register returns a value");
        let overflow = self.builder.build_int_compare(
            IntPredicate::ULT,
            sp.into_int_value(),
            limit.into_int_value(),
            "stack_overflow",
        )?;
        self.trap_if(overflow, TrapCode::StackOverflow)
    }

    /// Scratch space for `count` 16-byte result slots (shared by all
    /// multi-value calls of this function; results are read right after).
    pub fn results_scratch(&mut self, count: u32) -> Result<PointerValue<'ctx>, CompileError> {
        if let Some((slot, size)) = self.results_scratch {
            if size >= count {
                return Ok(slot);
            }
        }
        let slot = self.in_entry_block(|t| {
            let ty = t.cx.types.i128.array_type(count);
            let slot = t.builder.build_alloca(ty, "results")?;
            slot.as_instruction_value()
                .expect("alloca is an instruction")
                .set_alignment(16)
                .map_err(|e| CompileError::Llvm(e.to_string()))?;
            Ok(slot)
        })?;
        self.results_scratch = Some((slot, count));
        Ok(slot)
    }
}

/// Longest body (bytes) of a function that may skip the stack check.
const LEAF_MAX_BODY_BYTES: u64 = 4096;

/// Most parameters and locals of a function that may skip the stack check.
const LEAF_MAX_LOCALS: usize = 256;

/// Whether a function with `body` and `locals` parameters and locals may
/// skip the entry stack check: it calls no function (`call`,
/// `call_indirect`), so it cannot recurse, and it is small, so its frame is
/// bounded (under 100 KiB even unoptimised: a 16-byte slot per local, at
/// most one spill per operator byte). Its caller passed the check, so such a leaf runs at
/// most its own frame below `VMLimits::stack_limit`, inside the 256 KiB the
/// runtime keeps free below the limit for host code, which a leaf never
/// calls (a libcall runs in that margin either way); past the thread's
/// stack (an unset limit), the guard-page fault is still a stack overflow.
/// The check is two loads, a compare and a branch, and the trap call it
/// guards makes the function set up a frame: a large share of a small
/// function called in a loop (an interpreter's handlers, a comparator). A
/// body that does not read is left to the translation loop to report.
fn is_small_leaf(body: &FunctionBody<'_>, locals: usize) -> bool {
    let range = body.range();
    if range.end - range.start > LEAF_MAX_BODY_BYTES || locals > LEAF_MAX_LOCALS {
        return false;
    }
    let Ok(mut reader) = body.get_operators_reader() else { return false };
    while !reader.eof() {
        match reader.read() {
            Ok(
                Operator::Call { .. }
                | Operator::CallIndirect { .. }
                | Operator::CallRef { .. }
                | Operator::ReturnCall { .. }
                | Operator::ReturnCallIndirect { .. }
                | Operator::ReturnCallRef { .. },
            )
            | Err(_) => return false,
            Ok(_) => {}
        }
    }
    true
}

/// Convert a validated wasmparser value type (locals, block types).
pub(crate) fn val_type(t: wasmparser::ValType, offset: u64) -> Result<wasmlite_abi::ValType, CompileError> {
    Ok(wasmlite_abi::convert_val_type(t, offset)?)
}
