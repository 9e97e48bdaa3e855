//! `clock_res_get` and `clock_time_get`.

use crate::abi::clockid;
use crate::errno::{Errno, WasiResult};
use crate::memory::GuestMemory;
use crate::WasiCtx;

/// The host clock behind a WASI clock id, or `EINVAL`.
pub(crate) fn host_clock(id: u32) -> WasiResult<libc::clockid_t> {
    match id {
        clockid::REALTIME => Ok(libc::CLOCK_REALTIME),
        clockid::MONOTONIC => Ok(libc::CLOCK_MONOTONIC),
        clockid::PROCESS_CPUTIME_ID => Ok(libc::CLOCK_PROCESS_CPUTIME_ID),
        clockid::THREAD_CPUTIME_ID => Ok(libc::CLOCK_THREAD_CPUTIME_ID),
        _ => Err(Errno::Inval),
    }
}

fn timespec_nanos(ts: libc::timespec) -> u64 {
    (ts.tv_sec as u64)
        .saturating_mul(1_000_000_000)
        .saturating_add(ts.tv_nsec as u64)
}

/// The current time of a WASI clock, in nanoseconds.
pub(crate) fn now(id: u32) -> WasiResult<u64> {
    let clock = host_clock(id)?;
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a writable timespec.
    crate::fs::check(unsafe { libc::clock_gettime(clock, &mut ts) })?;
    Ok(timespec_nanos(ts))
}

/// `clock_res_get(id, resolution)`.
pub fn clock_res_get(
    _ctx: &mut WasiCtx,
    memory: &mut GuestMemory<'_>,
    id: u32,
    resolution: u32,
) -> WasiResult {
    let clock = host_clock(id)?;
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a writable timespec.
    crate::fs::check(unsafe { libc::clock_getres(clock, &mut ts) })?;
    memory.write_u64(resolution, timespec_nanos(ts).max(1))
}

/// `clock_time_get(id, precision, time)`.
pub fn clock_time_get(
    _ctx: &mut WasiCtx,
    memory: &mut GuestMemory<'_>,
    id: u32,
    _precision: u64,
    time: u32,
) -> WasiResult {
    memory.write_u64(time, now(id)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syscalls::test_support::Guest;

    #[test]
    fn every_clock_ticks_and_unknown_ones_are_einval() {
        let mut guest = Guest::new(WasiCtx::builder().build());
        for id in 0..4 {
            guest
                .call(|ctx, memory| clock_res_get(ctx, memory, id, 0))
                .unwrap();
            assert!(guest.u64(0) >= 1);
            guest
                .call(|ctx, memory| clock_time_get(ctx, memory, id, 1, 8))
                .unwrap();
            assert!(guest.u64(8) > 0, "clock {id}");
        }
        assert_eq!(
            guest.call(|ctx, memory| clock_time_get(ctx, memory, 4, 1, 8)),
            Err(Errno::Inval)
        );
        assert_eq!(
            guest.call(|ctx, memory| clock_res_get(ctx, memory, 9, 0)),
            Err(Errno::Inval)
        );
        assert_eq!(
            guest.call(|ctx, memory| clock_time_get(ctx, memory, 0, 1, u32::MAX)),
            Err(Errno::Fault)
        );
    }
}
