//! The wasmlite ABI contract, defined once.
//!
//! The compiler (`wasmlite-codegen`), the bindings generator
//! (`wasmlite-bindgen`) and the runtime (`wasmlite-rt`) all read the
//! following from this crate and nowhere else:
//!
//! - [`VMOffsets`]: the layout of the per-instance `VMContext` and of the
//!   small structs it points to ([`VMMemory`], [`VMTable`], [`VMGlobal`],
//!   [`VMFuncRef`], [`VMLimits`]).
//! - [`Libcall`] / [`VMLibcalls`]: the runtime functions compiled code calls,
//!   reached through a table the `VMContext` points to (no symbol from the
//!   runtime is needed at link time, so objects also work when loaded as
//!   shared objects).
//! - [`TrapCode`]: why wasm code stopped.
//! - [`ModuleDescriptor`] and [`ModuleInfo`]: the static description every
//!   compiled object exports, from which the runtime instantiates it.
//! - [`symbols`]: the names of the symbols an object exports.
//! - [`ValRaw`]: the 16-byte value slot used by array calls and multi-value
//!   returns.
//!
//! The calling convention of compiled wasm functions is documented on
//! [`calling_convention`].
#![deny(missing_docs)]

pub mod calling_convention;
mod descriptor;
#[cfg(test)]
mod layout_tests;
mod libcalls;
mod module_info;
mod offsets;
#[cfg(feature = "parse")]
mod parse;
pub mod symbols;
mod trap;
mod val;
mod vmstructs;

pub use descriptor::{ArrayCallFn, ModuleDescriptor, ABI_VERSION};
pub use libcalls::{AbiType, Libcall, VMLibcalls};
pub use module_info::*;
pub use offsets::VMOffsets;
#[cfg(feature = "parse")]
pub use parse::{convert_val_type, read_module_file, supported_features, ParseError};
pub use trap::TrapCode;
pub use val::ValRaw;
pub use vmstructs::{
    VMContext, VMContextHeader, VMFuncRef, VMGlobal, VMHostContext, VMLimits, VMMemory, VMTable,
};

/// Size of a wasm page in bytes.
pub const WASM_PAGE_SIZE: u64 = 65536;

const _: () = assert!(
    core::mem::size_of::<usize>() == 8,
    "wasmlite supports 64-bit hosts only"
);
