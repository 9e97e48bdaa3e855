//! WebAssembly → LLVM IR → native object.
//!
//! [`compile`] validates a module, translates every function to LLVM IR
//! (one internal LLVM function per wasm function, see
//! [`wasmlite_abi::calling_convention`]), adds an array-convention wrapper
//! per exported function and the module's [`wasmlite_abi::ModuleDescriptor`],
//! runs LLVM's optimisation pipeline and emits a position-independent
//! relocatable object.
//!
//! The pipeline, file by file:
//! - `options.rs`: what the caller can choose ([`CompileOptions`]).
//! - `target.rs`: the LLVM target machine for a triple, CPU and features.
//! - `conventions.rs`: which functions use `tailcc` (tail calls).
//! - `module_cx.rs`: per-module LLVM state (types, intrinsics, functions).
//! - `alias.rs`: TBAA tags separating linear memory from VM fields.
//! - `translate/`: one wasm function body to LLVM IR, one file per
//!   instruction family, driven by `translate/mod.rs`.
//! - `wrappers.rs`: export and start wrappers (array calling convention).
//! - `host_adapters.rs`: `tailcc` adapters calling imported host functions.
//! - `descriptor.rs`: the descriptor global and its tables.
//! - `emit.rs`: the driver tying these together.
//! - `threads.rs`: running the parts of a split module within a thread
//!   budget ([`ThreadGate`]).
#![deny(missing_docs)]

mod alias;
mod code_sizes;
mod conventions;
mod descriptor;
mod emit;
mod error;
mod host_adapters;
mod llvm_options;
mod module_cx;
mod nan_quieting;
mod options;
mod target;
mod threads;
mod translate;
mod trapping_loads;
mod wrappers;

pub use emit::{compile, compile_gated, CompiledModule};
pub use error::CompileError;
pub use options::{BoundsChecks, CompileOptions, NanResults, OptLevel};
pub use threads::{run_gated, ThreadGate, Ungated};
