//! `memory.size`, `memory.grow` and the bulk-memory instructions
//! (`memory.fill`, `memory.copy`, `memory.init`, `data.drop`).
//!
//! `memory.fill` and `memory.copy` with a constant length of at most
//! [`INLINE_LIMIT`] bytes (what compilers emit for struct copies and small
//! `memset`s) are expanded inline: the bounds checks, in `i64` so they
//! cannot wrap, trap before any byte is written, then the bytes move
//! through registers. Other lengths call the runtime (`Libcall::MemoryFill`
//! / `MemoryCopy`), which checks the same bounds and returns a status.
//! Calling the runtime rather than `llvm.memset`/`llvm.memmove` keeps the
//! object free of outside symbols (those intrinsics become calls to libc's
//! `memset`/`memmove` when the length is not a small constant).

use super::super::FuncTranslator;
use crate::alias::AliasTags;
use crate::CompileError;
use inkwell::values::{BasicValue, IntValue, PointerValue};
use inkwell::IntPredicate;
use wasmlite_abi::{Libcall, TrapCode};
use wasmparser::Operator;

/// The largest constant length `memory.fill`/`memory.copy` expand inline.
const INLINE_LIMIT: u64 = 128;

/// Translate a size, grow or bulk-memory operator; `Ok(false)` otherwise.
pub(super) fn translate(
    t: &mut FuncTranslator<'_, '_, '_>,
    op: &Operator<'_>,
) -> Result<bool, CompileError> {
    match *op {
        Operator::MemorySize { mem } => memory_size(t, mem)?,
        Operator::MemoryGrow { mem } => memory_grow(t, mem)?,
        Operator::MemoryFill { mem } => memory_fill(t, mem)?,
        Operator::MemoryCopy { dst_mem, src_mem } => memory_copy(t, dst_mem, src_mem)?,
        Operator::MemoryInit { data_index, mem } => memory_init(t, data_index, mem)?,
        Operator::DataDrop { data_index } => {
            let data = t.index_arg(data_index);
            t.call_libcall(Libcall::DataDrop, &[data])?;
        }
        _ => return Ok(false),
    }
    Ok(true)
}

/// `memory.size`: the length in 64 KiB pages, as `i32` (`i64` for a
/// 64-bit memory).
fn memory_size(t: &mut FuncTranslator<'_, '_, '_>, mem: u32) -> Result<(), CompileError> {
    let length = t.memory_length(mem)?;
    let shift = t.cx.types.i64.const_int(16, false);
    let pages = t.builder.build_right_shift(length, shift, false, "pages")?;
    let pages = t.to_memory_index(mem, pages)?;
    t.push(pages);
    Ok(())
}

/// `memory.grow`: the old size in pages, or -1 on failure. The libcall
/// returns `u64::MAX` on failure, which is -1 as an `i64` and truncates to
/// -1 as an `i32`, and otherwise an old size of at most 65536 pages for a
/// 32-bit memory, which truncates to itself.
fn memory_grow(t: &mut FuncTranslator<'_, '_, '_>, mem: u32) -> Result<(), CompileError> {
    let delta = t.pop_int();
    let args = [t.index_arg(mem), t.zext64(delta)?.into()];
    let old = t
        .call_libcall(Libcall::MemoryGrow, &args)?
        .expect("memory_grow returns a value")
        .into_int_value();
    let old = t.to_memory_index(mem, old)?;
    t.push(old);
    Ok(())
}

/// `memory.fill`: `[dst, value, len]`.
fn memory_fill(t: &mut FuncTranslator<'_, '_, '_>, mem: u32) -> Result<(), CompileError> {
    let len = t.pop_int();
    let value = t.pop_int();
    let dst = t.pop_int();
    let i64t = t.cx.types.i64;
    match small_constant(len) {
        Some(n) => {
            let dst = t.checked_range(mem, dst, n)?;
            if n > 0 {
                let pointer = t.heap_pointer(mem, dst)?;
                let byte = t
                    .builder
                    .build_int_truncate(value, t.cx.types.i8, "fill_byte")?;
                let memset =
                    t.cx.intrinsic("llvm.memset.inline", &[t.cx.types.ptr.into(), i64t.into()]);
                let size = i64t.const_int(n, false);
                let not_volatile = t.cx.context.bool_type().const_zero();
                let call = t.builder.build_call(
                    memset,
                    &[
                        pointer.into(),
                        byte.into(),
                        size.into(),
                        not_volatile.into(),
                    ],
                    "",
                )?;
                if let Some(instruction) = call.try_as_basic_value().instruction() {
                    AliasTags::attach(t.cx.context, instruction, t.cx.alias.heap)?;
                }
            }
        }
        None => {
            let args = [
                t.index_arg(mem),
                t.zext64(dst)?.into(),
                value.into(),
                t.zext64(len)?.into(),
            ];
            t.call_libcall_checked(Libcall::MemoryFill, &args)?;
        }
    }
    Ok(())
}

/// `memory.copy`: `[dst, src, len]`, overlapping ranges allowed.
fn memory_copy(
    t: &mut FuncTranslator<'_, '_, '_>,
    dst_mem: u32,
    src_mem: u32,
) -> Result<(), CompileError> {
    let len = t.pop_int();
    let src = t.pop_int();
    let dst = t.pop_int();
    match small_constant(len) {
        Some(n) => {
            let dst = t.checked_range(dst_mem, dst, n)?;
            let src = t.checked_range(src_mem, src, n)?;
            if n > 0 {
                // All bytes are loaded before any is stored: overlap is fine.
                let bytes = t.cx.types.i8.vec_type(n as u32);
                let from = t.heap_pointer(src_mem, src)?;
                let to = t.heap_pointer(dst_mem, dst)?;
                let loaded = t.builder.build_load(bytes, from, "copy_bytes")?;
                t.heap_access(
                    loaded
                        .as_instruction_value()
                        .expect("a load is an instruction"),
                )?;
                let store = t.builder.build_store(to, loaded)?;
                t.heap_access(store)?;
            }
        }
        None => {
            let (dst, src, len) = (t.zext64(dst)?, t.zext64(src)?, t.zext64(len)?);
            let args = [
                t.index_arg(dst_mem),
                t.index_arg(src_mem),
                dst.into(),
                src.into(),
                len.into(),
            ];
            t.call_libcall_checked(Libcall::MemoryCopy, &args)?;
        }
    }
    Ok(())
}

/// `memory.init`: `[dst, src, len]` from passive data segment `data`.
fn memory_init(
    t: &mut FuncTranslator<'_, '_, '_>,
    data: u32,
    mem: u32,
) -> Result<(), CompileError> {
    let len = t.pop_int();
    let src = t.pop_int();
    let dst = t.pop_int();
    let args = [
        t.index_arg(mem),
        t.index_arg(data),
        t.zext64(dst)?.into(),
        src.into(),
        len.into(),
    ];
    t.call_libcall_checked(Libcall::MemoryInit, &args)
}

/// The value of a length known at compile time, if it is small enough to
/// expand inline.
fn small_constant(len: IntValue<'_>) -> Option<u64> {
    len.get_zero_extended_constant()
        .filter(|n| *n <= INLINE_LIMIT)
}

impl<'ctx> FuncTranslator<'ctx, '_, '_> {
    /// Trap with `MemoryOutOfBounds` unless `[start, start + len)` lies
    /// within memory `mem` (`start` is an address of the memory's index
    /// type, `len` a constant); returns `start` widened to `i64`.
    fn checked_range(
        &mut self,
        mem: u32,
        start: IntValue<'ctx>,
        len: u64,
    ) -> Result<IntValue<'ctx>, CompileError> {
        let i64t = self.cx.types.i64;
        let start = self.zext64(start)?;
        if self.is_memory64(mem) {
            // The same check as a 64-bit access of `len` bytes (no wrap).
            return self.checked_address64(mem, start, 0, len);
        }
        // start < 2^32 and len <= INLINE_LIMIT: the sum cannot wrap.
        let end = self
            .builder
            .build_int_nuw_add(start, i64t.const_int(len, false), "end")?;
        let length = self.memory_length(mem)?;
        let out_of_bounds =
            self.builder
                .build_int_compare(IntPredicate::UGT, end, length, "oob")?;
        self.trap_if(out_of_bounds, TrapCode::MemoryOutOfBounds)?;
        Ok(start)
    }

    /// `memory_base + offset` for an `i64` offset already checked in bounds.
    fn heap_pointer(
        &mut self,
        mem: u32,
        offset: IntValue<'ctx>,
    ) -> Result<PointerValue<'ctx>, CompileError> {
        let base = self.memory_base(mem)?;
        // SAFETY: computes an address inside the memory (checked by the caller).
        Ok(unsafe {
            self.builder
                .build_in_bounds_gep(self.cx.types.i8, base, &[offset], "heap_ptr")?
        })
    }
}
