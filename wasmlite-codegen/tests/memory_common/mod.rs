//! Helpers shared by the memory and table end-to-end tests (on top of the
//! loader in `support`).
#![allow(dead_code)] // each test binary uses part of this

use wasmlite_codegen::{BoundsChecks, CompileOptions, OptLevel};
use wasmlite_rt::{CallError, Instance, TrapCode, Val};

/// The optimisation levels end-to-end tests run at.
pub const LEVELS: [OptLevel; 2] = [OptLevel::O0, OptLevel::O2];

/// Both bounds-checking modes.
pub const MODES: [BoundsChecks; 2] = [BoundsChecks::GuardPages, BoundsChecks::Explicit];

/// Every optimisation level in [`LEVELS`] with both bounds-checking modes.
pub fn configurations() -> impl Iterator<Item = CompileOptions> {
    LEVELS.into_iter().flat_map(|opt_level| {
        MODES.into_iter().map(move |bounds_checks| CompileOptions {
            opt_level,
            bounds_checks,
            ..Default::default()
        })
    })
}

/// Compile, load and instantiate `wat` (no imports).
pub fn instantiate(wat: &str, level: OptLevel) -> Instance {
    super::support::instantiate_wat(wat, level)
}

/// Compile with `options`, load and instantiate `wat` (no imports).
pub fn instantiate_with(wat: &str, options: &CompileOptions) -> Instance {
    super::support::instantiate_wat_with(wat, options)
}

/// The trap code of a call, or `None` when it did not trap.
pub fn trap_of(result: Result<Vec<Val>, CallError>) -> Option<TrapCode> {
    match result {
        Err(CallError::Trap(trap)) => Some(trap.code()),
        Ok(_) => None,
        Err(other) => panic!("the call failed before running: {other}"),
    }
}

/// `i32` arguments (given as their unsigned bits).
pub fn i32s(args: &[u32]) -> Vec<Val> {
    args.iter().map(|a| Val::I32(*a as i32)).collect()
}
