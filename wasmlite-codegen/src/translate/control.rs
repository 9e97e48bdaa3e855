//! Structured control flow: `block`, `loop`, `if`/`else`, `end`, branches
//! (also `br_on_null`/`br_on_non_null`), `return`, `unreachable`, `nop`,
//! `drop`, `select`.

use super::env::val_type;
use super::frames::{ControlFrame, FrameKind};
use super::{FuncTranslator, Handled};
use crate::CompileError;
use inkwell::values::{BasicValue, BasicValueEnum};
use inkwell::IntPredicate;
use std::collections::BTreeMap;
use wasmlite_abi::{TrapCode, ValType};
use wasmparser::{BlockType, Operator};

/// Translate a control operator; `Ok(false)` if `op` is not one.
pub(super) fn translate(t: &mut FuncTranslator<'_, '_, '_>, op: &Operator<'_>) -> Handled {
    match op {
        Operator::Nop => {}
        Operator::Unreachable => t.trap(TrapCode::UnreachableCodeReached)?,
        Operator::Block { blockty } => {
            let (params, results) = block_signature(t, *blockty)?;
            let next = t.new_block("block_end");
            let result_phis = t.phis_at(next, &results)?;
            let height = t.stack.len() - params.len();
            t.control.push(ControlFrame { kind: FrameKind::Block, next, result_phis, height, params, results });
        }
        Operator::Loop { blockty } => {
            let (params, results) = block_signature(t, *blockty)?;
            let header = t.new_block("loop");
            let next = t.new_block("loop_end");
            let param_phis = t.phis_at(header, &params)?;
            let result_phis = t.phis_at(next, &results)?;
            let from = t.current_block();
            let values = t.pop_n(params.len());
            for (phi, value) in param_phis.iter().zip(&values) {
                phi.add_incoming(&[(value, from)]);
            }
            t.builder.build_unconditional_branch(header)?;
            t.builder.position_at_end(header);
            let height = t.stack.len();
            for phi in &param_phis {
                t.push(phi.as_basic_value());
            }
            t.control.push(ControlFrame {
                kind: FrameKind::Loop { header, param_phis },
                next,
                result_phis,
                height,
                params,
                results,
            });
        }
        Operator::If { blockty } => {
            let (params, results) = block_signature(t, *blockty)?;
            let condition = t.pop_int();
            let then_block = t.new_block("then");
            let else_block = t.new_block("else");
            let next = t.new_block("if_end");
            let result_phis = t.phis_at(next, &results)?;
            let zero = condition.get_type().const_zero();
            let is_true = t.builder.build_int_compare(IntPredicate::NE, condition, zero, "cond")?;
            t.builder.build_conditional_branch(is_true, then_block, else_block)?;
            t.builder.position_at_end(then_block);
            let height = t.stack.len() - params.len();
            let entry_params = t.peek_n(params.len()).to_vec();
            t.control.push(ControlFrame {
                kind: FrameKind::If { else_block, params: entry_params },
                next,
                result_phis,
                height,
                params,
                results,
            });
        }
        Operator::Else => translate_else(t)?,
        Operator::End => translate_end(t)?,
        Operator::Br { relative_depth } => {
            t.branch_to(*relative_depth)?;
            t.set_unreachable();
        }
        Operator::BrIf { relative_depth } => {
            let condition = t.pop_int();
            let zero = condition.get_type().const_zero();
            let is_true = t.builder.build_int_compare(IntPredicate::NE, condition, zero, "br_if")?;
            let taken = t.new_block("br_if_taken");
            let cont = t.new_block("br_if_cont");
            t.builder.build_conditional_branch(is_true, taken, cont)?;
            t.builder.position_at_end(taken);
            t.branch_to(*relative_depth)?;
            t.builder.position_at_end(cont);
        }
        Operator::BrOnNull { relative_depth } => {
            // Branch without the reference when it is null; keep it otherwise.
            let reference = t.pop().into_pointer_value();
            let is_null = t.builder.build_is_null(reference, "is_null")?;
            let taken = t.new_block("br_on_null_taken");
            let cont = t.new_block("br_on_null_cont");
            t.builder.build_conditional_branch(is_null, taken, cont)?;
            t.builder.position_at_end(taken);
            t.branch_to(*relative_depth)?;
            t.builder.position_at_end(cont);
            t.push(reference);
        }
        Operator::BrOnNonNull { relative_depth } => {
            // Branch with the reference when it is not null; drop it otherwise.
            let reference = t.peek_n(1)[0].into_pointer_value();
            let is_null = t.builder.build_is_null(reference, "is_null")?;
            let taken = t.new_block("br_on_non_null_taken");
            let cont = t.new_block("br_on_non_null_cont");
            t.builder.build_conditional_branch(is_null, cont, taken)?;
            t.builder.position_at_end(taken);
            t.branch_to(*relative_depth)?;
            t.builder.position_at_end(cont);
            t.pop();
        }
        Operator::BrTable { targets } => {
            let index = t.pop_int();
            let default = targets.default();
            let depths = targets.targets().collect::<Result<Vec<u32>, _>>()?;
            // One intermediate block per distinct target, so each target's
            // phis get exactly one incoming edge from this br_table.
            let mut edges = BTreeMap::new();
            for depth in depths.iter().chain(std::iter::once(&default)) {
                if !edges.contains_key(depth) {
                    edges.insert(*depth, t.new_block("br_table_edge"));
                }
            }
            let cases: Vec<_> = depths
                .iter()
                .enumerate()
                .map(|(i, d)| (t.cx.types.i32.const_int(i as u64, false), edges[d]))
                .collect();
            t.builder.build_switch(index, edges[&default], &cases)?;
            for (depth, block) in edges {
                t.builder.position_at_end(block);
                t.branch_to(depth)?;
            }
            t.set_unreachable();
        }
        Operator::Return => {
            let depth = t.control.len() as u32 - 1;
            t.branch_to(depth)?;
            t.set_unreachable();
        }
        Operator::Drop => {
            let value = t.pop();
            keep_dropped_load(value)?;
        }
        Operator::Select | Operator::TypedSelect { .. } => {
            let condition = t.pop_int();
            let if_false = t.pop();
            let if_true = t.pop();
            let zero = condition.get_type().const_zero();
            let is_true = t.builder.build_int_compare(IntPredicate::NE, condition, zero, "select_cond")?;
            let value = t.builder.build_select(is_true, if_true, if_false, "select")?;
            t.push(value);
        }
        Operator::TypedSelectMulti { .. } => return Err(t.unsupported("select with several result types")),
        _ => return Ok(false),
    }
    Ok(true)
}

/// `else`: close the `then` arm and continue in the `else` arm.
pub(super) fn translate_else(t: &mut FuncTranslator<'_, '_, '_>) -> Result<(), CompileError> {
    if t.reachable {
        t.fall_through()?;
    }
    let frame = t.control.last_mut().expect("validated: else inside if");
    let FrameKind::If { else_block, params } =
        std::mem::replace(&mut frame.kind, FrameKind::Else)
    else {
        unreachable!("validated: else follows if");
    };
    let height = frame.height;
    t.stack.truncate(height);
    t.stack.extend(params);
    t.builder.position_at_end(else_block);
    // Frames are only opened in reachable code, so the else arm is reachable.
    t.reachable = true;
    Ok(())
}

/// `end`: close the innermost frame.
pub(super) fn translate_end(t: &mut FuncTranslator<'_, '_, '_>) -> Result<(), CompileError> {
    if t.reachable {
        t.fall_through()?;
    }
    let frame = t.control.pop().expect("validated: end closes a frame");
    if let FrameKind::If { else_block, params } = &frame.kind {
        // No `else`: the false path passes the parameters through as results.
        t.builder.position_at_end(*else_block);
        for (phi, value) in frame.result_phis.iter().zip(params) {
            phi.add_incoming(&[(value, *else_block)]);
        }
        t.builder.build_unconditional_branch(frame.next)?;
    }
    t.stack.truncate(frame.height);
    t.builder.position_at_end(frame.next);
    let reached = frame.next.get_first_use().is_some();
    if let FrameKind::Function = frame.kind {
        return build_return(t, &frame, reached);
    }
    if reached {
        for phi in &frame.result_phis {
            t.push(phi.as_basic_value());
        }
        t.reachable = true;
    } else {
        t.builder.build_unreachable()?;
        t.reachable = false;
    }
    Ok(())
}

/// The function's exit block: return the results per the calling convention.
fn build_return(t: &mut FuncTranslator<'_, '_, '_>, frame: &ControlFrame<'_>, reached: bool) -> Result<(), CompileError> {
    if !reached {
        t.builder.build_unreachable()?;
        return Ok(());
    }
    match frame.result_phis.as_slice() {
        [] => {
            t.builder.build_return(None)?;
        }
        [one] => {
            t.builder.build_return(Some(&one.as_basic_value()))?;
        }
        many => {
            let results = t.function.get_nth_param(1).expect("results pointer").into_pointer_value();
            for (k, phi) in many.iter().enumerate() {
                let slot = t.byte_offset(results, 16 * k as u64)?;
                t.builder.build_store(slot, phi.as_basic_value())?;
            }
            t.builder.build_return(None)?;
        }
    }
    Ok(())
}

/// A linear-memory load whose value is dropped at once must still trap when
/// out of bounds: keep LLVM from deleting it. (Loads of locals, from stack
/// slots, are left alone so they still become registers.)
fn keep_dropped_load(value: BasicValueEnum<'_>) -> Result<(), CompileError> {
    use inkwell::values::InstructionOpcode;
    let Some(mut instruction) = value.as_instruction_value() else { return Ok(()) };
    // A narrow load (`i32.load8_u`, ...) is pushed as its extension.
    if matches!(instruction.get_opcode(), InstructionOpcode::ZExt | InstructionOpcode::SExt) {
        let operand = instruction.get_operand(0).and_then(|operand| match operand {
            inkwell::values::Operand::Value(value) => value.as_instruction_value(),
            inkwell::values::Operand::Block(_) => None,
        });
        let Some(operand) = operand else { return Ok(()) };
        instruction = operand;
    }
    if instruction.get_opcode() != InstructionOpcode::Load {
        return Ok(());
    }
    let from_stack_slot = instruction
        .get_operand(0)
        .and_then(|operand| match operand {
            inkwell::values::Operand::Value(value) => Some(value),
            inkwell::values::Operand::Block(_) => None,
        })
        .and_then(|pointer| pointer.as_instruction_value())
        .is_some_and(|p| p.get_opcode() == InstructionOpcode::Alloca);
    if !from_stack_slot {
        instruction.set_volatile(true).map_err(|e| CompileError::Llvm(e.to_string()))?;
    }
    Ok(())
}

/// Parameter and result types of a block type.
pub(super) fn block_signature(
    t: &FuncTranslator<'_, '_, '_>,
    blockty: BlockType,
) -> Result<(Vec<ValType>, Vec<ValType>), CompileError> {
    Ok(match blockty {
        BlockType::Empty => (vec![], vec![]),
        BlockType::Type(ty) => (vec![], vec![val_type(ty, t.offset)?]),
        BlockType::FuncType(index) => {
            let ty = &t.cx.info.types[index as usize];
            (ty.params.clone(), ty.results.clone())
        }
    })
}

impl<'ctx> FuncTranslator<'ctx, '_, '_> {
    /// The frame for the function body, whose `next` block returns.
    pub(super) fn push_function_frame(&mut self) {
        let results = self.cx.info.func_type(self.func_index).results.clone();
        let next = self.new_block("return");
        let result_phis = self.phis_at(next, &results).expect("building phis in a fresh block");
        self.control.push(ControlFrame { kind: FrameKind::Function, next, result_phis, height: 0, params: vec![], results });
    }
}
