//! Address-space reservations for linear memories, recycled between
//! memories.
//!
//! A reservation is [`RESERVATION`] bytes of private anonymous address
//! space whose first `accessible` bytes are readable and writable and the
//! rest inaccessible (see `memory.rs` for why). Mapping and unmapping that
//! much address space is most of what instantiating a small module costs
//! (`munmap` walks the page tables of the whole range), so a dropped
//! reservation is zeroed with `madvise(MADV_DONTNEED)` — the kernel drops
//! its pages, which read as zero again — and kept in a small process-wide
//! pool for the next memory, keeping its accessible prefix when that fits.
//!
//! While a reservation belongs to a memory it is listed in [`LIVE`], so the
//! fault handler can tell an access to a linear memory's guard region
//! ([`is_reserved`]) from any other bad address.
//!
//! A 64-bit memory's reservation ([`Reservation::sized`]) is as large as
//! its maximum (capped by the memory), has no guard region, is neither
//! pooled nor listed in [`LIVE`]: compiled code checks every access to a
//! 64-bit memory explicitly, so no fault inside it is a trap.

use crate::published::Published;
use std::ptr::NonNull;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};
use wasmlite_abi::WASM_PAGE_SIZE;

/// Address space reserved per memory: 8 GiB plus one wasm page, enough for
/// `u32::MAX + u32::MAX + 16`.
pub(crate) const RESERVATION: usize = (8 << 30) + WASM_PAGE_SIZE as usize;

/// Most reservations kept for reuse (each is 8 GiB of address space and no
/// memory).
const POOL_CAPACITY: usize = 16;

/// A dropped reservation: zeroed, its first `accessible` bytes read-write.
struct Pooled {
    base: usize,
    accessible: usize,
}

static POOL: Mutex<Vec<Pooled>> = Mutex::new(Vec::new());

/// The base of every reservation a memory owns, one slot each; a free slot
/// holds 0 and is reused. Slots are never freed, so there are as many as
/// the most reservations ever owned at once.
static LIVE: Published<AtomicUsize> = Published::new();

/// Lists `base` in [`LIVE`].
fn register(base: usize) {
    let claimed = LIVE.iter().any(|slot| {
        slot.compare_exchange(0, base, Ordering::AcqRel, Ordering::Relaxed)
            .is_ok()
    });
    if !claimed {
        LIVE.push(AtomicUsize::new(base));
    }
}

/// Removes `base` from [`LIVE`].
fn unregister(base: usize) {
    let found = LIVE.iter().any(|slot| {
        slot.compare_exchange(base, 0, Ordering::AcqRel, Ordering::Relaxed)
            .is_ok()
    });
    debug_assert!(found, "reservation {base:#x} was registered");
}

/// Whether `addr` lies in the reservation of a live linear memory (its
/// accessible bytes or its guard region). Async-signal-safe: atomic loads
/// only.
pub(crate) fn is_reserved(addr: usize) -> bool {
    LIVE.iter().any(|slot| {
        let base = slot.load(Ordering::Acquire);
        base != 0 && (base..base + RESERVATION).contains(&addr)
    })
}

/// One reservation, owned.
pub(crate) struct Reservation {
    base: NonNull<u8>,
    accessible: usize,
    /// Bytes mapped: [`RESERVATION`], or a 64-bit memory's maximum.
    size: usize,
    /// Whether this is a guarded reservation ([`Reservation::new`]: pooled
    /// and listed in [`LIVE`]) rather than a [`Reservation::sized`] one.
    /// Not derived from `size`: a 64-bit memory's maximum may equal
    /// [`RESERVATION`].
    guarded: bool,
}

// SAFETY: the reservation is plain memory owned by this value; nothing in
// it is tied to a thread.
unsafe impl Send for Reservation {}
// SAFETY: `&Reservation` only reads `base` and `accessible`.
unsafe impl Sync for Reservation {}

impl Reservation {
    /// A zero-filled reservation whose first `accessible` bytes (at most
    /// 4 GiB) are readable and writable.
    pub(crate) fn new(accessible: usize) -> std::io::Result<Reservation> {
        let pooled = POOL.lock().unwrap_or_else(PoisonError::into_inner).pop();
        let mut reservation = match pooled {
            Some(p) => Reservation {
                // SAFETY: pooled bases come from successful mmaps.
                base: unsafe { NonNull::new_unchecked(p.base as *mut u8) },
                accessible: p.accessible,
                size: RESERVATION,
                guarded: true,
            },
            None => Reservation::map(RESERVATION, true)?,
        };
        // Registered before anything can fail: dropping unregisters it.
        register(reservation.base() as usize);
        reservation.set_accessible(accessible)?;
        Ok(reservation)
    }

    /// A zero-filled reservation of exactly `size` bytes (no guard region,
    /// not pooled, not a trap site; for 64-bit memories) whose first
    /// `accessible` bytes are readable and writable.
    pub(crate) fn sized(size: usize, accessible: usize) -> std::io::Result<Reservation> {
        let mut reservation = Reservation::map(size.max(1), false)?;
        reservation.set_accessible(accessible)?;
        Ok(reservation)
    }

    /// A fresh mapping of `size` bytes, all inaccessible.
    fn map(size: usize, guarded: bool) -> std::io::Result<Reservation> {
        // SAFETY: an anonymous private mapping at an address of the kernel's choice.
        let base = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                size,
                libc::PROT_NONE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
                -1,
                0,
            )
        };
        if base == libc::MAP_FAILED {
            return Err(std::io::Error::last_os_error());
        }
        Ok(Reservation {
            base: NonNull::new(base.cast()).expect("mmap never returns null on success"),
            accessible: 0,
            size,
            guarded,
        })
    }

    /// Start of the reservation.
    pub(crate) fn base(&self) -> *mut u8 {
        self.base.as_ptr()
    }

    /// Makes exactly the first `len` bytes accessible: at most 4 GiB for
    /// a guarded reservation, at most its size for a sized one.
    pub(crate) fn set_accessible(&mut self, len: usize) -> std::io::Result<()> {
        if len > self.size {
            return Err(std::io::Error::from(std::io::ErrorKind::OutOfMemory));
        }
        let (start, end, protection) = match len.cmp(&self.accessible) {
            std::cmp::Ordering::Equal => return Ok(()),
            std::cmp::Ordering::Greater => {
                (self.accessible, len, libc::PROT_READ | libc::PROT_WRITE)
            }
            std::cmp::Ordering::Less => (len, self.accessible, libc::PROT_NONE),
        };
        // SAFETY: `[start, end)` lies inside the reservation (`len` was
        // checked against its size above), which this value owns.
        let status =
            unsafe { libc::mprotect(self.base().add(start).cast(), end - start, protection) };
        if status != 0 {
            return Err(std::io::Error::last_os_error());
        }
        self.accessible = len;
        Ok(())
    }

    /// Zeroes the accessible bytes and returns the reservation to the pool,
    /// or unmaps it when the pool is full or zeroing fails.
    fn recycle(&mut self) -> bool {
        if !self.guarded {
            return false;
        }
        let mut pool = POOL.lock().unwrap_or_else(PoisonError::into_inner);
        if pool.len() >= POOL_CAPACITY {
            return false;
        }
        // SAFETY: the accessible prefix is owned by this value and no one
        // refers to its bytes any more (the memory is being dropped).
        let zeroed =
            unsafe { libc::madvise(self.base().cast(), self.accessible, libc::MADV_DONTNEED) } == 0;
        if zeroed {
            pool.push(Pooled {
                base: self.base() as usize,
                accessible: self.accessible,
            });
        }
        zeroed
    }
}

impl Drop for Reservation {
    fn drop(&mut self) {
        if self.guarded {
            unregister(self.base() as usize);
        }
        if !self.recycle() {
            // SAFETY: the reservation was mapped by `map` with this size and
            // nothing refers to it any more.
            unsafe { libc::munmap(self.base().cast(), self.size) };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recycled_reservations_are_zero_and_exactly_as_accessible_as_asked() {
        let page = WASM_PAGE_SIZE as usize;
        let mut first = Reservation::new(2 * page).unwrap();
        // SAFETY: the first two pages are accessible.
        unsafe { first.base().add(page + 5).write(0xaa) };
        first.set_accessible(3 * page).unwrap();
        drop(first);
        // Whichever reservation this is (another test may have taken the
        // pooled one), it reads as zero and has exactly one page.
        let second = Reservation::new(page).unwrap();
        // SAFETY: the first page is accessible.
        let bytes = unsafe { std::slice::from_raw_parts(second.base(), page) };
        assert!(bytes.iter().all(|&b| b == 0));
        assert_eq!(second.accessible, page);
    }

    #[test]
    fn only_owned_reservations_count_as_linear_memory() {
        let reservation = Reservation::new(WASM_PAGE_SIZE as usize).unwrap();
        let base = reservation.base() as usize;
        assert!(is_reserved(base));
        assert!(is_reserved(base + RESERVATION - 1), "the guard region too");
        let local = 0u8;
        assert!(!is_reserved(&local as *const u8 as usize));
        drop(reservation);
        // Pooled or unmapped, it belongs to no memory now (unless another
        // test took it from the pool meanwhile).
        let still = LIVE.iter().any(|slot| slot.load(Ordering::Acquire) == base);
        assert_eq!(is_reserved(base), still);
    }

    #[test]
    fn sized_reservations_are_exact_and_never_trap_sites() {
        let page = WASM_PAGE_SIZE as usize;
        let mut sized = Reservation::sized(6 << 30, page).unwrap();
        assert_eq!(sized.size, 6 << 30);
        assert!(!is_reserved(sized.base() as usize), "not a guard-page memory");
        // Past 4 GiB: the last page of the 6 GiB.
        sized.set_accessible(6 << 30).unwrap();
        // SAFETY: the whole reservation is accessible now.
        unsafe { sized.base().add((6 << 30) - 1).write(7) };
        assert!(sized.set_accessible((6 << 30) + page).is_err());
    }

    #[test]
    fn a_sized_reservation_as_large_as_a_guarded_one_is_still_sized() {
        // A 64-bit memory whose maximum is exactly RESERVATION bytes: it
        // must be neither unregistered from LIVE nor pooled when dropped.
        let sized = Reservation::sized(RESERVATION, WASM_PAGE_SIZE as usize).unwrap();
        let base = sized.base() as usize;
        assert!(!is_reserved(base));
        drop(sized);
        assert!(!is_reserved(base));
    }

}
