//! Helpers shared by the `family_*` and `traps*` test files: table-driven
//! checks that name the export and the input on failure.
#![allow(dead_code)]

use std::fmt::Debug;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::Duration;
use wasmlite_rt::{Trap, TrapCode};

// The build script's `cargo:rustc-link-lib` reaches only the package's
// library target (Cargo passes it to other targets only when there is no
// library), which bundles the compiled modules. Naming the library makes
// every test binary link it, and with it the modules.
use wasmlite_integration_tests as _;

/// Calls `call` with every input of `cases` and asserts that it returns the
/// expected value without trapping. `export` names the wasm export in the
/// failure message.
pub fn check<A, R>(export: &str, cases: &[(A, R)], mut call: impl FnMut(A) -> Result<R, Trap>)
where
    A: Copy + Debug,
    R: PartialEq + Debug,
{
    for (args, want) in cases {
        match call(*args) {
            Ok(got) => assert_eq!(&got, want, "{export}{args:?}"),
            Err(trap) => panic!("{export}{args:?} trapped: {trap}"),
        }
    }
}

/// Asserts that `result` is a trap with `code`, raised in the wasm function
/// named `function` (its name-section name).
pub fn expect_trap<R: Debug>(result: Result<R, Trap>, code: TrapCode, function: &str) {
    match result {
        Ok(value) => panic!("expected a {code:?} trap in `{function}`, got {value:?}"),
        Err(trap) => {
            assert_eq!(trap.code(), code, "trap code of {trap}");
            assert_eq!(trap.function_name(), Some(function), "function of {trap}");
        }
    }
}

/// Runs `body` on a new thread and returns its result, failing the test if
/// it takes more than a minute (for code that must trap, such as unbounded
/// recursion, instead of running forever). A body that never returns is
/// left running on its thread.
pub fn within_a_minute<T: Send + 'static>(
    what: &str,
    body: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (send, receive) = mpsc::channel();
    thread::spawn(move || send.send(body()));
    match receive.recv_timeout(Duration::from_secs(60)) {
        Ok(value) => value,
        Err(RecvTimeoutError::Timeout) => panic!("{what} did not finish within a minute"),
        Err(RecvTimeoutError::Disconnected) => panic!("{what} panicked"),
    }
}

/// The bits of an `f32` result, so that NaNs and signed zeros compare exactly.
pub fn bits32(result: Result<f32, Trap>) -> Result<u32, Trap> {
    result.map(f32::to_bits)
}

/// The bits of an `f64` result, so that NaNs and signed zeros compare exactly.
pub fn bits64(result: Result<f64, Trap>) -> Result<u64, Trap> {
    result.map(f64::to_bits)
}

pub mod floats;
pub mod tables;
