//! The runtime functions compiled code calls, through [`LIBCALLS`].
//!
//! Each finds its instance through `VMContextHeader::instance` and
//! delegates to the shared operations in `bulk.rs`, `memory.rs` and
//! `table.rs`. Statuses follow the ABI: 0 for success, else the trap code
//! plus one (compiled code then raises the trap itself, attributed to the
//! right function). Libcalls must not panic: they are called from code that
//! cannot unwind, so a panic aborts the process.

use crate::entry;
use crate::instance_data::InstanceData;
use wasmlite_abi::{TrapCode, VMContext, VMLibcalls};

/// The table every `VMContextHeader::libcalls` points to.
pub(crate) static LIBCALLS: VMLibcalls = VMLibcalls {
    trap,
    memory_grow,
    memory_init,
    data_drop,
    memory_copy,
    memory_fill,
    table_grow,
    table_fill,
    table_copy,
    table_init,
    elem_drop,
};

/// The ABI status of a bulk operation.
fn status(result: Result<(), TrapCode>) -> u32 {
    match result {
        Ok(()) => 0,
        Err(code) => code as u32 + 1,
    }
}

/// The calling instance.
///
/// # Safety
/// `vmctx` must be the `VMContext` of a live instance (compiled code always
/// passes its own).
unsafe fn instance<'a>(vmctx: *mut VMContext) -> &'a InstanceData {
    // SAFETY: upheld by the caller.
    unsafe { InstanceData::from_vmctx(vmctx) }
}

unsafe extern "C" fn trap(vmctx: *mut VMContext, code: u32, func_index: u32) -> ! {
    // SAFETY: called by compiled code inside an entry from the host.
    unsafe { entry::raise_trap(vmctx, code, func_index) }
}

unsafe extern "C" fn memory_grow(vmctx: *mut VMContext, memory: u32, delta: u64) -> u64 {
    // SAFETY: compiled code passes its own VMContext (as for every libcall below).
    let instance = unsafe { instance(vmctx) };
    instance.memories[memory as usize]
        .grow(delta)
        .unwrap_or(u64::MAX)
}

unsafe extern "C" fn memory_init(
    vmctx: *mut VMContext,
    memory: u32,
    data: u32,
    dst: u64,
    src: u32,
    len: u32,
) -> u32 {
    // SAFETY: see `memory_grow`.
    status(unsafe { instance(vmctx) }.memory_init(memory, data, dst, src, len))
}

unsafe extern "C" fn data_drop(vmctx: *mut VMContext, data: u32) {
    // SAFETY: see `memory_grow`.
    unsafe { instance(vmctx) }.drop_data_segment(data)
}

unsafe extern "C" fn memory_copy(
    vmctx: *mut VMContext,
    dst_memory: u32,
    src_memory: u32,
    dst: u64,
    src: u64,
    len: u64,
) -> u32 {
    // SAFETY: see `memory_grow`.
    status(unsafe { instance(vmctx) }.memory_copy(dst_memory, src_memory, dst, src, len))
}

unsafe extern "C" fn memory_fill(
    vmctx: *mut VMContext,
    memory: u32,
    dst: u64,
    value: u32,
    len: u64,
) -> u32 {
    // SAFETY: see `memory_grow`.
    status(unsafe { instance(vmctx) }.memory_fill(memory, dst, value as u8, len))
}

unsafe extern "C" fn table_grow(
    vmctx: *mut VMContext,
    table: u32,
    init: *mut u8,
    delta: u64,
) -> u64 {
    // SAFETY: see `memory_grow`.
    let instance = unsafe { instance(vmctx) };
    instance.tables[table as usize]
        .grow(delta, init as usize)
        .unwrap_or(u64::MAX)
}

unsafe extern "C" fn table_fill(
    vmctx: *mut VMContext,
    table: u32,
    dst: u64,
    value: *mut u8,
    len: u64,
) -> u32 {
    // SAFETY: see `memory_grow`.
    let instance = unsafe { instance(vmctx) };
    status(instance.tables[table as usize].fill(dst, value as usize, len))
}

unsafe extern "C" fn table_copy(
    vmctx: *mut VMContext,
    dst_table: u32,
    src_table: u32,
    dst: u64,
    src: u64,
    len: u64,
) -> u32 {
    // SAFETY: see `memory_grow`.
    status(unsafe { instance(vmctx) }.table_copy(dst_table, src_table, dst, src, len))
}

unsafe extern "C" fn table_init(
    vmctx: *mut VMContext,
    table: u32,
    elem: u32,
    dst: u64,
    src: u32,
    len: u32,
) -> u32 {
    // SAFETY: see `memory_grow`.
    status(unsafe { instance(vmctx) }.table_init(table, elem, dst, src, len))
}

unsafe extern "C" fn elem_drop(vmctx: *mut VMContext, elem: u32) {
    // SAFETY: see `memory_grow`.
    unsafe { instance(vmctx) }.drop_element_segment(elem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_encode_trap_codes_plus_one() {
        assert_eq!(status(Ok(())), 0);
        assert_eq!(status(Err(TrapCode::StackOverflow)), 1);
        assert_eq!(
            status(Err(TrapCode::TableOutOfBounds)),
            TrapCode::TableOutOfBounds as u32 + 1
        );
    }
}
