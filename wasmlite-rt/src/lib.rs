//! The wasmlite runtime: instantiates WebAssembly modules that
//! `wasmlite-build` compiled ahead of time into native code, calls them, and
//! turns their traps into Rust errors.
//!
//! Most programs use it through the typed bindings of
//! [`include_wasm!`]; this page explains what happens underneath.
//!
//! # From object to instance
//!
//! A compiled object exports one [`ModuleDescriptor`]: the native address
//! of every defined function, an array-call wrapper per exported function,
//! and the serialized [`ModuleInfo`] (types, imports, exports, segments, …).
//! [`Module::from_descriptor`] (unsafe: the descriptor's code is trusted;
//! the generated bindings call it) checks its ABI version and parses the info,
//! once per process: modules are cached by descriptor address in a
//! registry that also maps code addresses back to functions, so a faulting
//! instruction can be named in a [`Trap`].
//!
//! [`Instance::new`] then follows the specification's order: it checks the
//! imports ([`Extern`]s, one per import) against the module's declarations,
//! allocates the `VMContext` (the block every compiled function receives as
//! its first argument; its layout is [`wasmlite_abi::VMOffsets`]), creates
//! the defined memories, tables and globals, fills the `VMContext`,
//! applies the active element and data segments, and runs the start
//! function. Function types get process-wide canonical ids, which
//! `call_indirect` compares.
//!
//! # Memories
//!
//! Each linear memory reserves 8 GiB of address space and makes only its
//! current size accessible. Compiled code does not bounds-check 32-bit
//! memory accesses: an access past the end lands on an inaccessible page,
//! and the fault handler turns the `SIGSEGV` into a
//! [`TrapCode::MemoryOutOfBounds`] trap. Growing a memory makes more of the
//! reservation accessible; its base address never changes.
//!
//! # Calls and traps
//!
//! Every call from the host into wasm ([`Instance::call`], checking
//! dynamic [`Val`]s; [`TypedFunc::call`], with Rust values whose types
//! [`Instance::typed_func`] checked once; [`Instance::call_export_raw`];
//! start functions) goes through a *landing*:
//! a `sigsetjmp` point set by a tiny C helper. Wasm code leaves early in
//! three ways, all of which record why in the thread's innermost
//! activation and `siglongjmp` to its landing:
//!
//! - the trap libcall, which compiled code calls for `unreachable`, integer
//!   division by zero, failed `call_indirect` checks, stack exhaustion, …;
//! - the `SIGSEGV`/`SIGBUS` handler, for guard-page hits while the thread is
//!   running wasm code (other faults go to the previously installed
//!   handler);
//! - a host import that panics: [`__private::host_call`] catches the panic,
//!   jumps over the wasm frames (which cannot unwind) and the panic resumes
//!   in the Rust code that called into wasm.
//!
//! The call then returns `Err(Trap)`, and the instance remains usable.
//! Compiled code also checks the stack pointer against a limit the runtime
//! sets on entry, leaving room for host code, so deep recursion traps with
//! [`TrapCode::StackOverflow`] instead of crashing.
//!
//! Runtime services compiled code needs (`memory.grow`, bulk memory and
//! table operations, the trap itself) are *libcalls*, reached through a
//! table the `VMContext` points to, so objects need no runtime symbols.
//!
//! # Host functions
//!
//! Imports are satisfied by [`HostFunc`]s, by functions, memories, tables
//! and globals exported by other instances ([`Instance::get_export`]), or by
//! host-created [`Memory`], [`Table`] and [`Global`]s; a [`Linker`] finds
//! them by name. [`HostFunc::wrap`] makes a host function of any closure
//! `Fn(&mut Caller<'_>, P1, …, Pn) -> R` and derives its wasm type from the
//! Rust types; instantiation checks it against the import. Through the
//! [`Caller`] the closure reaches the calling instance's host state (a
//! [`HostState`]: one value per type, [`Caller::state`]) and memory. It may
//! return `Result<_, E>` with `E: Into<`[`HostError`]`>`: an `Err` stops
//! the wasm call like a trap, and the host's call returns `Err(Trap)` with
//! [`TrapCode::HostError`] carrying the error ([`Trap::host_error`]).
//!
//! # Views of linear memory
//!
//! [`Instance::memory`], [`Memory::view`] and [`Caller::memory`] return a
//! [`MemoryView`] (`&[u8]`), their `_mut` forms a [`MemoryViewMut`]
//! (`&mut [u8]`). Because one memory can be reached through many handles
//! and by wasm code, views are borrow-checked at run time, like a
//! `RefCell`: a view conflicting with another view or with a [`Memory`]
//! handle's `read`/`write` (which copy) panics, and so does running wasm
//! code that can reach a memory while a view of it is alive (every entry
//! checks one thread-local counter, and the domain's only when this thread
//! holds a view). While a view or a host-state guard ([`StateRef`]) is
//! alive, its thread holds the instance's exclusion domain (see Threads).
//!
//! # Linked instances
//!
//! Instances that share functions, tables or funcref globals may hold
//! pointers into each other, so they are kept alive together: such linked
//! instances form a group, freed when the last [`Instance`] or handle
//! referring to any of them is dropped. An instance that was never linked
//! is freed when it is dropped.
//!
//! # Threads
//!
//! [`Instance`] is `Send`: an instance can be moved to, and run on, any
//! thread. Instances that share state — linked as above, or importing the
//! same memory, table or global — form an exclusion *domain*, and the
//! runtime lets one thread at a time use a domain: every call into wasm,
//! every instantiation and every access through a [`Memory`], [`Table`] or
//! [`Global`] handle first enters the instance's domain. A thread finding
//! it in use by another thread waits until it is free (the domain is
//! re-entrant, so host imports may call back into instances of their own
//! domain). Waiting would deadlock only if two threads, each inside a host
//! import of one domain, called into each other's domain; the thread whose
//! wait would close such a cycle panics instead, and the panic reaches the
//! host code that called into wasm like any panic in a host import. Plain
//! host code, holding no domain, never fails this way. Instances that were
//! never linked pay nothing for this (see `domain.rs`).
//!
//! Memory views and host-state guards borrowed from an instance hold its
//! domain while they live, so a linked instance on another thread waits
//! for them to be dropped.
//!
//! # Platform
//!
//! 64-bit Linux on x86-64 or AArch64.

#![deny(missing_docs, unsafe_op_in_unsafe_fn)]

mod activation;
mod altstack;
mod bounds;
mod bulk;
mod caller;
mod code_map;
mod const_expr;
mod domain;
mod entry;
mod error;
mod externs;
mod global;
mod group;
mod host;
mod host_error;
mod host_func;
mod host_state;
mod imports;
mod instance;
mod instance_data;
mod instantiate;
mod landing;
mod libcalls;
mod linker;
mod memory;
mod memory_view;
mod module;
mod module_check;
mod published;
mod registry;
mod reservation;
mod segments;
mod signals;
mod stack_limit;
mod table;
mod trap;
mod type_registry;
mod typed;
mod typed_func;
mod v128;
mod val;
mod vmctx;

pub use caller::Caller;
pub use error::{
    AccessError, CallError, ImportMismatchReason, InstantiationError, MemoryAccessError,
    ResourceError,
};
pub use externs::Extern;
pub use global::Global;
pub use host_error::HostError;
pub use host_func::{HostFunc, HostReturn, IntoHostFunc, WasmResults};
pub use host_state::{HostState, StateRef, StateRefMut};
pub use instance::Instance;
pub use linker::Linker;
pub use memory::Memory;
pub use memory_view::{MemoryView, MemoryViewMut};
pub use module::Module;
pub use table::Table;
pub use trap::Trap;
pub use typed::WasmValue;
pub use typed_func::{TypedFunc, WasmParams};
pub use v128::V128;
pub use val::{ExternRef, FuncRef, Val};
pub use wasmlite_abi::{
    FuncType, GlobalType, HeapType, MemoryType, ModuleDescriptor, ModuleInfo, RefType, TableType, TrapCode,
    ValRaw, ValType,
};
pub use wasmlite_macros::include_wasm;

/// Support for generated bindings. Not a stable API.
#[doc(hidden)]
pub mod __private {
    pub use crate::host::host_call;
    pub use wasmlite_abi as abi;
}
