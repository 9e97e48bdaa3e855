//! Load tests with resident memory measured: a million trapping calls (trap
//! libcalls and guard-page faults), a hundred thousand instantiate/drop
//! cycles, and a hundred thousand panics in host imports. Resident memory
//! may not grow by more than [`MAX_GROWTH`] over each run, measured after a
//! warm-up. The tests take turns (one lock), so their measurements do not
//! overlap. `WASMLITE_LOAD_SCALE` divides the counts (for quick runs).

mod family_support;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Instant;
use wasmlite_rt::TrapCode;

wasmlite_rt::include_wasm!("wasm/traps.wat");
wasmlite_rt::include_wasm!("wasm/nested.wat");

/// The most resident memory a run may add after its warm-up.
const MAX_GROWTH: u64 = 4 << 20;

const PAGE: i32 = 65536;

/// One test at a time, so that each measures only itself.
fn take_turn() -> MutexGuard<'static, ()> {
    static TURN: Mutex<()> = Mutex::new(());
    TURN.lock().unwrap_or_else(PoisonError::into_inner)
}

/// `count` divided by `WASMLITE_LOAD_SCALE` (default 1).
fn scaled(count: u32) -> u32 {
    let scale: u32 = std::env::var("WASMLITE_LOAD_SCALE").map_or(1, |s| s.parse().unwrap());
    count / scale.max(1)
}

/// Resident bytes of this process (`VmRSS`).
fn resident() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("read /proc/self/status");
    let kib: u64 = status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("a VmRSS line in kB");
    kib << 10
}

/// Runs `step(i)` for a tenth of `count` as a warm-up, then for `count`,
/// and asserts that resident memory stayed flat over the second part.
fn flat_over(what: &str, count: u32, mut step: impl FnMut(u32)) {
    let count = scaled(count);
    (0..count / 10).for_each(&mut step);
    let before = resident();
    let start = Instant::now();
    (0..count).for_each(&mut step);
    let after = resident();
    println!(
        "{what}: {count} in {:.2?}, resident {} KiB before, {} KiB after",
        start.elapsed(),
        before >> 10,
        after >> 10
    );
    let grown = after.saturating_sub(before);
    assert!(
        grown < MAX_GROWTH,
        "{what}: resident memory grew by {grown} bytes over {count}"
    );
}

#[test]
fn a_million_traps_keep_memory_use_flat() {
    let _turn = take_turn();
    let mut m = traps::Traps::new(()).expect("instantiate traps.wat");
    flat_over("trapping calls", 1_000_000, |i| {
        let i = i as i32;
        let (result, want) = match i % 4 {
            0 => (m.div_s(i, 0).map(drop), TrapCode::IntegerDivisionByZero),
            1 => (
                m.load32(PAGE + i % PAGE).map(drop),
                TrapCode::MemoryOutOfBounds,
            ),
            2 => (m.always_unreachable(), TrapCode::UnreachableCodeReached),
            _ => (m.store8(-1 - i % PAGE, 1), TrapCode::MemoryOutOfBounds),
        };
        match result {
            Err(trap) => assert_eq!(trap.code(), want, "call {i}"),
            Ok(()) => panic!("call {i} did not trap"),
        }
    });
    assert_eq!(m.good(1).unwrap(), 2);
}

#[test]
fn a_hundred_thousand_instances_keep_memory_use_flat() {
    let _turn = take_turn();
    flat_over("instantiate/drop cycles", 100_000, |i| {
        let mut m = traps::Traps::new(()).expect("instantiate traps.wat");
        let i = i as i32;
        m.store8(i % PAGE, 1).unwrap();
        assert_eq!(m.load8(i % PAGE).unwrap(), 1);
        let trap = m.load8(PAGE + i % PAGE).unwrap_err();
        assert_eq!(trap.code(), TrapCode::MemoryOutOfBounds);
    });
}

/// nested.wat's host for the panic test: its import panics.
struct Panicking;

impl nested::Imports for Panicking {
    fn env_reenter(&mut self, depth: i32, _mode: i32) -> i32 {
        std::panic::panic_any(Marker(depth));
    }
}

/// The payload of the panics this file provokes.
struct Marker(i32);

#[test]
fn a_hundred_thousand_panics_in_host_imports_keep_memory_use_flat() {
    let _turn = take_turn();
    // Keep the expected panics quiet; report any other.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !info.payload().is::<Marker>() {
            default_hook(info);
        }
    }));
    let mut m = nested::Nested::new(Panicking).expect("instantiate nested.wat");
    flat_over("panicking host imports", 100_000, |i| {
        // Mode 2 at depth 0 calls the import with depth -1.
        let payload = catch_unwind(AssertUnwindSafe(|| m.enter(0, 2))).unwrap_err();
        match payload.downcast::<Marker>() {
            Ok(marker) => assert_eq!(marker.0, -1, "call {i}"),
            Err(_) => panic!("call {i}: an unexpected panic"),
        }
    });
    let _ = std::panic::take_hook();
    assert_eq!(m.enter(0, 0).unwrap(), 0, "the instance still works");
    assert_eq!(m.good(1).unwrap(), 2);
    let trap = m.enter(0, 1).unwrap_err();
    assert_eq!(trap.code(), TrapCode::StackOverflow, "and still traps");
}
