//! Explicit bounds checks ([`crate::BoundsChecks::Explicit`]).
//!
//! Before an access of `size` bytes at `memory_base + zext(address) +
//! offset`, trap with `MemoryOutOfBounds` unless
//!
//! ```text
//! zext(address) + offset + size <= length
//! ```
//!
//! computed as `zext(address) > length - (offset + size)` in signed `i64`:
//! a 32-bit memory has `length <= 2^32`, and a validated memarg has
//! `offset < 2^32` and `size <= 16`, so no term can overflow, and the
//! right-hand side is the same for every access with the same
//! `offset + size` (one subtraction, hoisted with the length out of loops;
//! see `crate::alias` for why the length load can be hoisted). The branch
//! goes to the function's shared trap block, weighted as never taken.
//!
//! The check comes before the access, and the trap is a call LLVM knows
//! nothing about: every store (to memory or a global) before the trapping
//! instruction is done before the call, none after it is moved above the
//! branch, and a load whose value is unused may be deleted but its check
//! may not. So the state after a trap is exactly the specification's.

use super::super::FuncTranslator;
use crate::{BoundsChecks, CompileError};
use inkwell::values::IntValue;
use inkwell::IntPredicate;
use wasmlite_abi::TrapCode;

impl<'ctx> FuncTranslator<'ctx, '_, '_> {
    /// In [`BoundsChecks::Explicit`] mode, trap unless the `size` bytes at
    /// `index + offset` (`index`: the zero-extended `i64` address) lie in
    /// memory `memory`; nothing in guard-page mode.
    pub(super) fn check_access(
        &mut self,
        memory: u32,
        index: IntValue<'ctx>,
        offset: u64,
        size: u64,
    ) -> Result<(), CompileError> {
        if self.cx.bounds_checks != BoundsChecks::Explicit {
            return Ok(());
        }
        let i64t = self.cx.types.i64;
        let length = self.memory_length(memory)?;
        let reach = i64t.const_int(offset + size, false);
        let limit = self.builder.build_int_nsw_sub(length, reach, "limit")?;
        let out_of_bounds =
            self.builder
                .build_int_compare(IntPredicate::SGT, index, limit, "out_of_bounds")?;
        self.trap_if(out_of_bounds, TrapCode::MemoryOutOfBounds)
    }
}
