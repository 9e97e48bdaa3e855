//! [`InstanceData`]: everything one instance owns or uses, at a stable
//! address the `VMContext` header points to.

use crate::global::GlobalCell;
use crate::group::Group;
use crate::host_func::HostFuncContext;
use crate::host_state::HostState;
use crate::memory::MemoryCell;
use crate::module::Module;
use crate::table::TableCell;
use crate::vmctx::{header_field, VMContextBox};
use std::cell::{Cell, UnsafeCell};
use std::sync::{Arc, Mutex, PoisonError, Weak};
use wasmlite_abi::{VMContext, VMFuncRef, VMLimits, VMOffsets};

/// The runtime state of one instance. Lives in a `Box` owned by the
/// instance's [`crate::group::Group`]; `VMContextHeader::instance` points to
/// it, which is how libcalls find it.
pub(crate) struct InstanceData {
    pub(crate) module: Arc<Module>,
    pub(crate) vmctx: VMContextBox,
    /// This instance's limits, when it does not share another's
    /// (`VMContextHeader::limits` says which are used).
    pub(crate) own_limits: Option<Box<UnsafeCell<VMLimits>>>,
    /// Every memory, imported first.
    pub(crate) memories: Vec<Arc<MemoryCell>>,
    /// Every table, imported first.
    pub(crate) tables: Vec<Arc<TableCell>>,
    /// Every global, imported first.
    pub(crate) globals: Vec<Arc<GlobalCell>>,
    /// The evaluated items of every element segment; empty once dropped.
    pub(crate) elements: Vec<UnsafeCell<Box<[usize]>>>,
    /// Whether each data segment was dropped.
    pub(crate) data_dropped: Vec<Cell<bool>>,
    /// The host state host functions run on: owned here so it lives
    /// exactly as long as code that can reach it, and borrowed dynamically
    /// so no two references to it are ever live at once.
    pub(crate) state: HostState,
    /// The context of each imported host function, which its `VMFuncRef`
    /// points to (`host_func.rs`); boxed, so their addresses never change.
    pub(crate) host_funcs: Vec<Box<HostFuncContext>>,
    /// The root of the group owning this data, kept current by
    /// [`Group::adopt`] and [`Group::merge`]: the group lives as long as
    /// the data, so it always upgrades while the instance is reachable.
    pub(crate) group: Mutex<Weak<Group>>,
}

// SAFETY: the raw pointers it holds (VMContext, cells) are owned by it or by
// Arcs it holds; nothing in it is tied to the creating thread. It is never
// shared between threads (`Group` only moves it).
unsafe impl Send for InstanceData {}

impl InstanceData {
    /// The instance whose `VMContext` is `vmctx`.
    ///
    /// # Safety
    /// `vmctx` must be the `VMContext` of a live instance.
    pub(crate) unsafe fn from_vmctx<'a>(vmctx: *mut VMContext) -> &'a InstanceData {
        // SAFETY: the header's instance field points to the live InstanceData.
        unsafe { &*header_field(vmctx, VMOffsets::INSTANCE).cast::<InstanceData>() }
    }

    /// The group owning this instance: every instance whose functions its
    /// code can reach belongs to it.
    pub(crate) fn group(&self) -> Arc<Group> {
        self.group
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .upgrade()
            .expect("the group owning a live instance's data is alive")
    }

    /// Records `group` as the group owning this data.
    pub(crate) fn set_group(&self, group: &Arc<Group>) {
        *self.group.lock().unwrap_or_else(PoisonError::into_inner) = Arc::downgrade(group);
    }

    /// The pointer compiled code receives.
    pub(crate) fn vmctx_ptr(&self) -> *mut VMContext {
        self.vmctx.as_ptr()
    }

    /// The `VMFuncRef` of function `index`, which must be imported or
    /// referenced (exported, the start function, or named by `ref.func`:
    /// checked at load time); its address is the function's `funcref`.
    pub(crate) fn funcref(&self, index: u32) -> *mut VMFuncRef {
        let slot = self
            .module
            .info()
            .funcref_slot(index)
            .expect("only imported and referenced functions are reached by reference");
        self.vmctx.funcref_slot(slot)
    }

    /// The items of element segment `index` (empty once dropped).
    ///
    /// # Safety
    /// The segment must not be dropped while the slice is alive.
    pub(crate) unsafe fn element_segment<'a>(&self, index: u32) -> &'a [usize] {
        // SAFETY: the caller keeps the segment alive.
        unsafe { &*self.elements[index as usize].get() }
    }

    /// `elem.drop`.
    pub(crate) fn drop_element_segment(&self, index: u32) {
        // SAFETY: no slice of the segment is alive (see `element_segment`).
        unsafe { *self.elements[index as usize].get() = Box::new([]) }
    }

    /// The bytes of data segment `index` (empty once dropped).
    pub(crate) fn data_segment(&self, index: u32) -> &[u8] {
        if self.data_dropped[index as usize].get() {
            return &[];
        }
        &self.module.info().data[index as usize].bytes
    }

    /// `data.drop`.
    pub(crate) fn drop_data_segment(&self, index: u32) {
        self.data_dropped[index as usize].set(true);
    }
}
