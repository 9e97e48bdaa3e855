//! The ways of running a kernel, behind one trait.

pub mod native;
#[cfg(wasm2c)]
pub mod wasm2c;
pub mod wasmlite;
pub mod wasmlite_startup;
pub mod wasmtime;

use std::fmt;

/// One instance of one kernel in one engine.
pub trait Runner {
    /// Run `n` iterations; returns how many produced a wrong checksum.
    fn run(&mut self, n: i32) -> Result<i32, EngineError>;
    /// The checksum of the last iteration.
    fn checksum(&mut self) -> Result<u32, EngineError>;
}

/// The engines, in the order the tables show them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    /// The C compiled natively with clang.
    Native,
    /// The wasm module compiled ahead of time by wasmlite.
    Wasmlite,
    /// The wasm module compiled by wasmtime (Cranelift) at startup.
    Wasmtime,
    /// The wasm module translated to C by wasm2c, compiled with clang.
    Wasm2c,
    /// The wasm module compiled by wasmlite with explicit bounds checks,
    /// at startup.
    WasmliteExplicit,
    /// The wasm module compiled by wasmlite with its default options, at
    /// startup: the baseline of `nan-folds`, loaded the same way.
    WasmliteStartup,
    /// The wasm module compiled by wasmlite with NaN results as LLVM
    /// leaves them (not conformant), at startup.
    WasmliteNanAsLlvmFolds,
}

impl Engine {
    /// Every engine.
    pub const ALL: [Engine; 7] = [
        Engine::Native,
        Engine::Wasmlite,
        Engine::Wasmtime,
        Engine::Wasm2c,
        Engine::WasmliteExplicit,
        Engine::WasmliteStartup,
        Engine::WasmliteNanAsLlvmFolds,
    ];

    /// The name shown in tables.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Native => "native",
            Engine::Wasmlite => "wasmlite",
            Engine::Wasmtime => "wasmtime",
            Engine::Wasm2c => "wasm2c",
            Engine::WasmliteExplicit => "explicit",
            Engine::WasmliteStartup => "startup",
            Engine::WasmliteNanAsLlvmFolds => "nan-folds",
        }
    }
}

/// Why an engine could not run a kernel.
#[derive(Debug)]
pub enum EngineError {
    /// The engine is not built into this binary.
    Unavailable(String),
    /// Compiling or instantiating the module failed.
    Instantiate(String),
    /// A call trapped.
    Trap(String),
}

impl fmt::Display for EngineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EngineError::Unavailable(why) => write!(f, "not available: {why}"),
            EngineError::Instantiate(why) => write!(f, "cannot instantiate: {why}"),
            EngineError::Trap(why) => write!(f, "trapped: {why}"),
        }
    }
}

impl std::error::Error for EngineError {}

/// A C string from one of the generated kernel tables.
///
/// # Safety
/// `name` must point to a NUL-terminated string that lives for the whole
/// program (the tables hold string literals).
pub(crate) unsafe fn table_name(name: *const std::ffi::c_char) -> &'static str {
    // SAFETY: guaranteed by the caller.
    unsafe { std::ffi::CStr::from_ptr(name) }
        .to_str()
        .unwrap_or("?")
}
