//! Which values of the optimised IR are never a signalling NaN once
//! compiled.
//!
//! A value is quiet when the machine code computing it quiets NaNs: an
//! arithmetic instruction the hardware performs (`add`, `sub`, `mul`,
//! `div` whose operands instruction selection cannot see as identity
//! constants, `sqrt`, rounding, `fptrunc` of anything but an `fpext`,
//! `fpext`), an integer conversion (never a NaN), another marker (it will
//! be quiet once resolved), or a sign operation, lane shuffle, `select` or
//! `phi` of quiet values. Anything else — a parameter, a load, a call's
//! result, a bit cast, a constant NaN, `minimum`/`maximum` (x86 returns a
//! NaN operand unchanged) — may be a signalling NaN.

use super::{folds, marker_operand};
use inkwell::values::{
    BasicValue, BasicValueEnum, CallSiteValue, InstructionOpcode, InstructionValue,
};
use std::collections::HashSet;

/// Deeper chains of shuffles and phis are assumed not quiet.
const MAX_DEPTH: u32 = 16;

/// Whether `value`, once compiled, is never a signalling NaN.
pub(super) fn is_quiet(value: BasicValueEnum<'_>) -> bool {
    Quietness::default().value(value, 0)
}

#[derive(Default)]
struct Quietness<'ctx> {
    /// Phis being decided: a cycle back to one adds no signalling NaN of
    /// its own.
    visiting: HashSet<InstructionValue<'ctx>>,
}

impl<'ctx> Quietness<'ctx> {
    fn value(&mut self, value: BasicValueEnum<'ctx>, depth: u32) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        if value.is_const() {
            return folds::constant_has_no_nan(value);
        }
        match value.as_instruction_value() {
            Some(instruction) => self.instruction(instruction, depth),
            // A parameter.
            None => false,
        }
    }

    fn operand(&mut self, instruction: InstructionValue<'ctx>, index: u32, depth: u32) -> bool {
        match instruction.get_operand(index).and_then(|o| o.value()) {
            Some(value) => self.value(value, depth + 1),
            None => false,
        }
    }

    fn instruction(&mut self, instruction: InstructionValue<'ctx>, depth: u32) -> bool {
        use InstructionOpcode::*;
        match instruction.get_opcode() {
            FAdd | FSub | FMul | FDiv => !folds::may_fold(instruction),
            FPTrunc => !folds::is_extension(instruction),
            FPExt | SIToFP | UIToFP => true,
            FNeg | ExtractElement => self.operand(instruction, 0, depth),
            Select => self.operand(instruction, 1, depth) && self.operand(instruction, 2, depth),
            ShuffleVector | InsertElement => {
                self.operand(instruction, 0, depth) && self.operand(instruction, 1, depth)
            }
            Phi => {
                if !self.visiting.insert(instruction) {
                    return true;
                }
                let quiet = (0..instruction.get_num_operands())
                    .all(|i| self.operand(instruction, i, depth));
                self.visiting.remove(&instruction);
                quiet
            }
            Call => self.call(instruction, depth),
            _ => false,
        }
    }

    fn call(&mut self, instruction: InstructionValue<'ctx>, depth: u32) -> bool {
        if marker_operand(instruction).is_some() {
            return true;
        }
        let Some(callee) = CallSiteValue::try_from(instruction)
            .ok()
            .and_then(|call| call.get_called_fn_value())
        else {
            return false;
        };
        let name = callee.get_name().to_bytes();
        let is = |intrinsic: &str| {
            name.strip_prefix(intrinsic.as_bytes())
                .is_some_and(|rest| rest.first() == Some(&b'.'))
        };
        if ["llvm.sqrt", "llvm.ceil", "llvm.floor", "llvm.trunc", "llvm.roundeven"]
            .into_iter()
            .any(is)
        {
            true
        } else if is("llvm.fabs") || is("llvm.copysign") {
            // The magnitude comes from the first operand.
            self.operand(instruction, 0, depth)
        } else {
            false
        }
    }
}
