//! Entering wasm from the host, and leaving it early.
//!
//! [`enter_wasm`] is the one way the runtime runs wasm code (exports, start
//! functions). It enters the instance's exclusion domain (`domain.rs`:
//! waiting while another thread runs instances of it), pushes an
//! [`Activation`], sets the stack limit and the in-wasm flag, and runs the
//! code through a landing. The ways out other than returning —
//! [`raise_trap`] (the trap libcall), the fault handler, [`unwind_panic`]
//! (a panicking host import) and [`unwind_host_error`] (a host import
//! returning `Err`) — record why in the innermost activation and jump to
//! its landing; `enter_wasm` then turns the record into a [`Trap`] or
//! resumes the panic.

use crate::activation::{self, Activation, TrapSource};
use crate::domain;
use crate::group::Group;
use crate::host_error::HostError;
use crate::instance_data::InstanceData;
use crate::memory_view;
use crate::trap::Trap;
use crate::vmctx::header_field;
use crate::{landing, signals, stack_limit};
use std::any::Any;
use std::sync::Arc;
use wasmlite_abi::{TrapCode, VMContext, VMLimits, VMOffsets};

/// Runs `body`, which calls wasm code of the instance owning `vmctx`, a
/// member of `group`.
///
/// # Panics
/// If waiting for the group's domain would deadlock (see
/// [`domain::enter_group`]), or a view of a memory of the domain is alive
/// (`memory_view.rs`).
///
/// # Safety
/// `vmctx` must be a live instance's `VMContext`, and `body` must only call
/// compiled code with valid arguments.
pub(crate) unsafe fn enter_wasm<F: FnOnce()>(
    group: &Arc<Group>,
    vmctx: *mut VMContext,
    body: F,
) -> Result<(), Trap> {
    // Left last, when this function returns or the panic below unwinds.
    let _running = domain::enter_group(group);
    memory_view::check_no_views(group.domain());
    signals::ensure_installed();
    let prev = activation::current();
    let limit = if prev.is_null() {
        stack_limit::for_current_thread()
    } else {
        // SAFETY: the enclosing activation lives on an enclosing frame.
        unsafe { (*prev).stack_limit() }
    };
    // SAFETY: the header of a live instance points to its limits.
    let limits = unsafe { header_field(vmctx, VMOffsets::LIMITS) }.cast::<VMLimits>();
    // SAFETY: as above; nothing else touches them on this thread meanwhile.
    let saved_limit = unsafe { std::mem::replace(&mut (*limits).stack_limit, limit) };

    let activation = Activation::new(prev, limit);
    activation::set_current(&activation);
    let was_in_wasm = activation::set_in_wasm(true);
    // SAFETY: the slot lives in `activation` for the whole call; only this
    // thread's trap paths jump to it, while it is the innermost activation.
    let completed = unsafe { landing::call_with_landing(activation.landing_slot(), body) };
    activation::set_in_wasm(was_in_wasm);
    activation::set_current(activation.prev());
    // SAFETY: as above.
    unsafe { (*limits).stack_limit = saved_limit };

    if let Some(payload) = activation.take_panic() {
        match payload.downcast::<HostErrorUnwind>() {
            Ok(error) => return Err(Trap::host(error.0)),
            Err(payload) => std::panic::resume_unwind(payload),
        }
    }
    if completed {
        return Ok(());
    }
    let source = activation
        .take_trap()
        .expect("a landing is only jumped to after recording why");
    Err(match source {
        TrapSource::Libcall {
            code,
            vmctx,
            func_index,
        } => {
            // SAFETY: the trapping instance is alive: it was running just now.
            let instance = unsafe { InstanceData::from_vmctx(vmctx) };
            Trap::in_function(code, &instance.module, func_index)
        }
        TrapSource::Fault { code, pc } => Trap::at_pc(code, pc),
    })
}

/// The innermost activation, which wasm code that is leaving early must
/// belong to. Aborts if there is none: wasm code was called without
/// [`enter_wasm`], so there is nowhere to return to.
fn innermost() -> &'static Activation {
    let current = activation::current();
    if current.is_null() {
        eprintln!("wasmlite: wasm code trapped or unwound outside of any call from the host");
        std::process::abort();
    }
    // SAFETY: a non-null current activation lives on an enclosing frame.
    unsafe { &*current }
}

/// The trap libcall: records the trap and leaves wasm code.
///
/// # Safety
/// Called by wasm code of the instance owning `vmctx`, inside [`enter_wasm`].
pub(crate) unsafe fn raise_trap(vmctx: *mut VMContext, code: u32, func_index: u32) -> ! {
    let Some(code) = TrapCode::from_u32(code) else {
        eprintln!("wasmlite: compiled code raised unknown trap code {code}");
        std::process::abort();
    };
    let activation = innermost();
    activation.record_trap(TrapSource::Libcall {
        code,
        vmctx,
        func_index,
    });
    // SAFETY: the landing is live; the frames above (wasm code and this
    // libcall) hold nothing needing a drop.
    unsafe { landing::jump_to_landing(activation.landing()) }
}

/// A host import's error, carried to the landing like a panic payload.
struct HostErrorUnwind(HostError);

/// Leaves wasm code because a host import returned `error`; [`enter_wasm`]
/// returns it as a [`crate::TrapCode::HostError`] trap.
///
/// # Safety
/// Called from a host import (inside [`enter_wasm`]) whose frames hold
/// nothing needing a drop.
pub(crate) unsafe fn unwind_host_error(error: HostError) -> ! {
    if activation::current().is_null() {
        // Only compiled code, entered through `enter_wasm`, calls imports.
        panic!("wasmlite: a host function failed outside any call into wasm: {error}");
    }
    // SAFETY: upheld by the caller.
    unsafe { unwind_panic(Box::new(HostErrorUnwind(error))) }
}

/// Leaves wasm code because a host import panicked; [`enter_wasm`] resumes
/// the panic.
///
/// # Safety
/// Called from a host import (inside [`enter_wasm`]) whose frames hold
/// nothing needing a drop.
pub(crate) unsafe fn unwind_panic(payload: Box<dyn Any + Send>) -> ! {
    let current = activation::current();
    if current.is_null() {
        std::panic::resume_unwind(payload);
    }
    // SAFETY: a non-null current activation lives on an enclosing frame.
    let activation = unsafe { &*current };
    activation.stash_panic(payload);
    // SAFETY: upheld by the caller.
    unsafe { landing::jump_to_landing(activation.landing()) }
}
