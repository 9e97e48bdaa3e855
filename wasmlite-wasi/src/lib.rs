//! WASI preview 1 (`wasi_snapshot_preview1`) for wasmlite: every system call,
//! behind a capability sandbox.
//!
//! A guest sees only what its [`WasiCtx`] grants: arguments, environment
//! variables, standard streams and preopened directories, each granted
//! explicitly with [`WasiCtxBuilder`]. Paths are resolved by the kernel
//! (`openat2` with `RESOLVE_BENEATH`) below a preopened directory, so no path,
//! `..` or symbolic link reaches outside it; a [`DirPerms::ReadOnly`]
//! preopen refuses every change. Every guest pointer and length is checked;
//! a bad one is an errno, never a host panic. `proc_exit` ends the call with
//! the [`Exit`] host error; it never exits the host process.
//!
//! The system call bodies ([`syscalls`]) take the context and the guest's
//! memory and know nothing of the runtime; the wiring to `wasmlite-rt` is
//! thin.
//!
//! Running a command through the runtime's dynamic path:
//!
//! ```no_run
//! use std::sync::Arc;
//! use wasmlite_rt::{HostState, Linker, Module};
//! use wasmlite_wasi::{DirPerms, WasiCtx};
//!
//! fn run(module: &Arc<Module>) -> Result<i32, Box<dyn std::error::Error>> {
//!     let wasi = WasiCtx::builder()
//!         .args(["tool", "--verbose", "in.txt"])
//!         .env("LANG", "C")
//!         .preopen_dir("./data", "/data", DirPerms::ReadOnly)? // nothing else is reachable
//!         .stdin_bytes(b"input".to_vec())
//!         .capture_stdout()
//!         .inherit_stderr()
//!         .build();
//!     let mut linker = Linker::new();
//!     wasmlite_wasi::add_to_linker(&mut linker);
//!     let mut instance = linker.instantiate(module, HostState::new().with(wasi))?;
//!     let status = wasmlite_wasi::run_command(&mut instance)?; // proc_exit(n) → Ok(n)
//!     let stdout = instance.state_mut::<WasiCtx>().expect("given above").take_stdout();
//!     print!("{}", String::from_utf8_lossy(&stdout));
//!     Ok(status)
//! }
//! ```
#![deny(missing_docs)]

pub mod abi;
mod builder;
mod ctx;
mod errno;
mod fs;
mod linker;
mod memory;
mod sandbox;
mod stdio;
pub mod syscalls;
mod table;

pub use builder::{DirPerms, WasiCtxBuilder, WasiCtxError};
pub use ctx::WasiCtx;
pub use errno::{Errno, WasiResult};
pub use linker::{
    add_to_linker, all_functions, command_status, exit_status, host_func, initialize_reactor, run_command,
    MissingWasiCtx, PREVIEW1, UNSTABLE,
};
pub use memory::GuestMemory;
pub use syscalls::proc::Exit;
