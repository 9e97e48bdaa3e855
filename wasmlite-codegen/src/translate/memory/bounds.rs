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
//!
//! A 64-bit memory is checked this way in both modes
//! (`checked_address64`), with terms that can reach 2^64: with `reach =
//! offset + size` (saturating), the access is out of bounds iff
//!
//! ```text
//! reach > length  ||  address > length - reach        (unsigned)
//! ```
//!
//! The first compare and the subtraction do not depend on the address, so
//! both are hoisted with the length out of loops; no sum can wrap.

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

    /// For a 64-bit memory, in every mode: trap unless the `size` bytes at
    /// `address + offset` (`address`: `i64`) lie in memory `memory`;
    /// returns `address + offset`, which then cannot have wrapped.
    pub(super) fn checked_address64(
        &mut self,
        memory: u32,
        address: IntValue<'ctx>,
        offset: u64,
        size: u64,
    ) -> Result<IntValue<'ctx>, CompileError> {
        let i64t = self.cx.types.i64;
        let length = self.memory_length(memory)?;
        // Past 2^64 - 1 nothing fits in any memory: saturating keeps it so.
        let reach = i64t.const_int(offset.saturating_add(size), false);
        let too_far = self
            .builder
            .build_int_compare(IntPredicate::UGT, reach, length, "reach_oob")?;
        let limit = self.builder.build_int_sub(length, reach, "limit")?;
        let past = self
            .builder
            .build_int_compare(IntPredicate::UGT, address, limit, "addr_oob")?;
        let out_of_bounds = self.builder.build_or(too_far, past, "out_of_bounds")?;
        self.trap_if(out_of_bounds, TrapCode::MemoryOutOfBounds)?;
        if offset == 0 {
            return Ok(address);
        }
        // In bounds: address + offset + size <= length, so no wrap.
        Ok(self
            .builder
            .build_int_nuw_add(address, i64t.const_int(offset, false), "addr_off")?)
    }
}
