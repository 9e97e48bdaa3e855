//! Linear memories.
//!
//! Every memory reserves `RESERVATION` (8 GiB + 64 KiB) bytes of address
//! space up front (`reservation.rs`, which also recycles them),
//! inaccessible, and makes its first `size` bytes readable and writable.
//! Growing makes more of the reservation accessible with `mprotect`; the
//! base address never changes. Any 32-bit address plus any 32-bit static
//! offset lands inside the reservation, so compiled code needs no bounds
//! checks for 32-bit memories: an access past `length` hits an inaccessible
//! page and the fault handler turns it into a
//! [`wasmlite_abi::TrapCode::MemoryOutOfBounds`] trap.
//!
//! A 64-bit memory (memory64) cannot be covered by guard pages: an address
//! plus an offset reaches 2^65. Compiled code checks every access to one
//! explicitly against `length`, so its reservation needs no guard region:
//! it is exactly its maximum size, capped at [`MAX_PAGES_64`] (64 GiB),
//! reserved up front (address space only; pages are committed as they are
//! touched), so it too grows in place.

use crate::bounds::in_bounds;
use crate::domain::Domain;
use crate::error::{MemoryAccessError, ResourceError};
use crate::memory_view::{MemoryView, MemoryViewMut, BORROWED_MESSAGE};
use crate::reservation::Reservation;
use std::cell::UnsafeCell;
use std::ops::Range;
use std::sync::atomic::{AtomicIsize, Ordering};
use std::sync::Arc;
use wasmlite_abi::{MemoryType, VMMemory, WASM_PAGE_SIZE};

/// The most pages a 32-bit memory can have (4 GiB).
pub(crate) const MAX_PAGES: u64 = 65536;

/// The most pages a 64-bit memory can have here (64 GiB of address space
/// reserved per memory; the specification allows 2^48 pages).
pub(crate) const MAX_PAGES_64: u64 = 1 << 20;

/// The most pages a memory of type `ty` can have: its declared maximum,
/// capped by [`MAX_PAGES`] or [`MAX_PAGES_64`].
fn page_cap(ty: &MemoryType) -> u64 {
    let cap = if ty.memory64 { MAX_PAGES_64 } else { MAX_PAGES };
    ty.maximum.map_or(cap, |max| max.min(cap))
}

/// A linear memory, shared by the instances that define or import it.
pub(crate) struct MemoryCell {
    /// What compiled code reads: the base and the accessible length.
    vm: UnsafeCell<VMMemory>,
    /// The address space, owned.
    reservation: UnsafeCell<Reservation>,
    /// The declared maximum, capped ([`page_cap`]).
    maximum_pages: u64,
    ty: MemoryType,
    /// Views alive (`memory_view.rs`): the number of shared ones, or -1
    /// for an exclusive one. Only the thread in the memory's domain
    /// touches it.
    borrow: AtomicIsize,
}

// SAFETY: the cell owns its mapping; its only mutable state is `vm` (and the
// bytes), which are mutated by whichever thread runs an instance using the
// memory or accesses it through a `Memory` handle: all of them inside the
// one exclusion domain of those instances and handles (`domain.rs`).
unsafe impl Send for MemoryCell {}
// SAFETY: as above.
unsafe impl Sync for MemoryCell {}

impl MemoryCell {
    /// Reserves and maps a memory of type `ty`, zero-filled.
    pub(crate) fn new(ty: MemoryType) -> Result<Arc<MemoryCell>, ResourceError> {
        let what = || format!("a linear memory of {} pages", ty.minimum);
        let maximum_pages = page_cap(&ty);
        if ty.minimum > maximum_pages {
            return Err(ResourceError::new(
                what(),
                format!("more than {maximum_pages} pages"),
            ));
        }
        let bytes = (ty.minimum * WASM_PAGE_SIZE) as usize;
        let reservation = if ty.memory64 {
            Reservation::sized((maximum_pages * WASM_PAGE_SIZE) as usize, bytes)
        } else {
            Reservation::new(bytes)
        }
        .map_err(|e| ResourceError::os(what(), e))?;
        let cell = MemoryCell {
            vm: UnsafeCell::new(VMMemory {
                base: reservation.base(),
                length: bytes as u64,
            }),
            reservation: UnsafeCell::new(reservation),
            maximum_pages,
            ty,
            borrow: AtomicIsize::new(0),
        };
        Ok(Arc::new(cell))
    }

    /// What the `VMContext` memory slot points to.
    pub(crate) fn vm(&self) -> *mut VMMemory {
        self.vm.get()
    }

    /// Start of the bytes.
    pub(crate) fn base(&self) -> *mut u8 {
        // SAFETY: `base` is written once in `new`.
        unsafe { (*self.vm.get()).base }
    }

    /// Current size in bytes.
    pub(crate) fn byte_len(&self) -> u64 {
        // SAFETY: a plain read; writers are the same thread (see the Sync impl).
        unsafe { (*self.vm.get()).length }
    }

    /// Current size in pages.
    pub(crate) fn pages(&self) -> u64 {
        self.byte_len() / WASM_PAGE_SIZE
    }

    /// The memory's type with its current size as the minimum (what import
    /// matching compares against).
    pub(crate) fn current_type(&self) -> MemoryType {
        MemoryType {
            minimum: self.pages(),
            ..self.ty
        }
    }

    /// `memory.grow`: adds `delta` pages; returns the old size in pages, or
    /// `None` if the memory would exceed its maximum.
    pub(crate) fn grow(&self, delta: u64) -> Option<u64> {
        let old = self.pages();
        let new = old
            .checked_add(delta)
            .filter(|&new| new <= self.maximum_pages)?;
        if delta > 0 {
            // SAFETY: the reservation is touched only by the thread running
            // the memory's instances (see the Sync impl).
            let reservation = unsafe { &mut *self.reservation.get() };
            reservation
                .set_accessible((new * WASM_PAGE_SIZE) as usize)
                .ok()?;
        }
        // SAFETY: see the Sync impl.
        unsafe { (*self.vm.get()).length = new * WASM_PAGE_SIZE }
        Some(old)
    }

    /// Records a shared view; panics if an exclusive one is alive.
    pub(crate) fn borrow_shared(&self) {
        let borrow = self.borrow.load(Ordering::Relaxed);
        assert!(borrow >= 0, "{BORROWED_MESSAGE}");
        self.borrow.store(borrow + 1, Ordering::Relaxed);
    }

    /// Records an exclusive view; panics if any view is alive.
    pub(crate) fn borrow_exclusive(&self) {
        assert!(
            self.borrow.load(Ordering::Relaxed) == 0,
            "{BORROWED_MESSAGE}"
        );
        self.borrow.store(-1, Ordering::Relaxed);
    }

    /// Forgets a view recorded by one of the two above.
    pub(crate) fn release(&self, exclusive: bool) {
        let borrow = self.borrow.load(Ordering::Relaxed);
        self.borrow
            .store(if exclusive { 0 } else { borrow - 1 }, Ordering::Relaxed);
    }

    /// Copies `buf.len()` bytes at `offset` into `buf`. The caller is in
    /// the memory's domain.
    ///
    /// # Panics
    /// If an exclusive view of the memory is alive.
    pub(crate) fn read(&self, offset: u64, buf: &mut [u8]) -> Result<(), MemoryAccessError> {
        self.borrow_shared();
        // SAFETY: no exclusive view is alive (checked above), no wasm code
        // runs during the copy, and the slice lives only for it.
        let bytes = unsafe { self.bytes() };
        let range = checked_range(offset, buf.len(), bytes.len());
        if let Ok(range) = &range {
            buf.copy_from_slice(&bytes[range.clone()]);
        }
        self.release(false);
        range.map(drop)
    }

    /// Copies `data` into the memory at `offset`. The caller is in the
    /// memory's domain.
    ///
    /// # Panics
    /// If a view of the memory is alive.
    pub(crate) fn write(&self, offset: u64, data: &[u8]) -> Result<(), MemoryAccessError> {
        self.borrow_exclusive();
        // SAFETY: no view is alive (checked above), no wasm code runs
        // during the copy, and the slice lives only for it.
        let bytes = unsafe { self.bytes_mut() };
        let range = checked_range(offset, data.len(), bytes.len());
        if let Ok(range) = &range {
            bytes[range.clone()].copy_from_slice(data);
        }
        self.release(true);
        range.map(drop)
    }

    /// The accessible bytes.
    ///
    /// # Safety
    /// No one may write the memory while the slice is alive.
    pub(crate) unsafe fn bytes<'a>(&self) -> &'a [u8] {
        // SAFETY: `[base, base + length)` is mapped readable; the caller
        // rules out concurrent writes.
        unsafe { std::slice::from_raw_parts(self.base(), self.byte_len() as usize) }
    }

    /// The accessible bytes, mutably.
    ///
    /// # Safety
    /// No one else may access the memory while the slice is alive.
    #[allow(clippy::mut_from_ref)]
    pub(crate) unsafe fn bytes_mut<'a>(&self) -> &'a mut [u8] {
        // SAFETY: mapped read-write; the caller guarantees exclusivity.
        unsafe { std::slice::from_raw_parts_mut(self.base(), self.byte_len() as usize) }
    }
}

/// The index range of `[offset, offset + len)` in a memory of `size` bytes.
pub(crate) fn checked_range(
    offset: u64,
    len: usize,
    size: usize,
) -> Result<Range<usize>, MemoryAccessError> {
    let len64 = len as u64;
    if !in_bounds(offset, len64, size as u64) {
        return Err(MemoryAccessError::OutOfBounds {
            offset,
            len: len64,
            size: size as u64,
        });
    }
    Ok(offset as usize..offset as usize + len)
}

/// A handle to a linear memory: one an instance exported, or one the host
/// created to give to instances. Cloning it shares the memory, which lives
/// as long as any handle or instance uses it.
///
/// Its methods wait while another thread runs an instance using the memory
/// (see the crate docs on threads).
#[derive(Clone)]
pub struct Memory {
    cell: Arc<MemoryCell>,
    /// The exclusion domain of the instances using the memory.
    domain: Arc<Domain>,
}

impl Memory {
    /// Creates a memory of type `ty` (its `minimum` pages, zero-filled).
    pub fn new(ty: MemoryType) -> Result<Memory, ResourceError> {
        Ok(Memory {
            cell: MemoryCell::new(ty)?,
            domain: Domain::new(),
        })
    }

    pub(crate) fn from_cell(cell: Arc<MemoryCell>, domain: Arc<Domain>) -> Memory {
        Memory { cell, domain }
    }

    pub(crate) fn cell(&self) -> &Arc<MemoryCell> {
        &self.cell
    }

    pub(crate) fn domain(&self) -> &Arc<Domain> {
        &self.domain
    }

    /// The memory's type, with its current size as `minimum`.
    pub fn ty(&self) -> MemoryType {
        let _using = self.domain.enter();
        self.cell.current_type()
    }

    /// Current size in pages.
    pub fn size(&self) -> u64 {
        let _using = self.domain.enter();
        self.cell.pages()
    }

    /// Current size in bytes.
    pub fn data_size(&self) -> u64 {
        let _using = self.domain.enter();
        self.cell.byte_len()
    }

    /// Grows by `delta` pages; returns the old size in pages, or `None` if
    /// the maximum would be exceeded.
    pub fn grow(&self, delta: u64) -> Option<u64> {
        let _using = self.domain.enter();
        self.cell.grow(delta)
    }

    /// Copies `buf.len()` bytes at `offset` into `buf`.
    ///
    /// # Panics
    /// If a [`MemoryViewMut`] of the memory is alive.
    pub fn read(&self, offset: u64, buf: &mut [u8]) -> Result<(), MemoryAccessError> {
        let _using = self.domain.enter();
        self.cell.read(offset, buf)
    }

    /// Copies `data` into the memory at `offset`.
    ///
    /// # Panics
    /// If a view ([`MemoryView`] or [`MemoryViewMut`]) of the memory is alive.
    pub fn write(&self, offset: u64, data: &[u8]) -> Result<(), MemoryAccessError> {
        let _using = self.domain.enter();
        self.cell.write(offset, data)
    }

    /// The memory's bytes, borrowed until the view is dropped. While it
    /// lives, this thread holds the memory's domain (other threads wait to
    /// run its instances), and wasm code that can reach the memory does not
    /// run: calling into it panics.
    ///
    /// # Panics
    /// If a [`MemoryViewMut`] of the memory is alive.
    pub fn view(&self) -> MemoryView<'_> {
        MemoryView::new(&self.cell, &self.domain)
    }

    /// The memory's bytes, writable, borrowed until the view is dropped
    /// (see [`Memory::view`]).
    ///
    /// # Panics
    /// If another view of the memory is alive.
    pub fn view_mut(&self) -> MemoryViewMut<'_> {
        MemoryViewMut::new(&self.cell, &self.domain)
    }
}

impl std::fmt::Debug for Memory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Memory").field("ty", &self.ty()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn memory_type(minimum: u64, maximum: Option<u64>) -> MemoryType {
        MemoryType {
            minimum,
            maximum,
            memory64: false,
            shared: false,
        }
    }

    #[test]
    fn new_memories_are_zeroed_and_writable() {
        let memory = Memory::new(memory_type(1, None)).unwrap();
        assert_eq!(memory.data_size(), WASM_PAGE_SIZE);
        let mut buf = [1u8; 4];
        memory.read(100, &mut buf).unwrap();
        assert_eq!(buf, [0; 4]);
        memory.write(WASM_PAGE_SIZE - 2, &[7, 8]).unwrap();
        memory.read(WASM_PAGE_SIZE - 2, &mut buf[..2]).unwrap();
        assert_eq!(&buf[..2], &[7, 8]);
    }

    #[test]
    fn accesses_past_the_end_are_errors() {
        let memory = Memory::new(memory_type(1, None)).unwrap();
        let err = memory.write(WASM_PAGE_SIZE - 1, &[1, 2]).unwrap_err();
        assert_eq!(
            err,
            MemoryAccessError::OutOfBounds {
                offset: WASM_PAGE_SIZE - 1,
                len: 2,
                size: WASM_PAGE_SIZE
            }
        );
        assert!(memory.read(u64::MAX, &mut [0]).is_err());
    }

    #[test]
    fn grow_respects_the_maximum_and_keeps_contents() {
        let memory = Memory::new(memory_type(1, Some(3))).unwrap();
        memory.write(5, &[42]).unwrap();
        let base = memory.cell().base();
        assert_eq!(memory.grow(0), Some(1));
        assert_eq!(memory.grow(2), Some(1));
        assert_eq!(memory.size(), 3);
        assert_eq!(memory.grow(1), None);
        assert_eq!(memory.grow(u64::MAX), None);
        assert_eq!(memory.cell().base(), base);
        let mut buf = [0u8];
        memory.read(5, &mut buf).unwrap();
        assert_eq!(buf, [42]);
        memory.write(3 * WASM_PAGE_SIZE - 1, &[9]).unwrap();
    }

    #[test]
    fn memories_without_maximum_stop_at_4_gib() {
        let memory = Memory::new(memory_type(0, None)).unwrap();
        assert_eq!(memory.grow(MAX_PAGES + 1), None);
        assert_eq!(memory.size(), 0);
        assert!(Memory::new(memory_type(MAX_PAGES + 1, None)).is_err());
    }

    #[test]
    fn memories_64_grow_past_4_gib_in_place_up_to_their_cap() {
        let memory64 = |minimum, maximum| MemoryType {
            memory64: true,
            ..memory_type(minimum, maximum)
        };
        let memory = Memory::new(memory64(1, None)).unwrap();
        let base = memory.cell().base();
        assert_eq!(memory.grow(MAX_PAGES), Some(1));
        assert_eq!(memory.data_size(), (MAX_PAGES + 1) * WASM_PAGE_SIZE);
        assert_eq!(memory.cell().base(), base, "grown in place");
        let above_4_gib = (1 << 32) + 3;
        memory.write(above_4_gib, &[5]).unwrap();
        let mut buf = [0u8];
        memory.read(above_4_gib, &mut buf).unwrap();
        assert_eq!(buf, [5]);
        assert_eq!(memory.grow(MAX_PAGES_64), None, "past the 64 GiB cap");
        assert!(memory.ty().memory64);
        // A declared maximum below the cap is the reservation's size.
        let small = Memory::new(memory64(1, Some(2))).unwrap();
        assert_eq!(small.grow(1), Some(1));
        assert_eq!(small.grow(1), None);
        assert!(Memory::new(memory64(MAX_PAGES_64 + 1, None)).is_err());
    }
}
