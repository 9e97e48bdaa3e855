//! Running a host function's body: the boundary between wasm frames and
//! host code.

use crate::activation;
use crate::caller::Caller;
use crate::entry;
use crate::host_error::HostError;
use crate::host_func::HostFuncContext;
use std::panic::{catch_unwind, AssertUnwindSafe};
use wasmlite_abi::VMContext;

/// Runs a host function's body `f`; `ctx` is the first argument compiled
/// code passed to the function (see `host_func.rs`: not a `VMContext` but
/// the import's context, which names the calling instance).
///
/// While `f` runs the thread counts as running host code, so a fault in it
/// is not mistaken for a wasm trap. If `f` returns `Err`, or panics, the
/// error or panic is carried over the wasm frames (which cannot unwind) by
/// jumping to the innermost entry from the host: the host's call into wasm
/// then returns `Err(Trap)` with [`crate::TrapCode::HostError`], or resumes
/// the panic. Before returning to wasm code it checks that `f` left no view
/// of a memory that code can reach alive (else it panics likewise).
///
/// # Safety
/// `ctx` must be the first argument of a host function made by
/// [`crate::HostFunc`], during its call by compiled code. The calling frame
/// must hold no values needing a drop across this call: an error or panic
/// jumps over it without running destructors.
pub unsafe fn host_call<R>(
    ctx: *mut VMContext,
    f: impl FnOnce(&mut Caller<'_>) -> Result<R, HostError>,
) -> R {
    let was_in_wasm = activation::set_in_wasm(false);
    // SAFETY: upheld by the caller.
    let context = unsafe { HostFuncContext::from_vmctx(ctx) };
    // SAFETY: the import was called by the instance owning the caller's
    // `VMContext`, which is suspended until the import returns.
    let mut caller = unsafe { Caller::new(context.caller()) };
    let result = catch_unwind(AssertUnwindSafe(|| {
        let result = f(&mut caller);
        caller.check_no_views();
        result
    }));
    drop(caller);
    activation::set_in_wasm(was_in_wasm);
    match result {
        Ok(Ok(value)) => value,
        // SAFETY: nothing in this frame needs dropping any more (`result`
        // was moved), and the caller vouches for its own frame.
        Ok(Err(error)) => unsafe { entry::unwind_host_error(error) },
        // SAFETY: as above.
        Err(payload) => unsafe { entry::unwind_panic(payload) },
    }
}
