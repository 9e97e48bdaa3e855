//! The WebAssembly spec-test harness of wasmlite.
//!
//! Runs the official `.wast` scripts through the same pipeline users get:
//! every module is compiled by `wasmlite_codegen::compile` into the object
//! code `wasmlite-build` links into user crates, loaded into this process
//! with LLVM's ORC JIT (`jit.rs`), and instantiated and called through
//! `wasmlite_rt`.
//!
//! Layout:
//! - `cli.rs`, `app.rs`: the command line and the program.
//! - `suite.rs`: which files to run, running them in parallel.
//! - `isolate.rs`, `protocol.rs`: one worker process per file, so a crash
//!   or hang costs one directive.
//! - `script.rs`: one file's directives, in-process.
//! - `directives.rs`: what each directive does and when it passes.
//! - `session.rs`: a script's modules, instances and registered names.
//! - `compiler.rs`, `jit.rs`: wasm → loaded `wasmlite_rt::Module`.
//! - `features.rs`: feature sets and which one a module needs.
//! - `spectest.rs`: the `spectest` host module.
//! - `values.rs`, `traps.rs`: arguments, expected results, trap messages.
//! - `outcome.rs`, `report.rs`, `conformance.rs`: results and reports.
#![deny(missing_docs)]

pub mod app;
pub mod cli;
pub mod compiler;
pub mod conformance;
pub mod directives;
pub mod features;
pub mod isolate;
pub mod jit;
pub mod outcome;
pub mod protocol;
pub mod report;
pub mod script;
pub mod session;
pub mod spectest;
pub mod suite;
pub mod traps;
pub mod values;
