//! `proc_exit`, `proc_raise`, `sched_yield` and `random_get`.

use crate::errno::{Errno, WasiResult};
use crate::memory::GuestMemory;
use crate::WasiCtx;

/// The error `proc_exit` stops the guest with: its exit status. It is a host
/// error, so the call into wasm returns `Err(Trap)` carrying it; the host
/// process never exits. Find it with [`exit_status`](crate::exit_status).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the WASI program exited with status {0}")]
pub struct Exit(pub i32);

/// `proc_exit(code)`: flushes the guest's output writers and ends it with [`Exit`].
pub fn proc_exit(ctx: &mut WasiCtx, code: u32) -> Exit {
    // The guest is gone: a failing flush has no one to report to.
    let _ = ctx.stdout.flush();
    let _ = ctx.stderr.flush();
    Exit(code as i32)
}

/// `proc_raise(signal)`: signals are not delivered to a sandboxed guest (`ENOTSUP`);
/// an unknown signal number is `EINVAL`.
pub fn proc_raise(_ctx: &mut WasiCtx, signal: u32) -> WasiResult {
    // Signals 0 (none) to 30 (SIGSYS) exist in WASI.
    if signal > 30 {
        return Err(Errno::Inval);
    }
    Err(Errno::NotSup)
}

/// `sched_yield()`.
pub fn sched_yield(_ctx: &mut WasiCtx) -> WasiResult {
    std::thread::yield_now();
    Ok(())
}

/// `random_get(buf, len)`: bytes from the host's cryptographic generator.
pub fn random_get(
    _ctx: &mut WasiCtx,
    memory: &mut GuestMemory<'_>,
    buf: u32,
    len: u32,
) -> WasiResult {
    let mut out = memory.slice_mut(buf, len)?;
    while !out.is_empty() {
        // SAFETY: `out` is a writable buffer of `out.len()` bytes.
        let n = unsafe { libc::getrandom(out.as_mut_ptr().cast(), out.len(), 0) };
        if n < 0 {
            match Errno::last() {
                Errno::Intr => continue,
                errno => return Err(errno),
            }
        }
        out = &mut out[n as usize..];
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syscalls::test_support::Guest;

    #[test]
    fn random_fills_the_buffer_and_checks_it() {
        let mut guest = Guest::new(WasiCtx::builder().build());
        guest
            .call(|ctx, memory| random_get(ctx, memory, 100, 4096))
            .unwrap();
        assert!(guest.bytes(100, 4096).iter().any(|&b| b != 0));
        assert_eq!(
            guest.call(|ctx, memory| random_get(ctx, memory, 65530, 7)),
            Err(Errno::Fault)
        );
        guest
            .call(|ctx, memory| random_get(ctx, memory, 65536, 0))
            .unwrap();
    }

    #[test]
    fn exit_and_raise_never_touch_the_host_process() {
        let mut ctx = WasiCtx::builder().build();
        assert_eq!(proc_exit(&mut ctx, 3), Exit(3));
        assert_eq!(proc_exit(&mut ctx, u32::MAX), Exit(-1));
        assert_eq!(proc_raise(&mut ctx, 6), Err(Errno::NotSup));
        assert_eq!(proc_raise(&mut ctx, 99), Err(Errno::Inval));
        assert_eq!(sched_yield(&mut ctx), Ok(()));
    }
}
