//! Compile WebAssembly modules to native code from a Cargo build script and
//! link them into the crate, in the style of `cc::Build`.
//!
//! ```no_run
//! // build.rs
//! fn main() {
//!     wasmlite_build::Build::new().file("wasm/calc.wat").compile();
//! }
//! ```
//!
//! The crate then gets typed bindings with
//! `wasmlite_rt::include_wasm!("wasm/calc.wat");`.
//!
//! # What a build does
//!
//! For each input (`.wasm` as is; `.wat`/`.wast` converted to binary):
//!
//! 1. prints `cargo:rerun-if-changed=<file>` (the exact, resolved path);
//! 2. validates and compiles it with `wasmlite_codegen::compile` through
//!    LLVM into a position-independent object that exports exactly one
//!    symbol, the module's `wasmlite_abi::ModuleDescriptor`, named after the
//!    file stem and a hash of the module's content;
//! 3. writes the object to `$OUT_DIR/wasmlite/<stem>-<module id>.o`, only if
//!    its bytes changed.
//!
//! Inputs with the same stem and identical content are compiled once;
//! different files may share a stem (their ids differ). Modules are compiled
//! in parallel, on up to `NUM_JOBS` threads. Finally the objects are
//! archived into `libwasmlite_<package>.a` with the `cc` crate, which prints
//! the `cargo:rustc-link-lib` / `cargo:rustc-link-search` directives.
//!
//! `include_wasm!` derives the same descriptor symbol from the same file,
//! so bindings and object made from different versions of a module fail to
//! link instead of misbehaving.
//!
//! # Settings and Cargo's environment
//!
//! Every setting has a default from the variables Cargo sets for build
//! scripts; each variable is read through one getter that also prints
//! `cargo:rerun-if-env-changed=<name>`. When every setting is given
//! explicitly, no Cargo variable is needed (call
//! [`Build::cargo_metadata`]`(false)` to silence the directives).
//!
//! | Variable | Used for | Explicit setting |
//! |---|---|---|
//! | `OUT_DIR` | outputs go to `$OUT_DIR/wasmlite/` | [`Build::out_dir`] (used as is) |
//! | `TARGET` | target triple | [`Build::target`] |
//! | `HOST` | finding the archiver (defaults to the target) | — |
//! | `OPT_LEVEL` | LLVM optimisation level (`0`–`3`, `s`, `z`) | [`Build::opt_level`] |
//! | `PROFILE` | only when `OPT_LEVEL` is unset: `release` → 3, otherwise 0 | — |
//! | `WASMLITE_OPT_LEVEL` | overrides every other opt-level source, to try a level without editing `build.rs` | — |
//! | `CARGO_CFG_TARGET_FEATURE` | LLVM features, so the object uses no instruction the rest of the binary may not (`sse2,fxsr` → `+sse2,+fxsr`); only when compiling for Cargo's `TARGET` | [`Build::cpu_features`] |
//! | `NUM_JOBS` | how many modules to compile at once | — |
//! | `CARGO_MANIFEST_DIR` | relative input paths are relative to it | — |
//! | `CARGO_PKG_NAME` | the library name `wasmlite_<package>` | [`Build::library_name`] |
//!
//! The CPU defaults to the target's generic CPU ([`Build::cpu`] changes it).
//! The `cc` crate reads its own variables for the archiver (`AR`,
//! `AR_<target>`, `ARFLAGS`, ...).
//!
//! # Compile time
//!
//! The compiler runs inside your build script, at the build script's
//! optimisation level, which Cargo's `dev` profile leaves at 0. LLVM itself
//! is a prebuilt, optimised library either way; what the setting speeds up
//! is the Rust half (text parsing, validation, translation to IR), which
//! dominates at the wasm optimisation level `0` that `dev` builds use. For
//! large modules add this to the workspace's `Cargo.toml` (the wasmlite
//! workspace sets it):
//!
//! ```toml
//! [profile.dev.build-override]
//! opt-level = 2
//! ```
//!
//! Measured on wasi-libc linked into one module (536 KB binary, 1,099
//! functions, 310 KB of code; built with `wasm-ld-19 --no-entry --export-all
//! --allow-undefined --whole-archive /usr/lib/wasm32-wasi/libc.a`, then
//! `wasm-strip`), compiled on one thread, CPU time (user + system, median
//! of 3, on a 2-core x86-64 machine):
//!
//! | wasm opt level | build script unoptimised | build script at `opt-level = 2` |
//! |---|---|---|
//! | `0` (Cargo's `dev`) | 1.1 s | 0.8 s |
//! | `2` | 10.5 s | 9.9 s |
//!
//! So the build-script setting saves about a quarter at level 0 and little
//! at higher levels, where LLVM's optimiser dominates; the wasm optimisation
//! level is the big lever (about 10× here). The same module as a 4 MB
//! `.wat` file adds 0.25 s of text parsing unoptimised, 0.03 s optimised.
//! Two more levers: `WASMLITE_OPT_LEVEL=0` keeps wasm compilation fast in a
//! build whose Rust code is optimised, and `NUM_JOBS` (Cargo's `-j`) above
//! 1 lets the compiler split a large module across threads.
//!
//! # Errors
//!
//! [`Build::try_compile`] returns a [`BuildError`] naming the input file
//! and, for invalid modules, the byte offset and the reason (text-format
//! errors give the line and column). When several inputs fail, all are
//! reported. [`Build::compile`] prints the error as `cargo:warning=` lines
//! and on stderr, then exits with status 1 (no panic, no backtrace).
#![deny(missing_docs)]
// The example above is a whole build.rs, `fn main` included.
#![allow(clippy::needless_doctest_main)]

mod archive;
mod builder;
mod cargo;
mod compile;
mod error;
mod features;
mod inputs;
mod settings;

pub use builder::{Build, Compiled, ModuleOutput};
pub use error::BuildError;
pub use wasmlite_codegen::OptLevel;
