//! The small `#[repr(C)]` structs a `VMContext` points to.
//!
//! Their layout is the contract: the compiler takes field offsets from these
//! definitions with `core::mem::offset_of!`, the runtime uses the structs
//! themselves. Only 64-bit LP64 targets are supported, where the layout is
//! the same on every target the compiler can produce code for.

use crate::libcalls::VMLibcalls;

/// The per-instance context every wasm function receives as its first
/// argument. Opaque: its layout is computed by [`crate::VMOffsets`].
#[repr(C)]
pub struct VMContext {
    _opaque: [u8; 0],
}

/// Limits shared by all instances that call each other (one per store).
#[repr(C)]
#[derive(Debug)]
pub struct VMLimits {
    /// Wasm code traps with [`crate::TrapCode::StackOverflow`] when its stack
    /// pointer is below this address. Set by the runtime on entry to wasm.
    pub stack_limit: usize,
    /// Reserved for fuel metering (remaining fuel, negative when exhausted).
    pub fuel: i64,
    /// Reserved for epoch interruption (deadline epoch).
    pub epoch_deadline: u64,
}

/// A linear memory. `base` never changes after instantiation (memories are
/// reserved at their maximum size up front), so compiled code may load it
/// once and keep it; `length` changes on `memory.grow`.
#[repr(C)]
#[derive(Debug)]
pub struct VMMemory {
    /// Start of the memory's bytes.
    pub base: *mut u8,
    /// Current accessible size in bytes.
    pub length: u64,
}

/// A table. Elements are pointer-sized: `*const VMFuncRef` for `funcref`
/// tables, a host value for `externref` tables; 0 is `ref.null`.
#[repr(C)]
#[derive(Debug)]
pub struct VMTable {
    /// Start of the element array. Changes when the table grows.
    pub elements: *mut usize,
    /// Current number of elements.
    pub length: u64,
}

/// A global's value, stored at offset 0 in the representation of
/// [`crate::ValRaw`].
#[repr(C, align(16))]
#[derive(Clone, Copy, Debug, Default)]
pub struct VMGlobal {
    /// The value bytes, little-endian.
    pub value: [u8; 16],
}

/// A callable function reference: what `funcref` values point to.
#[repr(C)]
#[derive(Clone, Copy, Debug)]
pub struct VMFuncRef {
    /// Entry point in the wasm convention (`tailcc`, see
    /// [`crate::calling_convention`]); for a host function, the importing
    /// module's host adapter of the function's type.
    pub code: *const u8,
    /// The `VMContext` to pass as the first argument.
    /// For a host function, a context that starts with a [`VMHostContext`].
    pub vmctx: *mut VMContext,
    /// The runtime's canonical id of the function's type; `call_indirect`
    /// compares it with the caller's `VMOffsets::type_id` slot.
    pub type_id: u32,
}

/// The fixed header at the start of every `VMContext`.
#[repr(C)]
#[derive(Debug)]
pub struct VMContextHeader {
    /// Limits shared with the instances this one calls.
    pub limits: *mut VMLimits,
    /// The runtime functions compiled code calls.
    pub libcalls: *const VMLibcalls,
    /// The runtime's instance (opaque to compiled code).
    pub instance: *mut u8,
}

/// The start of what a host function's [`VMFuncRef::vmctx`] points to: the
/// runtime's context for one import of one instance. A host adapter (see
/// [`crate::calling_convention`]) loads `host_code` and calls it in the C
/// convention with the same arguments.
#[repr(C)]
#[derive(Debug)]
pub struct VMHostContext {
    /// A copy of the importing instance's header.
    pub header: VMContextHeader,
    /// The host function's entry point, in the C convention.
    pub host_code: *const u8,
}
