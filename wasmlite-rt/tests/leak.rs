//! Instantiating and dropping many times must not grow memory use. A test
//! binary of its own, so no other test disturbs the measurements.

mod common;

use common::{calc, importer};
use wasmlite_rt::{Instance, Val};

/// `(resident bytes, virtual bytes)` of this process.
fn memory_use() -> (u64, u64) {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap();
    let mut fields = statm.split_whitespace().map(|f| f.parse::<u64>().unwrap());
    // SAFETY: sysconf has no preconditions.
    let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) } as u64;
    let size = fields.next().unwrap();
    let resident = fields.next().unwrap();
    (resident * page, size * page)
}

/// Instantiates calc and an importer linked to it, uses and traps them,
/// drops both.
fn cycle(i: i32) {
    let mut calc = Instance::new(calc::module(), &[]).unwrap();
    calc.call("store", &[Val::I32(4), Val::I32(i)]).unwrap();
    calc.call("div", &[Val::I32(1), Val::I32(0)]).unwrap_err();
    let load = calc.get_export("load").unwrap();
    let mut user = Instance::new(importer::module(), &[load]).unwrap();
    assert_eq!(
        user.call("call_double", &[Val::I32(4)]),
        Ok(vec![Val::I32(i)])
    );
    user.call("call_double", &[Val::I32(1 << 20)]).unwrap_err();
}

#[test]
fn instantiate_and_drop_cycles_keep_memory_use_flat() {
    let iterations =
        std::env::var("WASMLITE_LEAK_ITERATIONS").map_or(100_000, |n| n.parse().unwrap());
    (0..500).for_each(cycle);
    let (resident_before, virtual_before) = memory_use();
    (0..iterations).for_each(cycle);
    let (resident_after, virtual_after) = memory_use();
    println!(
        "{iterations} cycles: resident {} KiB before, {} KiB after",
        resident_before >> 10,
        resident_after >> 10
    );
    let grown = resident_after.saturating_sub(resident_before);
    assert!(
        grown < 4 << 20,
        "resident memory grew by {grown} bytes over {iterations} cycles"
    );
    let reserved = virtual_after.saturating_sub(virtual_before);
    assert!(
        reserved < 1 << 30,
        "address space grew by {reserved} bytes: memories are not unmapped"
    );
}
