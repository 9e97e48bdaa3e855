//! The static description every compiled object exports.

use crate::val::ValRaw;
use crate::vmstructs::VMContext;

/// Bumped on every change to this crate's contract. It is part of every
/// exported symbol name, so an object and bindings from different versions
/// fail to link instead of misbehaving.
pub const ABI_VERSION: u32 = 4;

/// An export wrapper in the array calling convention (see
/// [`crate::calling_convention`]).
pub type ArrayCallFn = unsafe extern "C" fn(vmctx: *mut VMContext, values: *mut ValRaw);

/// What a compiled object exports under [`crate::symbols::descriptor`]:
/// everything the runtime needs to instantiate the module.
#[repr(C)]
#[derive(Debug)]
pub struct ModuleDescriptor {
    /// Must equal [`ABI_VERSION`].
    pub abi_version: u32,
    /// Number of entries in `functions`.
    pub num_defined_functions: u32,
    /// [`crate::ModuleInfo`] serialized with [`crate::ModuleInfo::to_bytes`].
    pub module_info: *const u8,
    /// Length of `module_info` in bytes.
    pub module_info_len: usize,
    /// Native entry point of each defined function, in function index order
    /// (imported functions are not included). Never null: the runtime also
    /// uses these addresses to tell which function a faulting instruction
    /// belongs to.
    pub functions: *const *const u8,
    /// Number of entries in `exports` (equals the module's export count).
    pub num_exports: u32,
    /// One array-call wrapper per export, in export order; null for exports
    /// that are not functions.
    pub exports: *const Option<ArrayCallFn>,
    /// Code size in bytes of each defined function, parallel to
    /// `functions`: the function's machine code is exactly
    /// `[functions[i], functions[i] + function_sizes[i])`. The runtime
    /// accepts a fault as a trap only at an instruction inside such a range.
    pub function_sizes: *const u32,
    /// Code size in bytes of each export wrapper, parallel to `exports`
    /// (0 for exports that are not functions).
    pub export_sizes: *const u32,
    /// Number of entries in `import_adapters` (equals the module's number
    /// of imported functions).
    pub num_imported_functions: u32,
    /// For each imported function, in import order, the host adapter of
    /// its type: the `VMFuncRef::code` the runtime gives the import when a
    /// host function satisfies it (see [`crate::calling_convention`]).
    pub import_adapters: *const *const u8,
    /// Wrapper in the array convention (the values are unused) that calls
    /// the start function; `None` if the module has none.
    pub start: Option<ArrayCallFn>,
    /// Code size in bytes of `start` (one entry, 0 without a start
    /// function); like the export wrappers, it may contain inlined wasm
    /// code.
    pub start_size: *const u32,
}

// SAFETY: a descriptor is immutable static data emitted by the compiler; the
// pointers refer to read-only data and code that live for the whole program.
unsafe impl Sync for ModuleDescriptor {}
// SAFETY: as above, nothing in it is tied to a thread.
unsafe impl Send for ModuleDescriptor {}

impl ModuleDescriptor {
    /// The serialized module info.
    ///
    /// # Safety
    /// `self` must be a descriptor emitted by the wasmlite compiler.
    pub unsafe fn module_info_bytes(&self) -> &[u8] {
        if self.module_info_len == 0 {
            return &[];
        }
        // SAFETY: the compiler emits `module_info_len` readable bytes at `module_info`.
        unsafe { core::slice::from_raw_parts(self.module_info, self.module_info_len) }
    }

    /// The defined functions' entry points.
    ///
    /// # Safety
    /// `self` must be a descriptor emitted by the wasmlite compiler.
    pub unsafe fn function_pointers(&self) -> &[*const u8] {
        if self.num_defined_functions == 0 {
            return &[];
        }
        // SAFETY: the compiler emits `num_defined_functions` entries.
        unsafe { core::slice::from_raw_parts(self.functions, self.num_defined_functions as usize) }
    }

    /// The code size of each defined function, parallel to
    /// [`ModuleDescriptor::function_pointers`].
    ///
    /// # Safety
    /// `self` must be a descriptor emitted by the wasmlite compiler.
    pub unsafe fn function_sizes(&self) -> &[u32] {
        if self.num_defined_functions == 0 {
            return &[];
        }
        // SAFETY: the compiler emits `num_defined_functions` entries.
        unsafe { core::slice::from_raw_parts(self.function_sizes, self.num_defined_functions as usize) }
    }

    /// The code size of each export wrapper, parallel to
    /// [`ModuleDescriptor::export_wrappers`].
    ///
    /// # Safety
    /// `self` must be a descriptor emitted by the wasmlite compiler.
    pub unsafe fn export_sizes(&self) -> &[u32] {
        if self.num_exports == 0 {
            return &[];
        }
        // SAFETY: the compiler emits `num_exports` entries.
        unsafe { core::slice::from_raw_parts(self.export_sizes, self.num_exports as usize) }
    }

    /// The host adapter of each imported function, in import order.
    ///
    /// # Safety
    /// `self` must be a descriptor emitted by the wasmlite compiler.
    pub unsafe fn import_adapters(&self) -> &[*const u8] {
        if self.num_imported_functions == 0 {
            return &[];
        }
        // SAFETY: the compiler emits `num_imported_functions` entries.
        unsafe { core::slice::from_raw_parts(self.import_adapters, self.num_imported_functions as usize) }
    }

    /// The start wrapper and its code size.
    ///
    /// # Safety
    /// `self` must be a descriptor emitted by the wasmlite compiler.
    pub unsafe fn start_wrapper(&self) -> Option<(ArrayCallFn, u32)> {
        // SAFETY: the compiler emits one size entry when there is a wrapper.
        self.start.map(|wrapper| (wrapper, unsafe { *self.start_size }))
    }

    /// The export wrappers.
    ///
    /// # Safety
    /// `self` must be a descriptor emitted by the wasmlite compiler.
    pub unsafe fn export_wrappers(&self) -> &[Option<ArrayCallFn>] {
        if self.num_exports == 0 {
            return &[];
        }
        // SAFETY: the compiler emits `num_exports` entries.
        unsafe { core::slice::from_raw_parts(self.exports, self.num_exports as usize) }
    }
}
