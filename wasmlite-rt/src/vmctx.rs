//! The `VMContext` allocation and typed access to its slots.
//!
//! The layout comes from [`VMOffsets`]; this file is the only place that
//! turns those offsets into pointers.

use crate::error::ResourceError;
use std::alloc::{alloc_zeroed, dealloc, Layout};
use std::ptr::NonNull;
use wasmlite_abi::{
    VMContext, VMFuncRef, VMGlobal, VMLibcalls, VMLimits, VMMemory, VMOffsets, VMTable,
};

/// One instance's `VMContext`: a zeroed, 16-aligned heap block of
/// [`VMOffsets::size`] bytes that never moves.
pub(crate) struct VMContextBox {
    ptr: NonNull<u8>,
    layout: Layout,
    offsets: VMOffsets,
}

impl VMContextBox {
    /// Allocates a zeroed `VMContext` for `offsets`.
    pub(crate) fn new(offsets: VMOffsets) -> Result<VMContextBox, ResourceError> {
        let layout = Layout::from_size_align(offsets.size() as usize, 16)
            .map_err(|e| ResourceError::new("a VMContext", e.to_string()))?;
        // SAFETY: the layout is never zero-sized: the header alone is 24 bytes.
        let ptr = unsafe { alloc_zeroed(layout) };
        let ptr = NonNull::new(ptr).ok_or_else(|| {
            ResourceError::new(
                format!("a VMContext of {} bytes", layout.size()),
                "out of memory",
            )
        })?;
        Ok(VMContextBox {
            ptr,
            layout,
            offsets,
        })
    }

    /// The pointer compiled code receives.
    pub(crate) fn as_ptr(&self) -> *mut VMContext {
        self.ptr.as_ptr().cast()
    }

    /// The slot at byte `offset`, typed.
    fn slot<T>(&self, offset: u32) -> *mut T {
        debug_assert!(offset as usize + size_of::<T>() <= self.layout.size());
        // SAFETY: every offset VMOffsets computes lies inside the allocation.
        unsafe { self.ptr.as_ptr().add(offset as usize).cast() }
    }

    /// Fills the header.
    pub(crate) fn set_header(
        &self,
        limits: *mut VMLimits,
        libcalls: *const VMLibcalls,
        instance: *mut u8,
    ) {
        // SAFETY: the header slots are inside the allocation and pointer-aligned.
        unsafe {
            *self.slot(VMOffsets::LIMITS) = limits;
            *self.slot(VMOffsets::LIBCALLS) = libcalls;
            *self.slot(VMOffsets::INSTANCE) = instance;
        }
    }

    /// Writes the canonical id of type `index`.
    pub(crate) fn set_type_id(&self, index: u32, id: u32) {
        // SAFETY: the slot is inside the allocation and 4-aligned.
        unsafe { *self.slot(self.offsets.type_id(index)) = id }
    }

    /// Points memory slot `index` at `memory`.
    pub(crate) fn set_memory(&self, index: u32, memory: *mut VMMemory) {
        // SAFETY: the slot is inside the allocation and pointer-aligned.
        unsafe { *self.slot(self.offsets.memory(index)) = memory }
    }

    /// Points table slot `index` at `table`.
    pub(crate) fn set_table(&self, index: u32, table: *mut VMTable) {
        // SAFETY: the slot is inside the allocation and pointer-aligned.
        unsafe { *self.slot(self.offsets.table(index)) = table }
    }

    /// Points global slot `index` at `global`.
    pub(crate) fn set_global(&self, index: u32, global: *mut VMGlobal) {
        // SAFETY: the slot is inside the allocation and pointer-aligned.
        unsafe { *self.slot(self.offsets.global(index)) = global }
    }

    /// `VMFuncRef` slot `slot` (see `ModuleInfo::funcref_slot`); its
    /// address is the function's `funcref` value.
    pub(crate) fn funcref_slot(&self, slot: u32) -> *mut VMFuncRef {
        self.slot(self.offsets.funcref(slot))
    }
}

impl Drop for VMContextBox {
    fn drop(&mut self) {
        // SAFETY: allocated in `new` with this layout.
        unsafe { dealloc(self.ptr.as_ptr(), self.layout) }
    }
}

/// Reads the pointer-sized header field at `offset` of a live `VMContext`.
///
/// # Safety
/// `vmctx` must point to a `VMContext` filled by [`VMContextBox::set_header`].
pub(crate) unsafe fn header_field(vmctx: *mut VMContext, offset: u32) -> *mut u8 {
    // SAFETY: header fields are pointer-aligned and inside every VMContext.
    unsafe { *vmctx.cast::<u8>().add(offset as usize).cast::<*mut u8>() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_written_where_the_offsets_say() {
        let offsets = VMOffsets {
            num_types: 2,
            num_memories: 1,
            num_tables: 1,
            num_globals: 1,
            num_funcrefs: 2,
        };
        let vmctx = VMContextBox::new(offsets).unwrap();
        assert_eq!(vmctx.as_ptr() as usize % 16, 0);
        let instance = 0x1234usize as *mut u8;
        vmctx.set_header(std::ptr::null_mut(), std::ptr::null(), instance);
        vmctx.set_type_id(1, 77);
        // SAFETY: the header was just written.
        assert_eq!(
            unsafe { header_field(vmctx.as_ptr(), VMOffsets::INSTANCE) },
            instance
        );
        let base = vmctx.as_ptr() as usize;
        // SAFETY: type id slot 1 is inside the allocation.
        assert_eq!(
            unsafe { *((base + offsets.type_id(1) as usize) as *const u32) },
            77
        );
        assert_eq!(
            vmctx.funcref_slot(1) as usize,
            base + offsets.funcref(1) as usize
        );
    }
}
