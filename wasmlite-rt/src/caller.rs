//! [`Caller`]: what a host import sees of the instance calling it.

use crate::error::MemoryAccessError;
use crate::instance_data::InstanceData;
use crate::memory::{checked_range, MemoryCell};
use std::marker::PhantomData;
use wasmlite_abi::VMContext;

/// The instance calling a host import, handed to the import's body by
/// [`crate::__private::host_call`]. Gives access to its memory 0.
pub struct Caller<'a> {
    vmctx: *mut VMContext,
    _instance: PhantomData<&'a mut InstanceData>,
}

impl Caller<'_> {
    /// # Safety
    /// `vmctx` must be a live instance's `VMContext`, whose memory no one
    /// else accesses while the `Caller` lives.
    pub(crate) unsafe fn new(vmctx: *mut VMContext) -> Self {
        Caller {
            vmctx,
            _instance: PhantomData,
        }
    }

    /// The calling instance's `VMContext`.
    pub fn vmctx(&self) -> *mut VMContext {
        self.vmctx
    }

    fn memory_cell(&self) -> Option<&MemoryCell> {
        // SAFETY: the VMContext is live while the Caller is (see `new`).
        let instance = unsafe { InstanceData::from_vmctx(self.vmctx) };
        instance.memories.first().map(|memory| &**memory)
    }

    /// The caller's memory 0 (empty if it has none).
    pub fn memory(&self) -> &[u8] {
        // SAFETY: wasm code is suspended while the host import runs.
        self.memory_cell()
            .map_or(&[], |memory| unsafe { memory.bytes() })
    }

    /// The caller's memory 0, mutably (empty if it has none).
    pub fn memory_mut(&mut self) -> &mut [u8] {
        // SAFETY: as in `memory`, and `self` is borrowed mutably.
        self.memory_cell()
            .map_or(&mut [], |memory| unsafe { memory.bytes_mut() })
    }

    /// `len` bytes of memory 0 at `ptr`.
    pub fn read(&self, ptr: u32, len: u32) -> Result<&[u8], MemoryAccessError> {
        let memory = self.memory();
        Ok(&memory[checked_range(ptr.into(), len as usize, memory.len())?])
    }

    /// `len` bytes of memory 0 at `ptr`, as UTF-8.
    pub fn read_str(&self, ptr: u32, len: u32) -> Result<&str, MemoryAccessError> {
        Ok(std::str::from_utf8(self.read(ptr, len)?)?)
    }

    /// Writes `bytes` to memory 0 at `ptr`.
    pub fn write(&mut self, ptr: u32, bytes: &[u8]) -> Result<(), MemoryAccessError> {
        let memory = self.memory_mut();
        let range = checked_range(ptr.into(), bytes.len(), memory.len())?;
        memory[range].copy_from_slice(bytes);
        Ok(())
    }
}
