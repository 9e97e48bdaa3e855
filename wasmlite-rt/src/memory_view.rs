//! Views of linear memory: [`MemoryView`] (`&[u8]`) and [`MemoryViewMut`]
//! (`&mut [u8]`), borrowed like a `RefCell`, checked at run time.
//!
//! Handles to one memory can be held in many places ([`crate::Memory`]
//! clones, several instances, host state), and wasm code writes it through
//! raw pointers, so Rust's borrow checker cannot see the aliasing. Each view
//! therefore records itself:
//!
//! - in its memory (`MemoryCell::borrow`: shared views or one exclusive
//!   one), so that a conflicting view, or a handle's `read`/`write` copy,
//!   panics instead of aliasing;
//! - in its memory's exclusion domain (a count of live views), so that
//!   entering wasm code of the domain while a view is alive panics
//!   ([`check_no_views`]) instead of letting that code write the bytes;
//! - in a per-thread count, which makes the common case (no view alive on
//!   this thread) one thread-local load per entry into wasm.
//!
//! A view also holds the domain entered, so no other thread runs the
//! domain's instances while it is alive. Views are not `Send`: the domain
//! guard belongs to the thread.

use crate::domain::{Domain, DomainGuard};
use crate::memory::MemoryCell;
use std::cell::Cell;
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};

/// What the panic says when a view would alias another view or a write.
pub(crate) const BORROWED_MESSAGE: &str = "wasmlite: this linear memory is already borrowed \
    by a view (MemoryView/MemoryViewMut) that conflicts with this access";

/// What the panic says when wasm code would run while a view is alive.
pub(crate) const VIEW_ALIVE_MESSAGE: &str = "wasmlite: cannot run wasm code while a view \
    (MemoryView/MemoryViewMut) of a memory it can reach is alive; drop the view first";

thread_local! {
    /// Views alive on this thread, of any domain.
    static LIVE_VIEWS: Cell<usize> = const { Cell::new(0) };
}

/// The number of views alive on this thread.
pub(crate) fn live_views() -> usize {
    LIVE_VIEWS.with(Cell::get)
}

/// Panics with [`VIEW_ALIVE_MESSAGE`] if a view of a memory of `domain` is
/// alive. Called, by the thread in the domain, before wasm code of the
/// domain runs (entries, returns from host functions, segment
/// initialization). O(1): one thread-local load unless this thread holds a
/// view.
#[inline]
pub(crate) fn check_no_views(domain: &Domain) {
    if live_views() != 0 && domain.has_views() {
        panic!("{VIEW_ALIVE_MESSAGE}");
    }
}

/// The record of one live view; forgets it when dropped.
struct Borrow<'a> {
    cell: &'a MemoryCell,
    exclusive: bool,
    /// Dropped after `drop` below, so the counts change inside the domain.
    domain: DomainGuard<'a>,
    /// The guard and the thread-local count belong to this thread.
    _not_send: PhantomData<*const ()>,
}

impl<'a> Borrow<'a> {
    fn new(cell: &'a MemoryCell, domain: &'a Domain, exclusive: bool) -> Borrow<'a> {
        let guard = domain.enter();
        if exclusive {
            cell.borrow_exclusive();
        } else {
            cell.borrow_shared();
        }
        domain.add_view();
        LIVE_VIEWS.with(|n| n.set(n.get() + 1));
        Borrow {
            cell,
            exclusive,
            domain: guard,
            _not_send: PhantomData,
        }
    }
}

impl Drop for Borrow<'_> {
    fn drop(&mut self) {
        LIVE_VIEWS.with(|n| n.set(n.get() - 1));
        self.domain.domain().remove_view();
        self.cell.release(self.exclusive);
    }
}

/// A linear memory's bytes, readable (`Deref<Target = [u8]>`), borrowed
/// until dropped. See [`crate::Memory::view`] for what it excludes.
pub struct MemoryView<'a> {
    bytes: &'a [u8],
    _borrow: Borrow<'a>,
}

impl<'a> MemoryView<'a> {
    /// # Panics
    /// If an exclusive view of `cell` is alive.
    pub(crate) fn new(cell: &'a MemoryCell, domain: &'a Domain) -> MemoryView<'a> {
        let borrow = Borrow::new(cell, domain, false);
        // SAFETY: the borrow recorded above keeps writers out (other views
        // and handle writes panic, wasm code of the domain does not run, and
        // other threads wait for the domain) while the slice lives; the
        // memory never shrinks or moves, and `cell` outlives `'a`.
        let bytes = unsafe { cell.bytes() };
        MemoryView {
            bytes,
            _borrow: borrow,
        }
    }
}

impl Deref for MemoryView<'_> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        self.bytes
    }
}

impl std::fmt::Debug for MemoryView<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "MemoryView({} bytes)", self.bytes.len())
    }
}

/// A linear memory's bytes, writable (`DerefMut<Target = [u8]>`), borrowed
/// exclusively until dropped. See [`crate::Memory::view`].
pub struct MemoryViewMut<'a> {
    bytes: &'a mut [u8],
    _borrow: Borrow<'a>,
}

impl<'a> MemoryViewMut<'a> {
    /// # Panics
    /// If any view of `cell` is alive.
    pub(crate) fn new(cell: &'a MemoryCell, domain: &'a Domain) -> MemoryViewMut<'a> {
        let borrow = Borrow::new(cell, domain, true);
        // SAFETY: as in `MemoryView::new`, and the borrow is exclusive:
        // no other view or handle access exists while the slice lives.
        let bytes = unsafe { cell.bytes_mut() };
        MemoryViewMut {
            bytes,
            _borrow: borrow,
        }
    }
}

impl Deref for MemoryViewMut<'_> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        self.bytes
    }
}

impl DerefMut for MemoryViewMut<'_> {
    fn deref_mut(&mut self) -> &mut [u8] {
        self.bytes
    }
}

impl std::fmt::Debug for MemoryViewMut<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "MemoryViewMut({} bytes)", self.bytes.len())
    }
}

/// Comparisons with byte sequences, by content.
macro_rules! compare_with_bytes {
    ($view:ident) => {
        impl PartialEq<[u8]> for $view<'_> {
            fn eq(&self, other: &[u8]) -> bool {
                **self == *other
            }
        }
        impl PartialEq<Vec<u8>> for $view<'_> {
            fn eq(&self, other: &Vec<u8>) -> bool {
                **self == **other
            }
        }
        impl<const N: usize> PartialEq<[u8; N]> for $view<'_> {
            fn eq(&self, other: &[u8; N]) -> bool {
                **self == *other
            }
        }
    };
}

compare_with_bytes!(MemoryView);
compare_with_bytes!(MemoryViewMut);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Memory;
    use wasmlite_abi::MemoryType;

    fn memory() -> Memory {
        Memory::new(MemoryType {
            minimum: 1,
            maximum: None,
            memory64: false,
            shared: false,
        })
        .unwrap()
    }

    fn panics(f: impl FnOnce()) -> String {
        let payload = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_err();
        payload.downcast::<String>().map(|s| *s).unwrap_or_default()
    }

    #[test]
    fn shared_views_coexist_and_copy_reads_too() {
        let memory = memory();
        memory.write(3, &[7]).unwrap();
        let (a, b) = (memory.view(), memory.clone().view().len());
        let mut byte = [0];
        memory.read(3, &mut byte).unwrap();
        assert_eq!((a[3], b, byte[0]), (7, 65536, 7));
        assert_eq!(live_views(), 1);
        drop(a);
        assert_eq!(live_views(), 0);
    }

    #[test]
    fn a_write_while_a_view_is_alive_panics() {
        let memory = memory();
        let handle = memory.clone();
        let view = memory.view();
        assert_eq!(panics(|| drop(handle.write(0, &[1]))), BORROWED_MESSAGE);
        assert_eq!(panics(|| drop(handle.view_mut())), BORROWED_MESSAGE);
        assert_eq!(view[0], 0, "the view never saw a write");
        drop(view);
        handle.write(0, &[1]).unwrap();
        let mut writable = memory.view_mut();
        writable[1] = 2;
        assert_eq!(panics(|| drop(handle.read(0, &mut [0]))), BORROWED_MESSAGE);
        assert_eq!(panics(|| drop(handle.view())), BORROWED_MESSAGE);
        drop(writable);
        assert_eq!(&memory.view()[..2], &[1, 2]);
    }

    #[test]
    fn a_view_counts_in_its_domain() {
        let memory = memory();
        let domain = memory.domain().clone();
        let view = memory.view();
        assert!(domain.has_views());
        assert_eq!(panics(|| check_no_views(&domain)), VIEW_ALIVE_MESSAGE);
        check_no_views(&Domain::new());
        drop(view);
        assert!(!domain.has_views());
        check_no_views(&domain);
    }
}
