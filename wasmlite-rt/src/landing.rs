//! Rust side of `landing.c`: entering code through a trap landing, and
//! jumping back to one.
//!
//! Jumping to a landing discards every frame above it without running
//! destructors. The frames jumped over are wasm code, the closure run by
//! [`call_with_landing`] (which must not need dropping), libcalls and host
//! import shims, none of which hold values with destructors at the jump.

use std::ffi::{c_int, c_void};
use std::mem::ManuallyDrop;

extern "C" {
    fn wasmlite_call_with_landing(
        body: unsafe extern "C" fn(*mut c_void),
        data: *mut c_void,
        landing_slot: *mut *mut c_void,
    ) -> c_int;
    fn wasmlite_jump_to_landing(landing: *mut c_void) -> !;
}

/// Runs `body` with a fresh landing stored in `*landing_slot`; returns
/// `true` if it returned, `false` if something jumped to the landing.
///
/// # Safety
/// `landing_slot` must stay valid during the call, and the landing must be
/// jumped to only while `body` runs, from this thread.
pub(crate) unsafe fn call_with_landing<F: FnOnce()>(
    landing_slot: *mut *mut c_void,
    body: F,
) -> bool {
    const {
        assert!(
            !std::mem::needs_drop::<F>(),
            "a landing body may be jumped over"
        )
    };

    unsafe extern "C" fn run<F: FnOnce()>(data: *mut c_void) {
        // SAFETY: `data` points to the `ManuallyDrop<F>` below, read once.
        let body = unsafe { std::ptr::read(data.cast::<F>()) };
        body();
    }

    let mut body = ManuallyDrop::new(body);
    let data = (&mut body as *mut ManuallyDrop<F>).cast::<c_void>();
    // SAFETY: `run::<F>` matches the helper's callback type; `data` lives
    // across the call; the caller upholds the landing's rules.
    unsafe { wasmlite_call_with_landing(run::<F>, data, landing_slot) == 0 }
}

/// Jumps to `landing`, making its `call_with_landing` return `false`.
///
/// # Safety
/// `landing` must be the landing of a `call_with_landing` still running on
/// this thread, and the frames above it must hold nothing needing a drop.
pub(crate) unsafe fn jump_to_landing(landing: *mut c_void) -> ! {
    // SAFETY: upheld by the caller.
    unsafe { wasmlite_jump_to_landing(landing) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn returning_bodies_complete() {
        let mut slot = std::ptr::null_mut();
        let ran = Cell::new(false);
        let ran_ref = &ran;
        // SAFETY: nothing jumps.
        assert!(unsafe { call_with_landing(&mut slot, || ran_ref.set(true)) });
        assert!(ran.get());
        assert!(!slot.is_null());
    }

    #[test]
    fn jumping_returns_false_and_skips_the_rest() {
        let slot = Cell::new(std::ptr::null_mut());
        let after = Cell::new(false);
        let (slot_ref, after_ref) = (&slot, &after);
        // SAFETY: the jump happens inside the body, to its own landing.
        let completed = unsafe {
            call_with_landing(slot.as_ptr(), || {
                jump_to_landing(slot_ref.get());
                #[allow(unreachable_code)]
                after_ref.set(true);
            })
        };
        assert!(!completed);
        assert!(!after.get());
    }
}
