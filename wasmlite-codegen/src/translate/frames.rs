//! Control frames: one per enclosing `block`, `loop`, `if` and the function
//! body itself.

use super::FuncTranslator;
use crate::CompileError;
use inkwell::basic_block::BasicBlock;
use inkwell::values::{BasicValueEnum, PhiValue};
use wasmlite_abi::ValType;

/// What kind of construct a frame is.
pub(crate) enum FrameKind<'ctx> {
    /// The function body; its `next` block returns.
    Function,
    /// A `block`.
    Block,
    /// A `loop`: branches go to `header`, carrying the parameters.
    Loop { header: BasicBlock<'ctx>, param_phis: Vec<PhiValue<'ctx>> },
    /// An `if` whose `else` has not been seen yet: `else_block` runs when the
    /// condition is false, starting from `params`. (Frames are only opened
    /// in reachable code, so the `else` arm is always reachable.)
    If { else_block: BasicBlock<'ctx>, params: Vec<BasicValueEnum<'ctx>> },
    /// An `if` after its `else`.
    Else,
}

/// A frame of the control stack.
pub(crate) struct ControlFrame<'ctx> {
    pub kind: FrameKind<'ctx>,
    /// Where execution continues after the construct.
    pub next: BasicBlock<'ctx>,
    /// Phi nodes at `next`, one per result.
    pub result_phis: Vec<PhiValue<'ctx>>,
    /// Operand stack height below the frame's parameters.
    pub height: usize,
    /// Parameter types.
    pub params: Vec<ValType>,
    /// Result types.
    pub results: Vec<ValType>,
}

impl<'ctx> ControlFrame<'ctx> {
    /// Number of values a branch to this frame carries.
    pub fn branch_arity(&self) -> usize {
        match self.kind {
            FrameKind::Loop { .. } => self.params.len(),
            _ => self.results.len(),
        }
    }
}

impl<'ctx> FuncTranslator<'ctx, '_, '_> {
    /// Phi nodes of the given types at the start of `block`.
    pub(super) fn phis_at(&self, block: BasicBlock<'ctx>, types: &[ValType]) -> Result<Vec<PhiValue<'ctx>>, CompileError> {
        let here = self.builder.get_insert_block();
        match block.get_first_instruction() {
            Some(first) => self.builder.position_before(&first),
            None => self.builder.position_at_end(block),
        }
        let phis = types
            .iter()
            .map(|t| self.builder.build_phi(self.cx.types.val(*t), "phi"))
            .collect::<Result<Vec<_>, _>>()?;
        if let Some(here) = here {
            self.builder.position_at_end(here);
        }
        Ok(phis)
    }

    /// The frame at branch depth `depth` (0 = innermost).
    pub(super) fn frame_at(&self, depth: u32) -> &ControlFrame<'ctx> {
        let index = self.control.len() - 1 - depth as usize;
        &self.control[index]
    }

    /// Fall through the `end` (or `else`) of the innermost frame to its
    /// `next` block, passing the results on top of the stack.
    pub(super) fn fall_through(&mut self) -> Result<(), CompileError> {
        let from = self.current_block();
        let frame = self.control.last().expect("a frame is open");
        let values = self.peek_n(frame.results.len()).to_vec();
        for (phi, value) in frame.result_phis.iter().zip(&values) {
            phi.add_incoming(&[(value, from)]);
        }
        self.builder.build_unconditional_branch(frame.next)?;
        Ok(())
    }

    /// Branch from the current block to the frame at `depth`, passing the
    /// top values of the stack (not popped) to its phis.
    pub(super) fn branch_to(&mut self, depth: u32) -> Result<(), CompileError> {
        let from = self.current_block();
        let frame = self.frame_at(depth);
        let arity = frame.branch_arity();
        let values = self.peek_n(arity).to_vec();
        let (target, phis) = match &frame.kind {
            FrameKind::Loop { header, param_phis } => (*header, param_phis),
            _ => (frame.next, &frame.result_phis),
        };
        for (phi, value) in phis.iter().zip(&values) {
            phi.add_incoming(&[(value, from)]);
        }
        self.builder.build_unconditional_branch(target)?;
        Ok(())
    }
}
