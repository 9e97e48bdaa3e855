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
//!    file stem and a hash of the module's content (everything else is
//!    local; a large module split into several objects also links them
//!    through hidden function symbols, invisible outside the final binary),
//!    unless the [cache](#cache) already holds that object;
//! 3. writes the object to `$OUT_DIR/wasmlite/<stem>-<module id>.o`, only if
//!    its bytes changed.
//!
//! Inputs with the same stem and identical content are compiled once;
//! different files may share a stem (their ids differ). Finally the
//! objects are archived into `libwasmlite_<package>.a` with the `cc` crate,
//! which prints the `cargo:rustc-link-lib` / `cargo:rustc-link-search`
//! directives.
//!
//! `include_wasm!` derives the same descriptor symbol from the same file,
//! so bindings and object made from different versions of a module fail to
//! link instead of misbehaving.
//!
//! # Threads
//!
//! Modules are compiled in parallel, and a module with more than 256 KiB
//! of code is split into several objects compiled in parallel. The build
//! uses at most `NUM_JOBS` threads (Cargo's `-j`), its own included, and
//! each extra thread only while it holds a token from Cargo's jobserver,
//! so a build script compiling wasm does not oversubscribe the machine
//! while Cargo runs other jobs: with no token free, the work waits for a
//! running thread. (The jobserver is polled without blocking, which works
//! on Linux; where it cannot be polled, `NUM_JOBS` alone limits the
//! threads.) How a module is split depends on `NUM_JOBS` and the number of
//! modules only, never on how many tokens were free, so the objects are
//! reproducible.
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
//! | `WASMLITE_BOUNDS_CHECKS` | `guard-pages` or `explicit`: overrides [`Build::bounds_checks`] | [`Build::bounds_checks`] |
//! | `CARGO_CFG_TARGET_FEATURE` | LLVM features, so the object uses no instruction the rest of the binary may not (`sse2,fxsr` → `+sse2,+fxsr`); only when compiling for Cargo's `TARGET` | [`Build::cpu_features`] |
//! | `NUM_JOBS` | how many threads to compile on ([Threads](#threads)) | — |
//! | `WASMLITE_CACHE` | `0` turns the [cache](#cache) off, `1` on | [`Build::cache`] |
//! | `WASMLITE_CACHE_DIR` | where the [cache](#cache) lives | [`Build::cache_dir`] |
//! | `CARGO_MANIFEST_DIR` | relative input paths are relative to it | — |
//! | `CARGO_PKG_NAME` | the library name `wasmlite_<package>` | [`Build::library_name`] |
//!
//! Cargo's jobserver (`CARGO_MAKEFLAGS`) is used but not tracked: it names
//! different file descriptors in every run.
//!
//! The CPU defaults to the target's generic CPU ([`Build::cpu`] changes it).
//! The `cc` crate reads its own variables for the archiver (`AR`,
//! `AR_<target>`, `ARFLAGS`, ...).
//!
//! # Cache
//!
//! Compiled objects are kept in a content-addressed cache, so a build
//! whose modules and options did not change does no LLVM work at all, even
//! into a fresh `OUT_DIR`, and a build script that reruns because one of
//! its modules changed compiles only that one. [`ModuleOutput::cached`]
//! tells which modules came from the cache, and so does the build
//! script's stderr (`cargo build -vv`): `wasmlite-build: <file>: compiled`
//! or `...: reused from the cache`.
//!
//! - **Key**: a SHA-256 hash of the wasm binary, every field of
//!   `wasmlite_codegen::CompileOptions` (target, CPU, features,
//!   optimisation level, stem, thread count), wasmlite's version and
//!   source, the ABI version and LLVM's version. When wasmlite comes from
//!   a path (a workspace member or a vendored copy, whose code can change
//!   without a new version) rather than from a registry or a git
//!   revision, the key also holds the identity (path, size, modification
//!   time) of the running build-script executable, which contains the
//!   compiler: each rebuild of the build script then starts afresh, so a
//!   stale object is never reused.
//! - **Location**: `wasmlite-cache/` in Cargo's target directory (found from
//!   `OUT_DIR`, which is `<target>/[<triple>/]<profile>/build/<pkg>-<hash>/out`;
//!   with Cargo's `build.build-dir` set, in the build directory), so
//!   `cargo clean` empties it. `WASMLITE_CACHE_DIR` or
//!   [`Build::cache_dir`] moves it, for example to share it between
//!   workspaces. Outside Cargo (no `OUT_DIR`) nothing is cached unless a
//!   directory is given.
//! - **Entries**: one file per module, `<key>.wlc`, holding its objects
//!   and a checksum. Each is written to a temporary file and renamed into
//!   place, so builds sharing the directory, even at the same time, never
//!   read a partial entry; an entry that is damaged or unreadable is
//!   compiled again and rewritten, never an error, and failing to write one
//!   (a full disk, a read-only directory) does not fail the build.
//! - **Size**: an entry is as large as the module's objects: about 4× the
//!   wasm binary at optimisation level 0 (measured on a generated 256 KiB
//!   module), usually less when optimised. Each optimisation level, target
//!   and feature set has its own entry. Reusing an entry refreshes its
//!   modification time; each build deletes entries unused for 30 days.
//! - **Off**: `WASMLITE_CACHE=0` or [`Build::cache`]`(false)`.
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
//! LLVM's IR verifier runs only when the build script has debug assertions,
//! which Cargo's `dev` profile keeps for build scripts even at
//! `opt-level = 2`; `debug-assertions = false` in the same table saves its
//! few percent.
//!
//! Two more levers: `WASMLITE_OPT_LEVEL=0` keeps wasm compilation fast in a
//! build whose Rust code is optimised, and `NUM_JOBS` (Cargo's `-j`) above
//! 1 lets the compiler split a large module across threads. A build of
//! unchanged modules costs no compilation at all ([Cache](#cache)).
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
mod budget;
mod builder;
mod cache;
mod cache_location;
mod cargo;
mod compile;
mod error;
mod features;
mod inputs;
mod settings;

pub use builder::{Build, Compiled, ModuleOutput};
pub use error::BuildError;
pub use wasmlite_codegen::{BoundsChecks, OptLevel};
