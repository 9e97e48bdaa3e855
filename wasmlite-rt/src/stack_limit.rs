//! The stack limit wasm code checks, and recognising stack-overflow faults.
//!
//! Compiled code traps with `StackOverflow` when its stack pointer goes
//! below `VMLimits::stack_limit`. On the outermost entry into wasm on a
//! thread the runtime sets that limit to leave a safety margin for host code
//! (imports, libcalls) above the end of the thread's stack, and allows wasm
//! at most [`MAX_WASM_STACK`] below the entry point; nested entries keep the
//! outermost limit. If code runs past the limit anyway (e.g. an instance
//! called by another one, whose limit is not set), the fault on the stack's
//! guard page is recognised by [`is_stack_overflow`].

use std::cell::Cell;

/// Stack kept free below the limit for host code called from wasm.
const HOST_MARGIN: usize = 256 * 1024;

/// The most stack wasm code may use below the outermost entry.
const MAX_WASM_STACK: usize = 8 << 20;

/// How far below the stack's end a fault still counts as an overflow
/// (the guard area, or the main thread's stack gap).
const GUARD_SLACK: usize = 1 << 20;

thread_local! {
    /// This thread's stack as `(low, high)`; `(0, 0)` until first queried.
    /// Read by the signal handler, hence const-initialized.
    static BOUNDS: Cell<(usize, usize)> = const { Cell::new((0, 0)) };
}

/// An address on the current stack, close to the stack pointer.
#[inline(never)]
fn approximate_sp() -> usize {
    let marker = 0u8;
    std::hint::black_box(&marker) as *const u8 as usize
}

/// The stack limit for wasm entered from the current frame.
pub(crate) fn for_current_thread() -> usize {
    let (low, high) = thread_bounds();
    let sp = approximate_sp();
    let margin = HOST_MARGIN.min(high.saturating_sub(low) / 4);
    low.saturating_add(margin)
        .max(sp.saturating_sub(MAX_WASM_STACK))
}

/// This thread's stack bounds, queried once per thread. Also makes sure the
/// thread has an alternate signal stack, so stack overflows can be caught.
fn thread_bounds() -> (usize, usize) {
    let cached = BOUNDS.with(Cell::get);
    if cached != (0, 0) {
        return cached;
    }
    crate::altstack::ensure_for_current_thread();
    let bounds = query_bounds().unwrap_or((0, usize::MAX));
    BOUNDS.with(|b| b.set(bounds));
    bounds
}

fn query_bounds() -> Option<(usize, usize)> {
    // SAFETY: pthread_getattr_np fills `attr` for the calling thread; it is
    // destroyed after reading the stack from it.
    unsafe {
        let mut attr = std::mem::zeroed::<libc::pthread_attr_t>();
        if libc::pthread_getattr_np(libc::pthread_self(), &mut attr) != 0 {
            return None;
        }
        let mut addr = std::ptr::null_mut();
        let mut size = 0;
        let status = libc::pthread_attr_getstack(&attr, &mut addr, &mut size);
        libc::pthread_attr_destroy(&mut attr);
        (status == 0).then(|| (addr as usize, addr as usize + size))
    }
}

/// Whether a fault at `addr`, with the stack pointer at `sp`, is a stack
/// overflow: the address is just below this thread's stack (its guard
/// area) and near the stack pointer. Signal-safe.
pub(crate) fn is_stack_overflow(addr: usize, sp: usize) -> bool {
    let (low, high) = BOUNDS.with(Cell::get);
    if high == 0 {
        return false;
    }
    let guard_start = low.saturating_sub(GUARD_SLACK);
    (guard_start..low.saturating_add(4096)).contains(&addr)
        && addr >= sp.saturating_sub(GUARD_SLACK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_lies_on_this_threads_stack_below_the_stack_pointer() {
        let limit = for_current_thread();
        let (low, high) = thread_bounds();
        let sp = approximate_sp();
        assert!(
            low < limit && limit < sp && sp < high,
            "{low:#x} {limit:#x} {sp:#x} {high:#x}"
        );
        assert!(sp - limit <= MAX_WASM_STACK);
    }

    #[test]
    fn only_faults_at_the_stack_end_are_overflows() {
        let (low, _) = thread_bounds();
        assert!(is_stack_overflow(low - 8, low));
        assert!(!is_stack_overflow(low - 8, low + (4 << 20)));
        assert!(!is_stack_overflow(0x1000, low));
        let sp = approximate_sp();
        assert!(!is_stack_overflow(sp, sp));
    }
}
