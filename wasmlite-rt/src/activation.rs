//! The per-thread chain of host→wasm entries ("activations").
//!
//! Each entry into wasm pushes an [`Activation`] living on the entering
//! Rust frame. Whatever stops wasm code early (the trap libcall, the fault
//! handler, a panicking host import) records why in the innermost
//! activation and jumps to its landing.
//!
//! The thread-locals here are const-initialized and have no destructor, so
//! reading them compiles to a plain TLS access, safe in a signal handler.

use std::any::Any;
use std::cell::Cell;
use std::ffi::c_void;
use wasmlite_abi::{TrapCode, VMContext};

/// Why wasm code stopped, as recorded before jumping to the landing.
#[derive(Clone, Copy, Debug)]
pub(crate) enum TrapSource {
    /// The trap libcall, called by function `func_index` of the instance
    /// whose `VMContext` is `vmctx`.
    Libcall {
        code: TrapCode,
        vmctx: *mut VMContext,
        func_index: u32,
    },
    /// A fault at instruction address `pc`.
    Fault { code: TrapCode, pc: usize },
}

/// One host→wasm entry on this thread.
pub(crate) struct Activation {
    /// The landing (a `sigjmp_buf`) to jump to; set by the C helper.
    landing: Cell<*mut c_void>,
    /// The enclosing activation, or null.
    prev: *const Activation,
    /// The stack limit wasm code on this thread must respect.
    stack_limit: usize,
    trap: Cell<Option<TrapSource>>,
    /// The payload of a panic in a host import, to resume after landing.
    panic: Cell<Option<Box<dyn Any + Send>>>,
}

thread_local! {
    static CURRENT: Cell<*const Activation> = const { Cell::new(std::ptr::null()) };
    static IN_WASM: Cell<bool> = const { Cell::new(false) };
}

impl Activation {
    pub(crate) fn new(prev: *const Activation, stack_limit: usize) -> Activation {
        Activation {
            landing: Cell::new(std::ptr::null_mut()),
            prev,
            stack_limit,
            trap: Cell::new(None),
            panic: Cell::new(None),
        }
    }

    /// Where the C helper stores the landing.
    pub(crate) fn landing_slot(&self) -> *mut *mut c_void {
        self.landing.as_ptr()
    }

    pub(crate) fn landing(&self) -> *mut c_void {
        self.landing.get()
    }

    pub(crate) fn prev(&self) -> *const Activation {
        self.prev
    }

    pub(crate) fn stack_limit(&self) -> usize {
        self.stack_limit
    }

    pub(crate) fn record_trap(&self, source: TrapSource) {
        self.trap.set(Some(source));
    }

    pub(crate) fn take_trap(&self) -> Option<TrapSource> {
        self.trap.take()
    }

    pub(crate) fn stash_panic(&self, payload: Box<dyn Any + Send>) {
        self.panic.set(Some(payload));
    }

    pub(crate) fn take_panic(&self) -> Option<Box<dyn Any + Send>> {
        self.panic.take()
    }
}

/// The innermost activation of this thread, or null.
pub(crate) fn current() -> *const Activation {
    CURRENT.with(Cell::get)
}

/// Makes `activation` the innermost one.
pub(crate) fn set_current(activation: *const Activation) {
    CURRENT.with(|c| c.set(activation));
}

/// Whether this thread is running wasm code (or a libcall it called), as
/// opposed to host code.
pub(crate) fn in_wasm() -> bool {
    IN_WASM.with(Cell::get)
}

/// Sets the in-wasm flag; returns its previous value.
pub(crate) fn set_in_wasm(value: bool) -> bool {
    IN_WASM.with(|c| c.replace(value))
}
