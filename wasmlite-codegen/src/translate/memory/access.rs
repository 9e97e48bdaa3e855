//! Loads and stores of scalar values.
//!
//! # Bounds checking by guard pages
//!
//! A 32-bit memory is reserved by the runtime with 8 GiB + 64 KiB of
//! address space; only the first `length` bytes are accessible and every
//! access past them faults, which the runtime's signal handler turns into a
//! [`wasmlite_abi::TrapCode::MemoryOutOfBounds`] trap. The largest address
//! an access can form is `(2^32 - 1) + (2^32 - 1) + 8 bytes`, inside the
//! reservation, so an access needs no explicit check:
//!
//! ```text
//! effective address = memory_base + zext_i64(address) + memarg.offset
//! ```
//!
//! is one `add nuw`, one `getelementptr i8` and one `load`/`store` with
//! `align 1` (wasm's alignment is only a hint; misaligned accesses must
//! work). At `-O2` on x86-64 an `i32.load` is a single `mov` from
//! `[base + index + offset]` with no compare-and-branch; the test
//! `single_machine_load_without_bounds_check` in
//! `tests/memory_codegen.rs` checks exactly that on the disassembly.
//!
//! Accesses are not volatile, so LLVM may combine and schedule them; a
//! load whose value has no effect is made volatile (`crate::trapping_loads`)
//! so that it still traps. The `GEP` is deliberately not `inbounds`:
//! an out-of-bounds address points into the reservation, not into an object
//! LLVM knows about, and must not become poison.
//!
//! # Explicit bounds checks
//!
//! With [`crate::BoundsChecks::Explicit`], every access is preceded by a
//! compare with the memory's length and a branch to the trap (`bounds.rs`),
//! which gives exact trap semantics; the access itself is formed the same
//! way.
//!
//! # 64-bit memories
//!
//! An `i64` address plus a 64-bit static offset cannot be covered by any
//! reservation, so accesses to a 64-bit memory are checked explicitly in
//! both modes (`bounds.rs`, `checked_address64`), with the sum computed so
//! that it cannot wrap past 2^64.

use super::super::FuncTranslator;
use crate::CompileError;
use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValue, BasicValueEnum, IntValue, PointerValue};
use wasmlite_abi::ValType;
use wasmparser::{MemArg, MemArgTarget, Operator};

/// The representation of an accessed value in memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum InMemory {
    I8,
    I16,
    I32,
    I64,
    F32,
    F64,
}

/// What a load or store moves between memory and the operand stack.
#[derive(Clone, Copy, Debug)]
struct Access {
    /// The bytes in memory.
    stored: InMemory,
    /// The operand-stack value.
    value: ValType,
    /// For narrow integer loads: sign-extend (`_s`) rather than zero-extend.
    signed: bool,
}

const fn access(stored: InMemory, value: ValType, signed: bool) -> Access {
    Access {
        stored,
        value,
        signed,
    }
}

/// Translate a load or store; `Ok(false)` if `op` is neither.
pub(super) fn translate(
    t: &mut FuncTranslator<'_, '_, '_>,
    op: &Operator<'_>,
) -> Result<bool, CompileError> {
    if let Some((memarg, load)) = classify_load(op) {
        let address = t.pop_int();
        let pointer = t.effective_address(&memarg, address, load.stored.size())?;
        let value = emit_load(t, pointer, load)?;
        t.push(value);
        return Ok(true);
    }
    if let Some((memarg, store)) = classify_store(op) {
        let value = t.pop();
        let address = t.pop_int();
        let pointer = t.effective_address(&memarg, address, store.stored.size())?;
        emit_store(t, pointer, store, value)?;
        return Ok(true);
    }
    Ok(false)
}

/// The memory argument and shape of a scalar load.
fn classify_load(op: &Operator<'_>) -> Option<(MemArg, Access)> {
    use InMemory as M;
    use ValType::{F32, F64, I32, I64};
    Some(match *op {
        Operator::I32Load { memarg } => (memarg, access(M::I32, I32, false)),
        Operator::I64Load { memarg } => (memarg, access(M::I64, I64, false)),
        Operator::F32Load { memarg } => (memarg, access(M::F32, F32, false)),
        Operator::F64Load { memarg } => (memarg, access(M::F64, F64, false)),
        Operator::I32Load8S { memarg } => (memarg, access(M::I8, I32, true)),
        Operator::I32Load8U { memarg } => (memarg, access(M::I8, I32, false)),
        Operator::I32Load16S { memarg } => (memarg, access(M::I16, I32, true)),
        Operator::I32Load16U { memarg } => (memarg, access(M::I16, I32, false)),
        Operator::I64Load8S { memarg } => (memarg, access(M::I8, I64, true)),
        Operator::I64Load8U { memarg } => (memarg, access(M::I8, I64, false)),
        Operator::I64Load16S { memarg } => (memarg, access(M::I16, I64, true)),
        Operator::I64Load16U { memarg } => (memarg, access(M::I16, I64, false)),
        Operator::I64Load32S { memarg } => (memarg, access(M::I32, I64, true)),
        Operator::I64Load32U { memarg } => (memarg, access(M::I32, I64, false)),
        _ => return None,
    })
}

/// The memory argument and shape of a scalar store.
fn classify_store(op: &Operator<'_>) -> Option<(MemArg, Access)> {
    use InMemory as M;
    use ValType::{F32, F64, I32, I64};
    Some(match *op {
        Operator::I32Store { memarg } => (memarg, access(M::I32, I32, false)),
        Operator::I64Store { memarg } => (memarg, access(M::I64, I64, false)),
        Operator::F32Store { memarg } => (memarg, access(M::F32, F32, false)),
        Operator::F64Store { memarg } => (memarg, access(M::F64, F64, false)),
        Operator::I32Store8 { memarg } => (memarg, access(M::I8, I32, false)),
        Operator::I32Store16 { memarg } => (memarg, access(M::I16, I32, false)),
        Operator::I64Store8 { memarg } => (memarg, access(M::I8, I64, false)),
        Operator::I64Store16 { memarg } => (memarg, access(M::I16, I64, false)),
        Operator::I64Store32 { memarg } => (memarg, access(M::I32, I64, false)),
        _ => return None,
    })
}

impl InMemory {
    /// Bytes accessed.
    fn size(self) -> u64 {
        match self {
            InMemory::I8 => 1,
            InMemory::I16 => 2,
            InMemory::I32 | InMemory::F32 => 4,
            InMemory::I64 | InMemory::F64 => 8,
        }
    }
}

/// The LLVM type of the bytes in memory.
fn memory_type<'ctx>(t: &FuncTranslator<'ctx, '_, '_>, stored: InMemory) -> BasicTypeEnum<'ctx> {
    let context = t.cx.context;
    match stored {
        InMemory::I8 => t.cx.types.i8.into(),
        InMemory::I16 => context.i16_type().into(),
        InMemory::I32 => t.cx.types.i32.into(),
        InMemory::I64 => t.cx.types.i64.into(),
        InMemory::F32 => t.cx.types.f32.into(),
        InMemory::F64 => t.cx.types.f64.into(),
    }
}

/// Load `access.stored` from `pointer` and widen it to `access.value`.
fn emit_load<'ctx>(
    t: &FuncTranslator<'ctx, '_, '_>,
    pointer: PointerValue<'ctx>,
    access: Access,
) -> Result<BasicValueEnum<'ctx>, CompileError> {
    let stored_type = memory_type(t, access.stored);
    let loaded = t.builder.build_load(stored_type, pointer, "heap_load")?;
    t.heap_access(
        loaded
            .as_instruction_value()
            .expect("a load is an instruction"),
    )?;
    let value_type = t.cx.types.val(access.value);
    if stored_type == value_type {
        return Ok(loaded);
    }
    let narrow = loaded.into_int_value();
    let wide = value_type.into_int_type();
    let extended = if access.signed {
        t.builder.build_int_s_extend(narrow, wide, "sext")?
    } else {
        t.builder.build_int_z_extend(narrow, wide, "zext")?
    };
    Ok(extended.into())
}

/// Narrow `value` to `access.stored` if needed and store it at `pointer`.
fn emit_store<'ctx>(
    t: &FuncTranslator<'ctx, '_, '_>,
    pointer: PointerValue<'ctx>,
    access: Access,
    value: BasicValueEnum<'ctx>,
) -> Result<(), CompileError> {
    let stored_type = memory_type(t, access.stored);
    let value = if stored_type == value.get_type() {
        value
    } else {
        let narrow = stored_type.into_int_type();
        t.builder
            .build_int_truncate(value.into_int_value(), narrow, "narrow")?
            .into()
    };
    let store = t.builder.build_store(pointer, value)?;
    t.heap_access(store)
}

impl<'ctx> FuncTranslator<'ctx, '_, '_> {
    /// The native address a wasm access of `size` bytes with `memarg` at
    /// `address` touches: `memory_base + zext(address) + memarg.offset`.
    /// A 64-bit memory's access is always checked explicitly
    /// (`bounds.rs`). With guard pages there is no bounds check (see the
    /// module documentation: the runtime's guard region makes every such
    /// address either accessible or faulting); with explicit checks the
    /// check is emitted here, before the caller's access.
    /// Shared with the SIMD loads and stores.
    pub(in crate::translate) fn effective_address(
        &mut self,
        memarg: &MemArg,
        address: IntValue<'ctx>,
        size: u64,
    ) -> Result<PointerValue<'ctx>, CompileError> {
        let memory = match memarg.target {
            MemArgTarget::Memory(index) => index,
            MemArgTarget::Array(_) => return Err(self.unsupported("GC array access")),
        };
        let base = self.memory_base(memory)?;
        if self.is_memory64(memory) {
            let index = self.checked_address64(memory, address, memarg.offset, size)?;
            // SAFETY: a GEP only computes an address (not `inbounds`); the
            // check above put `index + size` within the memory's length.
            return Ok(unsafe {
                self.builder
                    .build_gep(self.cx.types.i8, base, &[index], "heap_addr")?
            });
        }
        let i64t = self.cx.types.i64;
        let mut index = self.builder.build_int_z_extend(address, i64t, "addr")?;
        self.check_access(memory, index, memarg.offset, size)?;
        if memarg.offset != 0 {
            // Both terms are below 2^32: the sum cannot wrap.
            let offset = i64t.const_int(memarg.offset, false);
            index = self.builder.build_int_nuw_add(index, offset, "addr_off")?;
        }
        // SAFETY: a GEP only computes an address (not `inbounds`, so it is
        // never poison); the address lies inside the memory's reservation.
        Ok(unsafe {
            self.builder
                .build_gep(self.cx.types.i8, base, &[index], "heap_addr")?
        })
    }
}
