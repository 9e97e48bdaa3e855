//! Helpers shared by the memory and table end-to-end tests (on top of the
//! loader in `support`).
#![allow(dead_code)] // each test binary uses part of this

use wasmlite_codegen::OptLevel;
use wasmlite_rt::{CallError, Instance, TrapCode, Val};

/// The optimisation levels end-to-end tests run at.
pub const LEVELS: [OptLevel; 2] = [OptLevel::O0, OptLevel::O2];

/// Compile, load and instantiate `wat` (no imports).
pub fn instantiate(wat: &str, level: OptLevel) -> Instance {
    super::support::instantiate_wat(wat, level)
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
