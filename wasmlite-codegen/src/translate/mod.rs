//! Translation of one wasm function body to LLVM IR.
//!
//! Validate, then translate: every operator is first checked by
//! wasmparser's `FuncValidator`, then handed to the family that translates
//! it (`control`, `variables`, `calls`, `memory`, `numeric`, `reference`, `simd`).
//! An operator no family handles is a [`CompileError::Unsupported`] naming
//! it and its byte offset — never a silent miscompile.
//!
//! State is explicit and small: an SSA operand stack of LLVM values, a
//! control stack of frames (see `frames.rs`), the locals as stack slots
//! (promoted to registers by LLVM), and a `reachable` flag. Code after an
//! unconditional branch is skipped until the enclosing frame ends.

mod calls;
mod control;
mod env;
mod float_folds;
mod frames;
mod memory;
mod numeric;
mod reference;
mod rounding;
mod simd;
mod variables;

use crate::module_cx::ModuleCx;
use crate::CompileError;
use frames::ControlFrame;
use inkwell::basic_block::BasicBlock;
use inkwell::builder::Builder;
use inkwell::values::{BasicValueEnum, FunctionValue, InstructionValue, IntValue, PointerValue};
use inkwell::types::BasicTypeEnum;
use wasmlite_abi::TrapCode;
use wasmparser::{FuncValidator, FunctionBody, Operator, ValidatorResources};

/// The result of translating one operator: whether a family handled it.
pub(crate) type Handled = Result<bool, CompileError>;

/// A wasm local: its stack slot and LLVM type.
pub(crate) struct Local<'ctx> {
    pub slot: PointerValue<'ctx>,
    pub ty: BasicTypeEnum<'ctx>,
}

/// Translator state for one function.
pub(crate) struct FuncTranslator<'ctx, 'm, 'a> {
    pub cx: &'m ModuleCx<'ctx, 'a>,
    pub builder: Builder<'ctx>,
    pub function: FunctionValue<'ctx>,
    /// Index of the function in the module's function index space.
    pub func_index: u32,
    pub vmctx: PointerValue<'ctx>,
    pub locals: Vec<Local<'ctx>>,
    pub stack: Vec<BasicValueEnum<'ctx>>,
    pub control: Vec<ControlFrame<'ctx>>,
    /// Whether the current insertion point can be reached.
    pub reachable: bool,
    /// Blocks opened while unreachable, whose `end`s are skipped.
    unreachable_depth: u32,
    /// Byte offset of the operator being translated.
    pub offset: u64,
    /// The entry block's terminator: entry-level code (allocas, invariant
    /// loads) is inserted before it.
    entry_terminator: InstructionValue<'ctx>,
    /// One shared block per trap code.
    trap_blocks: Vec<(TrapCode, BasicBlock<'ctx>)>,
    /// Cached entry-block loads, keyed by VMContext offset.
    invariant_cache: Vec<(u32, PointerValue<'ctx>)>,
    memory_bases: Vec<Option<PointerValue<'ctx>>>,
    /// Shared scratch space for multi-value call results (16-byte slots).
    results_scratch: Option<(PointerValue<'ctx>, u32)>,
}

impl<'ctx, 'm, 'a> FuncTranslator<'ctx, 'm, 'a> {
    /// Translate the body of defined function `func_index`.
    pub fn translate(
        cx: &'m ModuleCx<'ctx, 'a>,
        func_index: u32,
        body: &FunctionBody<'_>,
        validator: &mut FuncValidator<ValidatorResources>,
    ) -> Result<(), CompileError> {
        let function = cx.functions[func_index as usize].expect("defined functions have LLVM functions");
        let builder = cx.context.create_builder();
        let entry = cx.context.append_basic_block(function, "entry");
        let start = cx.context.append_basic_block(function, "start");
        builder.position_at_end(entry);
        let entry_terminator = builder.build_unconditional_branch(start)?;
        builder.position_at_end(start);
        let vmctx = function.get_nth_param(0).expect("vmctx parameter").into_pointer_value();
        let mut t = FuncTranslator {
            cx,
            builder,
            function,
            func_index,
            vmctx,
            locals: Vec::new(),
            stack: Vec::new(),
            control: Vec::new(),
            reachable: true,
            unreachable_depth: 0,
            offset: body.range().start,
            entry_terminator,
            trap_blocks: Vec::new(),
            invariant_cache: Vec::new(),
            memory_bases: vec![None; cx.info.memories.len()],
            results_scratch: None,
        };
        t.declare_locals(body, validator)?;
        t.stack_check(body)?;
        t.push_function_frame();
        let mut reader = body.get_operators_reader()?;
        while !reader.eof() {
            let (op, offset) = reader.read_with_offset()?;
            validator.op(offset, &op)?;
            t.offset = offset;
            t.translate_operator(&op)?;
        }
        reader.finish()?;
        Ok(())
    }

    fn translate_operator(&mut self, op: &Operator<'_>) -> Result<(), CompileError> {
        if !self.reachable {
            return self.translate_unreachable(op);
        }
        let handled = control::translate(self, op)?
            || variables::translate(self, op)?
            || calls::translate(self, op)?
            || memory::translate(self, op)?
            || numeric::translate(self, op)?
            || reference::translate(self, op)?
            || simd::translate(self, op)?;
        if handled {
            Ok(())
        } else {
            Err(self.unsupported(&format!("instruction {}", operator_name(op))))
        }
    }

    /// In unreachable code only the structure matters: count nested blocks
    /// and act on the `else`/`end` of the frame that became unreachable.
    fn translate_unreachable(&mut self, op: &Operator<'_>) -> Result<(), CompileError> {
        match op {
            Operator::Block { .. } | Operator::Loop { .. } | Operator::If { .. } => {
                self.unreachable_depth += 1;
                Ok(())
            }
            Operator::Else if self.unreachable_depth == 0 => control::translate_else(self),
            Operator::End if self.unreachable_depth == 0 => control::translate_end(self),
            Operator::End => {
                self.unreachable_depth -= 1;
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// An "unsupported" error at the current operator.
    pub fn unsupported(&self, what: &str) -> CompileError {
        CompileError::Unsupported { offset: self.offset, what: what.to_string() }
    }

    // ----- operand stack -----

    /// Push a value.
    pub fn push(&mut self, value: impl Into<BasicValueEnum<'ctx>>) {
        self.stack.push(value.into());
    }

    /// Pop a value (validation guarantees one is there).
    pub fn pop(&mut self) -> BasicValueEnum<'ctx> {
        self.stack.pop().expect("validated: operand stack not empty")
    }

    /// Pop an integer value.
    pub fn pop_int(&mut self) -> IntValue<'ctx> {
        self.pop().into_int_value()
    }

    /// Pop `n` values, returned in push order.
    pub fn pop_n(&mut self, n: usize) -> Vec<BasicValueEnum<'ctx>> {
        let at = self.stack.len().checked_sub(n).expect("validated: enough operands");
        self.stack.split_off(at)
    }

    /// The top `n` values, in push order, without popping.
    pub fn peek_n(&self, n: usize) -> &[BasicValueEnum<'ctx>] {
        &self.stack[self.stack.len() - n..]
    }

    /// Mark the rest of the current block unreachable.
    pub fn set_unreachable(&mut self) {
        self.reachable = false;
    }

    /// A new basic block at the end of the function.
    pub fn new_block(&self, name: &str) -> BasicBlock<'ctx> {
        self.cx.context.append_basic_block(self.function, name)
    }

    /// The block instructions are currently added to.
    pub fn current_block(&self) -> BasicBlock<'ctx> {
        self.builder.get_insert_block().expect("builder is positioned")
    }

    /// Trap with `code` when `condition` (an `i1`) is true; continue in a
    /// new block otherwise.
    pub fn trap_if(&mut self, condition: IntValue<'ctx>, code: TrapCode) -> Result<(), CompileError> {
        let trap = self.trap_block(code)?;
        let cont = self.new_block("no_trap");
        let weights = self.unlikely_weights();
        let branch = self.builder.build_conditional_branch(condition, trap, cont)?;
        let kind = self.cx.context.get_kind_id("prof");
        branch.set_metadata(weights, kind).map_err(|e| CompileError::Llvm(e.to_string()))?;
        self.builder.position_at_end(cont);
        Ok(())
    }

    /// Trap unconditionally; the rest of the block is unreachable.
    pub fn trap(&mut self, code: TrapCode) -> Result<(), CompileError> {
        let trap = self.trap_block(code)?;
        self.builder.build_unconditional_branch(trap)?;
        self.set_unreachable();
        Ok(())
    }

    fn unlikely_weights(&self) -> inkwell::values::MetadataValue<'ctx> {
        let context = self.cx.context;
        context.metadata_node(&[
            context.metadata_string("branch_weights").into(),
            self.cx.types.i32.const_int(1, false).into(),
            self.cx.types.i32.const_int(2000, false).into(),
        ])
    }
}

/// A short name for an operator, for error messages (`I32Add`, `V128Load`, …).
pub(crate) fn operator_name(op: &Operator<'_>) -> String {
    let debug = format!("{op:?}");
    debug.split([' ', '{', '(']).next().unwrap_or_default().to_string()
}
