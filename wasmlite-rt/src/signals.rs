//! The SIGSEGV/SIGBUS handler that turns faults in wasm code into traps.
//!
//! Installed once per process, on the first entry into wasm. A fault is a
//! trap only when all of these hold:
//!
//! - the thread is inside an entry into wasm and not in a host import
//!   ([`crate::activation::in_wasm`]);
//! - the faulting instruction belongs to a loaded module's functions or
//!   export wrappers ([`code_map::is_wasm_code`]: the runtime's own code,
//!   libcalls included, and any library they call are not wasm code);
//! - the address is on the thread's stack guard (a stack overflow), or in
//!   the reservation of a live linear memory ([`reservation::is_reserved`]:
//!   an out-of-bounds access).
//!
//! The handler then records the trap in the innermost activation and jumps
//! to its landing. Any other fault is a bug, not a trap: it goes to the
//! handler installed before ours (Rust's stack-overflow reporter, a
//! sanitizer, ...) or, if there was none, to the default action, which
//! ends the process. Every check reads only atomics, thread-locals and
//! never-freed data, so the handler takes no lock and allocates nothing.

use crate::activation::{self, TrapSource};
use crate::{code_map, landing, reservation, stack_limit};
use std::cell::UnsafeCell;
use std::ffi::{c_int, c_void};
use std::mem::MaybeUninit;
use std::sync::Once;
use wasmlite_abi::TrapCode;

/// The signals handled, and where their previous handlers are kept.
const SIGNALS: [c_int; 2] = [libc::SIGSEGV, libc::SIGBUS];

struct PreviousHandlers(UnsafeCell<[MaybeUninit<libc::sigaction>; 2]>);

// SAFETY: written only inside `INSTALL.call_once`, before our handler can
// run; read-only afterwards.
unsafe impl Sync for PreviousHandlers {}

static PREVIOUS: PreviousHandlers = PreviousHandlers(UnsafeCell::new([MaybeUninit::uninit(); 2]));
static INSTALL: Once = Once::new();

/// Installs the handler if it is not installed yet.
pub(crate) fn ensure_installed() {
    INSTALL.call_once(|| {
        for (i, &signal) in SIGNALS.iter().enumerate() {
            // SAFETY: a zeroed sigaction is a valid starting point; the
            // previous handler is stored in its slot by the same call that
            // installs ours.
            unsafe {
                let mut action = std::mem::zeroed::<libc::sigaction>();
                action.sa_sigaction = on_fault as *const () as usize;
                action.sa_flags = libc::SA_SIGINFO | libc::SA_NODEFER | libc::SA_ONSTACK;
                libc::sigemptyset(&mut action.sa_mask);
                let previous = (*PREVIOUS.0.get())[i].as_mut_ptr();
                if libc::sigaction(signal, &action, previous) != 0 {
                    panic!(
                        "wasmlite: cannot install the signal handler: {}",
                        std::io::Error::last_os_error()
                    );
                }
            }
        }
    });
}

unsafe extern "C" fn on_fault(signal: c_int, info: *mut libc::siginfo_t, context: *mut c_void) {
    let current = activation::current();
    if activation::in_wasm() && !current.is_null() {
        // SAFETY: a non-null activation lives on an enclosing frame.
        let activation = unsafe { &*current };
        if !activation.landing().is_null() {
            // SAFETY: the kernel passes a valid siginfo and ucontext.
            let (pc, sp) = unsafe { registers(context) };
            // SAFETY: as above; SIGSEGV and SIGBUS carry a fault address.
            let addr = unsafe { (*info).si_addr() } as usize;
            if let Some(code) = trap_for_fault(pc, addr, sp) {
                activation.record_trap(TrapSource::Fault { code, pc });
                // SAFETY: the landing is live; the frames above are wasm
                // code (the faulting pc is in it) and this handler, none
                // holding values needing a drop. sigsetjmp did not save the
                // mask and SA_NODEFER left it unchanged.
                unsafe { landing::jump_to_landing(activation.landing()) }
            }
        }
    }
    // SAFETY: forwarding the kernel's arguments.
    unsafe { chain(signal, info, context) }
}

/// The trap a fault at instruction `pc`, address `addr`, stack pointer
/// `sp` is, or `None` if it is not a trap. Async-signal-safe.
fn trap_for_fault(pc: usize, addr: usize, sp: usize) -> Option<TrapCode> {
    if !code_map::is_wasm_code(pc) {
        None
    } else if stack_limit::is_stack_overflow(addr, sp) {
        Some(TrapCode::StackOverflow)
    } else if reservation::is_reserved(addr) {
        Some(TrapCode::MemoryOutOfBounds)
    } else {
        None
    }
}

/// The faulting instruction and stack pointer.
unsafe fn registers(context: *mut c_void) -> (usize, usize) {
    let context = context.cast::<libc::ucontext_t>();
    // SAFETY: the kernel passes a valid ucontext to SA_SIGINFO handlers.
    #[cfg(target_arch = "x86_64")]
    unsafe {
        let gregs = &(*context).uc_mcontext.gregs;
        (
            gregs[libc::REG_RIP as usize] as usize,
            gregs[libc::REG_RSP as usize] as usize,
        )
    }
    // SAFETY: as above.
    #[cfg(target_arch = "aarch64")]
    unsafe {
        let mcontext = &(*context).uc_mcontext;
        (mcontext.pc as usize, mcontext.sp as usize)
    }
}

/// Hands a fault that is not ours to the previous handler.
unsafe fn chain(signal: c_int, info: *mut libc::siginfo_t, context: *mut c_void) {
    let Some(i) = SIGNALS.iter().position(|&s| s == signal) else {
        return;
    };
    // SAFETY: written during installation, which happened before this handler ran.
    let previous = unsafe { (*PREVIOUS.0.get())[i].assume_init_ref() };
    let handler = previous.sa_sigaction;
    if handler == libc::SIG_DFL || handler == libc::SIG_IGN {
        // Restore the default action and return: the faulting instruction
        // runs again and the fault now terminates the process as usual.
        // SAFETY: a zeroed sigaction with SIG_DFL is the default disposition.
        unsafe {
            let mut default = std::mem::zeroed::<libc::sigaction>();
            default.sa_sigaction = libc::SIG_DFL;
            libc::sigaction(signal, &default, std::ptr::null_mut());
        }
    } else if previous.sa_flags & libc::SA_SIGINFO != 0 {
        // SAFETY: with SA_SIGINFO the handler has the three-argument form.
        let handler: unsafe extern "C" fn(c_int, *mut libc::siginfo_t, *mut c_void) =
            unsafe { std::mem::transmute(handler) };
        // SAFETY: forwarding the kernel's arguments.
        unsafe { handler(signal, info, context) }
    } else {
        // SAFETY: without SA_SIGINFO the handler has the one-argument form.
        let handler: unsafe extern "C" fn(c_int) = unsafe { std::mem::transmute(handler) };
        // SAFETY: as above.
        unsafe { handler(signal) }
    }
}
