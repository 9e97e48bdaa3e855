//! The wiring: each system call as a typed [`HostFunc`] of `wasmlite-rt`.
//!
//! Every function finds the calling instance's [`WasiCtx`] in its host state
//! (`caller.state::<WasiCtx>()`) and its memory 0, runs the body from
//! [`crate::syscalls`] and returns the errno as the wasm `i32` result.

use crate::errno::WasiResult;
use crate::memory::GuestMemory;
use crate::syscalls::{args_env, clock, fd_dir, fd_io, fd_meta, path, path_open, poll, proc, sock};
use crate::{Exit, WasiCtx};
use std::sync::OnceLock;
use wasmlite_rt::{CallError, Caller, HostError, HostFunc, Instance, Linker, Trap};

/// The module name of WASI preview 1.
pub const PREVIEW1: &str = "wasi_snapshot_preview1";
/// The module name of WASI snapshot 0 (served for the functions whose ABI did not change).
pub const UNSTABLE: &str = "wasi_unstable";

/// Why a WASI function could not run at all (a trap, not an errno).
#[derive(Debug, thiserror::Error)]
#[error(
    "the calling instance has no WasiCtx in its host state (give it one with HostState::with(ctx))"
)]
pub struct MissingWasiCtx;

/// Runs `body` with the caller's context and memory; the errno becomes the `i32` result.
fn syscall(
    caller: &mut Caller<'_>,
    body: impl FnOnce(&mut WasiCtx, &mut GuestMemory<'_>) -> WasiResult,
) -> Result<i32, HostError> {
    let mut ctx = caller.state::<WasiCtx>().ok_or(MissingWasiCtx)?;
    // A guest without memory gets EFAULT for every pointer.
    let result = match caller.try_memory_mut() {
        Some(mut view) => body(&mut ctx, &mut GuestMemory::new(&mut view)),
        None => body(&mut ctx, &mut GuestMemory::new(&mut [])),
    };
    Ok(match result {
        Ok(()) => 0,
        Err(errno) => i32::from(errno.raw()),
    })
}

/// One WASI function: its name, its host function, and whether `wasi_unstable` has the same ABI.
struct Function {
    name: &'static str,
    func: HostFunc,
    unstable_too: bool,
}

/// Declares the table of functions: `name(params) => body` with the caller's context `$ctx`
/// and memory `$mem` in scope. Parameters are wasm `i32`/`i64`, converted to `u32`/`u64`.
macro_rules! functions {
    ($($(#[$unstable:ident])? $name:ident($($arg:ident: $ty:ident),*) => |$ctx:ident, $mem:ident| $body:expr;)*) => {
        fn functions() -> Vec<Function> {
            vec![$(Function {
                name: stringify!($name),
                func: HostFunc::wrap(|caller: &mut Caller<'_>, $($arg: $ty),*| -> Result<i32, HostError> {
                    $(let $arg = unsigned!($ty, $arg);)*
                    syscall(caller, |$ctx, $mem| { let _ = &$mem; $body })
                }),
                unstable_too: !functions!(@preview1_only $($unstable)?),
            },)*]
        }
    };
    (@preview1_only preview1_only) => { true };
    (@preview1_only) => { false };
}

macro_rules! unsigned {
    (i32, $v:expr) => {
        $v as u32
    };
    (i64, $v:expr) => {
        $v as u64
    };
}

functions! {
    args_get(argv: i32, buf: i32) => |ctx, mem| args_env::args_get(ctx, mem, argv, buf);
    args_sizes_get(argc: i32, size: i32) => |ctx, mem| args_env::args_sizes_get(ctx, mem, argc, size);
    environ_get(environ: i32, buf: i32) => |ctx, mem| args_env::environ_get(ctx, mem, environ, buf);
    environ_sizes_get(count: i32, size: i32) => |ctx, mem| args_env::environ_sizes_get(ctx, mem, count, size);
    clock_res_get(id: i32, out: i32) => |ctx, mem| clock::clock_res_get(ctx, mem, id, out);
    clock_time_get(id: i32, precision: i64, out: i32) => |ctx, mem| clock::clock_time_get(ctx, mem, id, precision, out);
    fd_advise(fd: i32, offset: i64, len: i64, advice: i32) => |ctx, mem| fd_meta::fd_advise(ctx, fd, offset, len, advice);
    fd_allocate(fd: i32, offset: i64, len: i64) => |ctx, mem| fd_meta::fd_allocate(ctx, fd, offset, len);
    fd_close(fd: i32) => |ctx, mem| fd_meta::fd_close(ctx, fd);
    fd_datasync(fd: i32) => |ctx, mem| fd_meta::fd_datasync(ctx, fd);
    fd_fdstat_get(fd: i32, out: i32) => |ctx, mem| fd_meta::fd_fdstat_get(ctx, mem, fd, out);
    fd_fdstat_set_flags(fd: i32, flags: i32) => |ctx, mem| fd_meta::fd_fdstat_set_flags(ctx, fd, flags);
    fd_fdstat_set_rights(fd: i32, base: i64, inheriting: i64) => |ctx, mem| fd_meta::fd_fdstat_set_rights(ctx, fd, base, inheriting);
    #[preview1_only] fd_filestat_get(fd: i32, out: i32) => |ctx, mem| fd_meta::fd_filestat_get(ctx, mem, fd, out);
    fd_filestat_set_size(fd: i32, size: i64) => |ctx, mem| fd_meta::fd_filestat_set_size(ctx, fd, size);
    fd_filestat_set_times(fd: i32, atim: i64, mtim: i64, flags: i32) => |ctx, mem| fd_meta::fd_filestat_set_times(ctx, fd, atim, mtim, flags);
    fd_pread(fd: i32, iovs: i32, len: i32, offset: i64, out: i32) => |ctx, mem| fd_io::fd_pread(ctx, mem, fd, iovs, len, offset, out);
    fd_prestat_get(fd: i32, out: i32) => |ctx, mem| fd_meta::fd_prestat_get(ctx, mem, fd, out);
    fd_prestat_dir_name(fd: i32, buf: i32, len: i32) => |ctx, mem| fd_meta::fd_prestat_dir_name(ctx, mem, fd, buf, len);
    fd_pwrite(fd: i32, iovs: i32, len: i32, offset: i64, out: i32) => |ctx, mem| fd_io::fd_pwrite(ctx, mem, fd, iovs, len, offset, out);
    fd_read(fd: i32, iovs: i32, len: i32, out: i32) => |ctx, mem| fd_io::fd_read(ctx, mem, fd, iovs, len, out);
    fd_readdir(fd: i32, buf: i32, len: i32, cookie: i64, out: i32) => |ctx, mem| fd_dir::fd_readdir(ctx, mem, fd, buf, len, cookie, out);
    fd_renumber(from: i32, to: i32) => |ctx, mem| fd_meta::fd_renumber(ctx, from, to);
    #[preview1_only] fd_seek(fd: i32, offset: i64, whence: i32, out: i32) => |ctx, mem| fd_io::fd_seek(ctx, mem, fd, offset, whence, out);
    fd_sync(fd: i32) => |ctx, mem| fd_meta::fd_sync(ctx, fd);
    fd_tell(fd: i32, out: i32) => |ctx, mem| fd_io::fd_tell(ctx, mem, fd, out);
    fd_write(fd: i32, iovs: i32, len: i32, out: i32) => |ctx, mem| fd_io::fd_write(ctx, mem, fd, iovs, len, out);
    path_create_directory(fd: i32, p: i32, len: i32) => |ctx, mem| path::path_create_directory(ctx, mem, fd, p, len);
    #[preview1_only] path_filestat_get(fd: i32, flags: i32, p: i32, len: i32, out: i32) => |ctx, mem| path::path_filestat_get(ctx, mem, fd, flags, p, len, out);
    path_filestat_set_times(fd: i32, flags: i32, p: i32, len: i32, atim: i64, mtim: i64, fst: i32) => |ctx, mem| path::path_filestat_set_times(ctx, mem, fd, flags, p, len, atim, mtim, fst);
    path_link(old_fd: i32, old_flags: i32, old: i32, old_len: i32, new_fd: i32, new: i32, new_len: i32) => |ctx, mem| path::path_link(ctx, mem, old_fd, old_flags, old, old_len, new_fd, new, new_len);
    path_open(fd: i32, dirflags: i32, p: i32, len: i32, oflags: i32, base: i64, inheriting: i64, fdflags: i32, out: i32) => |ctx, mem| path_open::path_open(ctx, mem, fd, dirflags, p, len, oflags, base, inheriting, fdflags, out);
    path_readlink(fd: i32, p: i32, len: i32, buf: i32, buf_len: i32, out: i32) => |ctx, mem| path::path_readlink(ctx, mem, fd, p, len, buf, buf_len, out);
    path_remove_directory(fd: i32, p: i32, len: i32) => |ctx, mem| path::path_remove_directory(ctx, mem, fd, p, len);
    path_rename(fd: i32, old: i32, old_len: i32, new_fd: i32, new: i32, new_len: i32) => |ctx, mem| path::path_rename(ctx, mem, fd, old, old_len, new_fd, new, new_len);
    path_symlink(old: i32, old_len: i32, fd: i32, new: i32, new_len: i32) => |ctx, mem| path::path_symlink(ctx, mem, old, old_len, fd, new, new_len);
    path_unlink_file(fd: i32, p: i32, len: i32) => |ctx, mem| path::path_unlink_file(ctx, mem, fd, p, len);
    #[preview1_only] poll_oneoff(subs: i32, events: i32, count: i32, out: i32) => |ctx, mem| poll::poll_oneoff(ctx, mem, subs, events, count, out);
    proc_raise(signal: i32) => |ctx, mem| proc::proc_raise(ctx, signal);
    sched_yield() => |ctx, mem| proc::sched_yield(ctx);
    random_get(buf: i32, len: i32) => |ctx, mem| proc::random_get(ctx, mem, buf, len);
    #[preview1_only] sock_accept(fd: i32, flags: i32, out: i32) => |ctx, mem| sock::sock_accept(ctx, fd, flags, out);
    sock_recv(fd: i32, data: i32, data_len: i32, flags: i32, len_out: i32, flags_out: i32) => |ctx, mem| sock::sock_recv(ctx, fd, data, data_len, flags, len_out, flags_out);
    sock_send(fd: i32, data: i32, data_len: i32, flags: i32, len_out: i32) => |ctx, mem| sock::sock_send(ctx, fd, data, data_len, flags, len_out);
    sock_shutdown(fd: i32, how: i32) => |ctx, mem| sock::sock_shutdown(ctx, fd, how);
}

/// `proc_exit(code)`: never returns to the guest; the call ends with [`Exit`].
fn proc_exit_func() -> HostFunc {
    HostFunc::wrap(
        |caller: &mut Caller<'_>, code: i32| -> Result<(), HostError> {
            let mut ctx = caller.state::<WasiCtx>().ok_or(MissingWasiCtx)?;
            Err(HostError::new(proc::proc_exit(&mut ctx, code as u32)))
        },
    )
}

/// Every function of `wasi_snapshot_preview1` (and of `wasi_unstable` where its ABI is the
/// same) as `(module, name, function)`. Built once per process; the functions are shared
/// (a `HostFunc` clone is a reference count).
pub fn all_functions() -> Vec<(&'static str, &'static str, HostFunc)> {
    table().to_vec()
}

/// The table behind [`all_functions`] and [`host_func`], built on first use.
fn table() -> &'static [(&'static str, &'static str, HostFunc)] {
    static TABLE: OnceLock<Vec<(&'static str, &'static str, HostFunc)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut out = Vec::new();
        let mut table = functions();
        table.push(Function {
            name: "proc_exit",
            func: proc_exit_func(),
            unstable_too: true,
        });
        for function in table {
            if function.unstable_too {
                out.push((UNSTABLE, function.name, function.func.clone()));
            }
            out.push((PREVIEW1, function.name, function.func));
        }
        out
    })
}

/// Defines every WASI function in `linker`; each finds its [`WasiCtx`] in the calling
/// instance's host state.
pub fn add_to_linker(linker: &mut Linker) {
    for (module, name, func) in all_functions() {
        linker.define(module, name, func);
    }
}

/// The WASI function `module.name`, if there is one (for generated bindings).
pub fn host_func(module: &str, name: &str) -> Option<HostFunc> {
    table()
        .iter()
        .find(|(m, n, _)| *m == module && *n == name)
        .map(|(_, _, func)| func.clone())
}

/// The exit status of a call that ended with `proc_exit`, if it did.
pub fn exit_status(trap: &Trap) -> Option<i32> {
    trap.host_error()?.downcast_ref::<Exit>().map(|exit| exit.0)
}

/// The exit status of a command whose `_start` call ended with `returned`: 0 when
/// `_start` returned, `n` when the program called `proc_exit(n)`; any other trap stays
/// the error. [`run_command`] and the generated bindings' `run()` both use it.
pub fn command_status(returned: Result<(), Trap>) -> Result<i32, Trap> {
    match returned {
        Ok(()) => Ok(0),
        Err(trap) => exit_status(&trap).ok_or(trap),
    }
}

/// Runs a WASI command: calls its `_start` and returns its exit status (0 when `_start`
/// returns, the code given to `proc_exit` otherwise). A trap is `Err(CallError::Trap)`.
pub fn run_command(instance: &mut Instance) -> Result<i32, CallError> {
    match instance.call("_start", &[]) {
        Ok(_) => Ok(0),
        Err(CallError::Trap(trap)) => command_status(Err(trap)).map_err(CallError::Trap),
        Err(other) => Err(other),
    }
}

/// Initializes a WASI reactor: calls its `_initialize` export, if it has one (a module
/// without one needs no initialization). Call it once, before any other export.
pub fn initialize_reactor(instance: &mut Instance) -> Result<(), CallError> {
    if instance.module().export_index("_initialize").is_none() {
        return Ok(());
    }
    instance.call("_initialize", &[]).map(drop)
}
