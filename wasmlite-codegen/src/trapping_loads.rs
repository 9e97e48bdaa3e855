//! Keep linear-memory loads that may trap.
//!
//! Out-of-bounds loads trap through the guard pages, so a load must execute
//! to trap. LLVM deletes loads whose value is unused, and a value can
//! become unused in many ways (dropped, stored to a local never read again,
//! discarded by a branch, fed only into other unused computations). Before
//! optimisation, this pass finds every load from linear memory whose value
//! does not reach anything with an effect — a store to memory, a call, a
//! return, a branch condition — through pure computations or through
//! locals (stack slots), and marks it volatile so LLVM keeps it. Loads whose
//! values are used keep every optimisation.
//!
//! A value that reaches an effect only through a computation LLVM later
//! simplifies away (a `select` with a constant condition, say) is not
//! caught; the fuzzer (`tests/fuzz`) checks how often that happens.
//!
//! Only run with [`crate::BoundsChecks::GuardPages`]: with explicit checks
//! the check before each access traps, whether or not the load survives.

use inkwell::values::{AnyValueEnum, BasicValue, FunctionValue, InstructionOpcode, InstructionValue};
use std::collections::HashMap;

/// Mark the memory loads of `function` whose values have no effect volatile.
pub(crate) fn keep_trapping_loads(function: FunctionValue<'_>) {
    let mut analysis = Liveness::default();
    let mut block = function.get_first_basic_block();
    while let Some(b) = block {
        let mut instruction = b.get_first_instruction();
        while let Some(i) = instruction {
            if is_memory_load(i) && !i.get_volatile().unwrap_or(true) && !analysis.is_live(i) {
                // A load instruction accepts the volatile flag.
                let _ = i.set_volatile(true);
            }
            instruction = i.get_next_instruction();
        }
        block = b.get_next_basic_block();
    }
}

/// A load whose address is not a stack slot.
fn is_memory_load(i: InstructionValue<'_>) -> bool {
    i.get_opcode() == InstructionOpcode::Load && !operand_is_alloca(i, 0)
}

fn operand_is_alloca(i: InstructionValue<'_>, index: u32) -> bool {
    match i.get_operand(index) {
        Some(inkwell::values::Operand::Value(value)) => value
            .as_instruction_value()
            .is_some_and(|p| p.get_opcode() == InstructionOpcode::Alloca),
        _ => false,
    }
}

#[derive(Default)]
struct Liveness<'ctx> {
    /// Answers so far; `false` while an instruction is being decided (a
    /// cycle through phis adds no liveness of its own).
    known: HashMap<InstructionValue<'ctx>, bool>,
}

impl<'ctx> Liveness<'ctx> {
    /// Whether `value` reaches an instruction with an effect.
    fn is_live(&mut self, value: InstructionValue<'ctx>) -> bool {
        if let Some(known) = self.known.get(&value) {
            return *known;
        }
        self.known.insert(value, false);
        let mut live = false;
        let mut next = value.get_first_use();
        while let Some(use_) = next {
            if let AnyValueEnum::InstructionValue(user) = use_.get_user() {
                if self.use_is_live(value, user) {
                    live = true;
                    break;
                }
            } else if let Some(user) = instruction_of(use_.get_user()) {
                if self.use_is_live(value, user) {
                    live = true;
                    break;
                }
            } else {
                live = true;
                break;
            }
            next = use_.get_next_use();
        }
        self.known.insert(value, live);
        live
    }

    fn use_is_live(&mut self, value: InstructionValue<'ctx>, user: InstructionValue<'ctx>) -> bool {
        use InstructionOpcode::*;
        match user.get_opcode() {
            // Storing into a stack slot: live if the slot's value is read
            // by something live. Storing anything else, or storing the
            // slot's address, has an effect.
            Store if operand_is_alloca(user, 1) && stored_value_is(user, value) => {
                let Some(inkwell::values::Operand::Value(slot)) = user.get_operand(1) else { return true };
                let Some(slot) = slot.as_instruction_value() else { return true };
                self.slot_is_read_live(slot)
            }
            Add | Sub | Mul | UDiv | SDiv | URem | SRem | Shl | LShr | AShr | And | Or | Xor | FAdd
            | FSub | FMul | FDiv | FRem | FNeg | ICmp | FCmp | Trunc | ZExt | SExt | FPTrunc | FPExt
            | FPToUI | FPToSI | UIToFP | SIToFP | BitCast | PtrToInt | IntToPtr | Select | Phi
            | ExtractElement | InsertElement | ShuffleVector | GetElementPtr | Freeze | Load => {
                self.is_live(user)
            }
            _ => true,
        }
    }

    /// Whether some load of stack slot `slot` is live.
    fn slot_is_read_live(&mut self, slot: InstructionValue<'ctx>) -> bool {
        let mut next = slot.get_first_use();
        while let Some(use_) = next {
            if let Some(user) = instruction_of(use_.get_user()) {
                if user.get_opcode() == InstructionOpcode::Load && self.is_live(user) {
                    return true;
                }
            }
            next = use_.get_next_use();
        }
        false
    }
}

fn stored_value_is<'ctx>(store: InstructionValue<'ctx>, value: InstructionValue<'ctx>) -> bool {
    match store.get_operand(0) {
        Some(inkwell::values::Operand::Value(v)) => v.as_instruction_value() == Some(value),
        _ => false,
    }
}

fn instruction_of(value: AnyValueEnum<'_>) -> Option<InstructionValue<'_>> {
    match value {
        AnyValueEnum::InstructionValue(i) => Some(i),
        AnyValueEnum::IntValue(v) => v.as_instruction(),
        AnyValueEnum::FloatValue(v) => v.as_instruction(),
        AnyValueEnum::PointerValue(v) => v.as_instruction(),
        AnyValueEnum::VectorValue(v) => v.as_instruction(),
        AnyValueEnum::PhiValue(v) => Some(v.as_instruction()),
        _ => None,
    }
}
