//! The bodies of the WASI system calls, one file per family.
//!
//! Each takes the context, the guest's memory and the call's arguments as the
//! ABI passes them (`i32` as `u32`, `i64` as `u64`) and returns
//! [`WasiResult`](crate::WasiResult): they know nothing of the runtime, so
//! they are tested without wasm. `linker.rs` wires them to the runtime.

// Each body takes exactly the arguments of its WASI function, up to nine.
#![allow(clippy::too_many_arguments)]

pub mod args_env;
pub mod clock;
pub mod fd_dir;
pub mod fd_io;
pub mod fd_meta;
pub mod path;
pub mod path_open;
pub mod poll;
pub mod proc;
pub mod sock;

#[cfg(test)]
pub(crate) mod test_support;
