//! [`Caller`]: what a host function sees of the instance calling it.

use crate::error::MemoryAccessError;
use crate::group::Group;
use crate::instance_data::InstanceData;
use crate::memory::MemoryCell;
use crate::memory_view::{self, MemoryView, MemoryViewMut};
use std::cell::{OnceCell, RefMut};
use std::marker::PhantomData;
use std::sync::Arc;
use wasmlite_abi::VMContext;

/// The instance calling a host function, handed to its body: its host
/// state and its memory 0. Every method takes `&self`, so the state and a
/// view of memory can be used at the same time; conflicting borrows panic
/// (see [`crate::MemoryView`]).
pub struct Caller<'a> {
    vmctx: *mut VMContext,
    /// The instance's group, looked up when a view needs its domain.
    group: OnceCell<Arc<Group>>,
    _instance: PhantomData<&'a InstanceData>,
}

impl<'a> Caller<'a> {
    /// # Safety
    /// `vmctx` must be a live instance's `VMContext`, whose code is
    /// suspended in a host function while the `Caller` lives.
    pub(crate) unsafe fn new(vmctx: *mut VMContext) -> Self {
        Caller {
            vmctx,
            group: OnceCell::new(),
            _instance: PhantomData,
        }
    }

    fn data(&self) -> &'a InstanceData {
        // SAFETY: the instance is live while the Caller is (see `new`).
        unsafe { InstanceData::from_vmctx(self.vmctx) }
    }

    /// The calling instance's `VMContext` (dereferencing it is up to
    /// unsafe code that knows the ABI).
    pub fn vmctx(&self) -> *mut VMContext {
        self.vmctx
    }

    /// The caller's host state of type `T`, if it has one.
    ///
    /// # Panics
    /// If that state is already borrowed.
    pub fn state<T: 'static>(&self) -> Option<RefMut<'_, T>> {
        self.data().state.get_mut::<T>()
    }

    /// Runs `f` with the caller's host state of type `T` and the caller
    /// itself, both mutably (for code that hands the `Caller` on).
    ///
    /// # Panics
    /// If the caller has no state of type `T`, or it is already borrowed.
    pub fn with_state<T: 'static, R>(&mut self, f: impl FnOnce(&mut T, &mut Caller<'a>) -> R) -> R {
        let data = self.data();
        let mut state = data.state.get_mut::<T>().unwrap_or_else(|| {
            panic!(
                "the calling instance has no host state of type `{}`",
                std::any::type_name::<T>()
            )
        });
        f(&mut state, self)
    }

    fn group(&self) -> &Arc<Group> {
        self.group.get_or_init(|| self.data().group())
    }

    fn memory_cell(&self) -> Option<&'a MemoryCell> {
        self.data().memories.first().map(|memory| &**memory)
    }

    /// Whether the caller has a memory 0.
    pub fn has_memory(&self) -> bool {
        self.memory_cell().is_some()
    }

    /// A view of the caller's memory 0, or `None` if it has no memory.
    ///
    /// # Panics
    /// If an exclusive view of the memory is alive.
    pub fn try_memory(&self) -> Option<MemoryView<'_>> {
        let cell = self.memory_cell()?;
        Some(MemoryView::new(cell, self.group().domain()))
    }

    /// A writable view of the caller's memory 0, or `None` if it has no
    /// memory.
    ///
    /// # Panics
    /// If another view of the memory is alive.
    pub fn try_memory_mut(&self) -> Option<MemoryViewMut<'_>> {
        let cell = self.memory_cell()?;
        Some(MemoryViewMut::new(cell, self.group().domain()))
    }

    /// A view of the caller's memory 0.
    ///
    /// # Panics
    /// If the caller has no memory, or an exclusive view of it is alive.
    pub fn memory(&self) -> MemoryView<'_> {
        self.try_memory()
            .expect("the calling instance has a memory 0")
    }

    /// A writable view of the caller's memory 0.
    ///
    /// # Panics
    /// If the caller has no memory, or another view of it is alive.
    pub fn memory_mut(&self) -> MemoryViewMut<'_> {
        self.try_memory_mut()
            .expect("the calling instance has a memory 0")
    }

    /// A copy of `len` bytes of memory 0 at `ptr`.
    ///
    /// # Panics
    /// If an exclusive view of the memory is alive.
    pub fn read(&self, ptr: u32, len: u32) -> Result<Vec<u8>, MemoryAccessError> {
        let mut bytes = vec![0; len as usize];
        match self.memory_cell() {
            Some(memory) => memory.read(ptr.into(), &mut bytes)?,
            None => no_memory(ptr, len as usize)?,
        }
        Ok(bytes)
    }

    /// A copy of `len` bytes of memory 0 at `ptr`, as UTF-8.
    pub fn read_str(&self, ptr: u32, len: u32) -> Result<String, MemoryAccessError> {
        let bytes = self.read(ptr, len)?;
        String::from_utf8(bytes).map_err(|e| MemoryAccessError::InvalidUtf8(e.utf8_error()))
    }

    /// Writes `bytes` to memory 0 at `ptr`.
    ///
    /// # Panics
    /// If a view of the memory is alive.
    pub fn write(&self, ptr: u32, bytes: &[u8]) -> Result<(), MemoryAccessError> {
        match self.memory_cell() {
            Some(memory) => memory.write(ptr.into(), bytes),
            None => no_memory(ptr, bytes.len()),
        }
    }

    /// Panics if a view of a memory the calling instance's code can reach
    /// is alive: that code is about to run again.
    pub(crate) fn check_no_views(&self) {
        if memory_view::live_views() != 0 {
            memory_view::check_no_views(self.group().domain());
        }
    }
}

/// The error of an access to a memory of size 0.
fn no_memory(ptr: u32, len: usize) -> Result<(), MemoryAccessError> {
    crate::memory::checked_range(ptr.into(), len, 0).map(drop)
}
