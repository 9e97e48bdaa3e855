//! Globals.

use crate::error::AccessError;
use crate::group::Group;
use crate::val::Val;
use std::cell::UnsafeCell;
use std::sync::Arc;
use wasmlite_abi::{GlobalType, VMGlobal, ValRaw};

/// A global, shared by the instances that define or import it.
pub(crate) struct GlobalCell {
    vm: UnsafeCell<VMGlobal>,
    ty: GlobalType,
}

// SAFETY: like `MemoryCell`: mutated only by the thread running an instance
// that uses the global or accessing it through a `Global` handle, inside
// their exclusion domain (`domain.rs`).
unsafe impl Send for GlobalCell {}
// SAFETY: as above.
unsafe impl Sync for GlobalCell {}

impl GlobalCell {
    /// A global of type `ty` holding `value`.
    pub(crate) fn new(ty: GlobalType, value: ValRaw) -> Arc<GlobalCell> {
        Arc::new(GlobalCell {
            vm: UnsafeCell::new(VMGlobal { value: value.0 }),
            ty,
        })
    }

    /// What the `VMContext` global slot points to.
    pub(crate) fn vm(&self) -> *mut VMGlobal {
        self.vm.get()
    }

    /// The current value.
    pub(crate) fn get(&self) -> ValRaw {
        // SAFETY: a plain read (see the Sync impl).
        ValRaw(unsafe { (*self.vm.get()).value })
    }

    fn set(&self, value: ValRaw) {
        // SAFETY: a plain write (see the Sync impl).
        unsafe { (*self.vm.get()).value = value.0 }
    }
}

/// Reads a global as a [`Val`]; funcrefs are kept alive by `group`.
pub(crate) fn get_val(cell: &GlobalCell, group: &Arc<Group>) -> Val {
    let raw = {
        let _using = group.domain().enter();
        cell.get()
    };
    // SAFETY: funcrefs in a global point into instances of the global's group.
    unsafe { Val::from_raw(raw, cell.ty.content, group) }
}

/// Writes a global from the host: the global must be mutable and the value
/// of its type.
pub(crate) fn set_val(
    cell: &GlobalCell,
    group: &Arc<Group>,
    value: &Val,
) -> Result<(), AccessError> {
    if !cell.ty.mutable {
        return Err(AccessError::Immutable);
    }
    value.check_type(cell.ty.content)?;
    let raw = value.to_raw_in(group);
    let _using = group.domain().enter();
    cell.set(raw);
    Ok(())
}

/// A handle to a global: one an instance exported, or one the host created
/// to give to instances. Its methods wait while another thread runs an
/// instance using the global (see the crate docs on threads).
#[derive(Clone)]
pub struct Global {
    cell: Arc<GlobalCell>,
    group: Arc<Group>,
}

impl Global {
    /// Creates a global of type `ty` holding `value`.
    pub fn new(ty: GlobalType, value: Val) -> Result<Global, AccessError> {
        value.check_type(ty.content)?;
        let group = Group::new();
        let cell = GlobalCell::new(ty, value.to_raw_in(&group));
        Ok(Global { cell, group })
    }

    pub(crate) fn from_cell(cell: Arc<GlobalCell>, group: Arc<Group>) -> Global {
        Global { cell, group }
    }

    pub(crate) fn cell(&self) -> &Arc<GlobalCell> {
        &self.cell
    }

    pub(crate) fn group(&self) -> &Arc<Group> {
        &self.group
    }

    /// The global's type.
    pub fn ty(&self) -> GlobalType {
        self.cell.ty
    }

    /// The current value.
    pub fn get(&self) -> Val {
        get_val(&self.cell, &self.group)
    }

    /// Sets the value; the global must be mutable.
    pub fn set(&self, value: Val) -> Result<(), AccessError> {
        set_val(&self.cell, &self.group, &value)
    }
}

impl std::fmt::Debug for Global {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Global")
            .field("ty", &self.ty())
            .field("value", &self.get())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasmlite_abi::ValType;

    #[test]
    fn mutable_globals_can_be_set_with_values_of_their_type() {
        let g = Global::new(
            GlobalType {
                content: ValType::I64,
                mutable: true,
            },
            Val::I64(3),
        )
        .unwrap();
        assert_eq!(g.get(), Val::I64(3));
        g.set(Val::I64(-9)).unwrap();
        assert_eq!(g.get(), Val::I64(-9));
        assert_eq!(
            g.set(Val::I32(1)),
            Err(AccessError::TypeMismatch {
                expected: ValType::I64,
                found: ValType::I32
            })
        );
    }

    #[test]
    fn immutable_globals_cannot_be_set() {
        let g = Global::new(
            GlobalType {
                content: ValType::F32,
                mutable: false,
            },
            Val::F32(1),
        )
        .unwrap();
        assert_eq!(g.set(Val::F32(2)), Err(AccessError::Immutable));
        assert!(Global::new(
            GlobalType {
                content: ValType::F32,
                mutable: false
            },
            Val::I32(1)
        )
        .is_err());
    }
}
