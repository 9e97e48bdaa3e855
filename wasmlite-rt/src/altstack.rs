//! Alternate signal stacks.
//!
//! The fault handler must run on an alternate stack to handle a stack
//! overflow. Rust's standard library gives its own threads one; threads
//! created otherwise get one here on their first entry into wasm, freed
//! when the thread exits.

use std::cell::RefCell;

/// Usable size of the stacks this module creates.
const SIZE: usize = 64 * 1024;

/// An alternate stack this module mapped (guard page included).
struct AltStack {
    mapping: *mut libc::c_void,
    len: usize,
}

impl Drop for AltStack {
    fn drop(&mut self) {
        // SAFETY: disable the alternate stack before unmapping it; this runs
        // at thread exit, outside any signal handler.
        unsafe {
            let disable = libc::stack_t {
                ss_sp: std::ptr::null_mut(),
                ss_flags: libc::SS_DISABLE,
                ss_size: 0,
            };
            libc::sigaltstack(&disable, std::ptr::null_mut());
            libc::munmap(self.mapping, self.len);
        }
    }
}

thread_local! {
    static OWNED: RefCell<Option<AltStack>> = const { RefCell::new(None) };
}

/// Gives the current thread an alternate signal stack if it has none.
/// Failure is not fatal: only stack-overflow detection needs it.
pub(crate) fn ensure_for_current_thread() {
    if has_altstack() {
        return;
    }
    let page = page_size();
    let len = SIZE.max(libc::SIGSTKSZ) + page;
    // SAFETY: a fresh private anonymous mapping.
    let mapping = unsafe {
        libc::mmap(
            std::ptr::null_mut(),
            len,
            libc::PROT_NONE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        )
    };
    if mapping == libc::MAP_FAILED {
        return;
    }
    let stack = AltStack { mapping, len };
    // SAFETY: everything above the lowest (guard) page of our mapping.
    let usable = unsafe { mapping.cast::<u8>().add(page) };
    // SAFETY: as above.
    if unsafe {
        libc::mprotect(
            usable.cast(),
            len - page,
            libc::PROT_READ | libc::PROT_WRITE,
        )
    } != 0
    {
        return;
    }
    let new = libc::stack_t {
        ss_sp: usable.cast(),
        ss_flags: 0,
        ss_size: len - page,
    };
    // SAFETY: the stack stays mapped until `stack` drops at thread exit.
    if unsafe { libc::sigaltstack(&new, std::ptr::null_mut()) } == 0 {
        OWNED.with(|owned| *owned.borrow_mut() = Some(stack));
    }
}

/// Whether the current thread has an alternate signal stack.
fn has_altstack() -> bool {
    let mut current = libc::stack_t {
        ss_sp: std::ptr::null_mut(),
        ss_flags: 0,
        ss_size: 0,
    };
    // SAFETY: with a null new stack, sigaltstack only reads the current one.
    let status = unsafe { libc::sigaltstack(std::ptr::null(), &mut current) };
    status == 0 && current.ss_flags & libc::SS_DISABLE == 0
}

fn page_size() -> usize {
    // SAFETY: sysconf has no preconditions.
    unsafe { libc::sysconf(libc::_SC_PAGESIZE) as usize }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threads_without_an_alternate_stack_get_one() {
        std::thread::spawn(|| {
            let disable = libc::stack_t {
                ss_sp: std::ptr::null_mut(),
                ss_flags: libc::SS_DISABLE,
                ss_size: 0,
            };
            // SAFETY: disables this thread's alternate stack (std's, which
            // std unmaps at thread exit anyway).
            assert_eq!(
                unsafe { libc::sigaltstack(&disable, std::ptr::null_mut()) },
                0
            );
            assert!(!has_altstack());
            ensure_for_current_thread();
            assert!(has_altstack());
        })
        .join()
        .unwrap();
    }
}
