//! Tables: growable arrays of pointer-sized references.
//!
//! Elements are `*const VMFuncRef` for `funcref` tables and externref
//! handles for `externref` tables; 0 is null. Compiled code reads
//! `VMTable::elements`/`length`, which are updated whenever the element
//! vector reallocates.

use crate::bounds::in_bounds;
use crate::error::{AccessError, ResourceError};
use crate::group::Group;
use crate::val::Val;
use std::cell::UnsafeCell;
use std::sync::Arc;
use wasmlite_abi::{TableType, TrapCode, VMTable};

/// The most elements a table can have, whatever its declared maximum.
pub(crate) const MAX_ELEMENTS: u64 = 10_000_000;

/// A table, shared by the instances that define or import it.
pub(crate) struct TableCell {
    /// What compiled code reads; always describes `elements`.
    vm: UnsafeCell<VMTable>,
    elements: UnsafeCell<Vec<usize>>,
    ty: TableType,
    /// The declared maximum, capped at [`MAX_ELEMENTS`].
    maximum: u64,
}

// SAFETY: like `MemoryCell`: the state is mutated only by the thread running
// an instance that uses the table or accessing it through a `Table` handle,
// inside their exclusion domain (`domain.rs`).
unsafe impl Send for TableCell {}
// SAFETY: as above.
unsafe impl Sync for TableCell {}

impl TableCell {
    /// A table of type `ty` with `ty.minimum` elements set to `init`.
    pub(crate) fn new(ty: TableType, init: usize) -> Result<Arc<TableCell>, ResourceError> {
        let maximum = ty.maximum.map_or(MAX_ELEMENTS, |max| max.min(MAX_ELEMENTS));
        if ty.minimum > maximum {
            return Err(ResourceError::new(
                format!("a table of {} elements", ty.minimum),
                format!("more than {MAX_ELEMENTS} elements"),
            ));
        }
        let cell = TableCell {
            vm: UnsafeCell::new(VMTable {
                elements: std::ptr::null_mut(),
                length: 0,
            }),
            elements: UnsafeCell::new(Vec::new()),
            ty,
            maximum,
        };
        if cell.grow(ty.minimum, init).is_none() {
            return Err(ResourceError::new(
                format!("a table of {} elements", ty.minimum),
                "out of memory",
            ));
        }
        Ok(Arc::new(cell))
    }

    /// What the `VMContext` table slot points to.
    pub(crate) fn vm(&self) -> *mut VMTable {
        self.vm.get()
    }

    /// The table's type with its current size as the minimum.
    pub(crate) fn current_type(&self) -> TableType {
        TableType {
            minimum: self.len(),
            ..self.ty
        }
    }

    /// Current number of elements.
    pub(crate) fn len(&self) -> u64 {
        // SAFETY: a plain read (see the Sync impl).
        unsafe { (*self.vm.get()).length }
    }

    fn elements(&self) -> *mut usize {
        // SAFETY: a plain read (see the Sync impl).
        unsafe { (*self.vm.get()).elements }
    }

    /// Element `index`, if in bounds.
    pub(crate) fn get(&self, index: u64) -> Option<usize> {
        // SAFETY: in bounds, checked first.
        (index < self.len()).then(|| unsafe { *self.elements().add(index as usize) })
    }

    /// Sets element `index`.
    pub(crate) fn set(&self, index: u64, value: usize) -> Result<(), TrapCode> {
        self.fill(index, value, 1)
    }

    /// `table.grow`: appends `delta` elements set to `init`; returns the old
    /// size, or `None` past the maximum or when out of memory.
    pub(crate) fn grow(&self, delta: u64, init: usize) -> Option<u64> {
        let old = self.len();
        let new = old.checked_add(delta).filter(|&new| new <= self.maximum)?;
        // SAFETY: no reference to the vector outlives a call, and compiled
        // code does not run during this one.
        let elements = unsafe { &mut *self.elements.get() };
        elements.try_reserve_exact(delta as usize).ok()?;
        elements.resize(new as usize, init);
        // SAFETY: as above; keeps `vm` describing the (maybe moved) vector.
        unsafe {
            *self.vm.get() = VMTable {
                elements: elements.as_mut_ptr(),
                length: new,
            }
        };
        Some(old)
    }

    /// `table.fill`: sets `len` elements from `dst` to `value`.
    pub(crate) fn fill(&self, dst: u64, value: usize, len: u64) -> Result<(), TrapCode> {
        if !in_bounds(dst, len, self.len()) {
            return Err(TrapCode::TableOutOfBounds);
        }
        // SAFETY: the range is in bounds.
        unsafe { std::slice::from_raw_parts_mut(self.elements().add(dst as usize), len as usize) }
            .fill(value);
        Ok(())
    }

    /// Copies `items` to the elements starting at `dst` (`table.init`).
    pub(crate) fn init(&self, dst: u64, items: &[usize]) -> Result<(), TrapCode> {
        if !in_bounds(dst, items.len() as u64, self.len()) {
            return Err(TrapCode::TableOutOfBounds);
        }
        // SAFETY: the destination is in bounds; `items` is not this table's
        // storage (segments are owned by instances).
        unsafe {
            std::ptr::copy_nonoverlapping(
                items.as_ptr(),
                self.elements().add(dst as usize),
                items.len(),
            )
        };
        Ok(())
    }

    /// `table.copy`: copies `len` elements from `src[s..]` to `dst[d..]`;
    /// the tables may be the same and the ranges may overlap.
    pub(crate) fn copy(
        dst: &TableCell,
        src: &TableCell,
        d: u64,
        s: u64,
        len: u64,
    ) -> Result<(), TrapCode> {
        if !in_bounds(d, len, dst.len()) || !in_bounds(s, len, src.len()) {
            return Err(TrapCode::TableOutOfBounds);
        }
        // SAFETY: both ranges are in bounds; `ptr::copy` allows overlap.
        unsafe {
            std::ptr::copy(
                src.elements().add(s as usize),
                dst.elements().add(d as usize),
                len as usize,
            )
        };
        Ok(())
    }
}

/// A handle to a table: one an instance exported, or one the host created
/// to give to instances. Keeps the table alive, and the instances whose
/// functions it may contain. Its methods wait while another thread runs an
/// instance using the table (see the crate docs on threads).
#[derive(Clone)]
pub struct Table {
    cell: Arc<TableCell>,
    group: Arc<Group>,
}

impl Table {
    /// Creates a table of type `ty` with every element set to `init`.
    pub fn new(ty: TableType, init: Val) -> Result<Table, AccessError> {
        let group = Group::new();
        let init = element_of(&init, ty, &group)?;
        Ok(Table {
            cell: TableCell::new(ty, init)?,
            group,
        })
    }

    pub(crate) fn from_cell(cell: Arc<TableCell>, group: Arc<Group>) -> Table {
        Table { cell, group }
    }

    pub(crate) fn cell(&self) -> &Arc<TableCell> {
        &self.cell
    }

    pub(crate) fn group(&self) -> &Arc<Group> {
        &self.group
    }

    /// The table's type, with its current size as `minimum`.
    pub fn ty(&self) -> TableType {
        let _using = self.group.domain().enter();
        self.cell.current_type()
    }

    /// Current number of elements.
    pub fn size(&self) -> u64 {
        let _using = self.group.domain().enter();
        self.cell.len()
    }

    /// Element `index`, or `None` if out of bounds.
    pub fn get(&self, index: u64) -> Option<Val> {
        let _using = self.group.domain().enter();
        let raw = wasmlite_abi::ValRaw::from_usize(self.cell.get(index)?);
        // SAFETY: funcref elements point into instances of this table's group.
        Some(unsafe { Val::from_raw(raw, self.cell.ty.element.into(), &self.group) })
    }

    /// Sets element `index` to `value`.
    pub fn set(&self, index: u64, value: Val) -> Result<(), AccessError> {
        let element = element_of(&value, self.cell.ty, &self.group)?;
        let _using = self.group.domain().enter();
        self.cell
            .set(index, element)
            .map_err(|_| AccessError::OutOfBounds {
                index,
                size: self.size(),
            })
    }

    /// Appends `delta` elements set to `init`; returns the old size.
    pub fn grow(&self, delta: u64, init: Val) -> Result<u64, AccessError> {
        let element = element_of(&init, self.cell.ty, &self.group)?;
        let _using = self.group.domain().enter();
        self.cell
            .grow(delta, element)
            .ok_or(AccessError::GrowFailed { delta })
    }
}

/// `value` as an element of a table of type `ty` owned by `group`.
fn element_of(value: &Val, ty: TableType, group: &Arc<Group>) -> Result<usize, AccessError> {
    value.check_type(ty.element.into())?;
    Ok(value.to_raw_in(group).get_usize())
}

impl std::fmt::Debug for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Table").field("ty", &self.ty()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::val::ExternRef;
    use wasmlite_abi::RefType;

    fn table(minimum: u64, maximum: Option<u64>) -> Table {
        let ty = TableType {
            element: RefType::EXTERNREF,
            minimum,
            maximum,
            table64: false,
        };
        Table::new(ty, Val::ExternRef(ExternRef::from_raw(5))).unwrap()
    }

    fn handle(table: &Table, index: u64) -> usize {
        table.cell().get(index).unwrap()
    }

    #[test]
    fn new_tables_hold_the_initial_value() {
        let t = table(3, None);
        assert_eq!(t.size(), 3);
        assert_eq!(t.get(2), Some(Val::ExternRef(ExternRef::from_raw(5))));
        assert_eq!(t.get(3), None);
    }

    #[test]
    fn grow_updates_the_vm_view_and_respects_the_maximum() {
        let t = table(1, Some(4));
        assert_eq!(t.grow(3, Val::ExternRef(None)), Ok(1));
        // SAFETY: reading the table's own VMTable.
        let vm = unsafe { &*t.cell().vm() };
        assert_eq!(vm.length, 4);
        // SAFETY: index 3 is in bounds.
        assert_eq!(unsafe { *vm.elements.add(3) }, 0);
        assert_eq!(
            t.grow(1, Val::ExternRef(None)),
            Err(AccessError::GrowFailed { delta: 1 })
        );
        assert_eq!(
            table(0, None).grow(MAX_ELEMENTS + 1, Val::ExternRef(None)),
            Err(AccessError::GrowFailed {
                delta: MAX_ELEMENTS + 1
            })
        );
    }

    #[test]
    fn fill_copy_and_init_check_bounds() {
        let t = table(4, None);
        let cell = t.cell();
        assert_eq!(cell.fill(1, 9, 3), Ok(()));
        assert_eq!(cell.fill(2, 9, 3), Err(TrapCode::TableOutOfBounds));
        assert_eq!(cell.fill(4, 9, 0), Ok(()));
        assert_eq!(cell.init(0, &[1, 2]), Ok(()));
        assert_eq!(cell.init(3, &[1, 2]), Err(TrapCode::TableOutOfBounds));
        // Overlapping copy within one table: [1, 2, 9, 9] -> [1, 1, 2, 9].
        assert_eq!(TableCell::copy(cell, cell, 1, 0, 2), Ok(()));
        assert_eq!(
            (0..4).map(|i| handle(&t, i)).collect::<Vec<_>>(),
            [1, 1, 2, 9]
        );
        assert_eq!(
            TableCell::copy(cell, cell, 3, 0, 2),
            Err(TrapCode::TableOutOfBounds)
        );
    }

    #[test]
    fn host_accesses_check_types() {
        let t = table(1, None);
        assert_eq!(
            t.set(0, Val::I32(1)),
            Err(AccessError::TypeMismatch {
                expected: wasmlite_abi::ValType::EXTERNREF,
                found: wasmlite_abi::ValType::I32
            })
        );
        assert_eq!(
            t.set(1, Val::ExternRef(None)),
            Err(AccessError::OutOfBounds { index: 1, size: 1 })
        );
    }
}
