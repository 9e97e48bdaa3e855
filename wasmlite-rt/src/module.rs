//! [`Module`]: a compiled module's description, loaded once per process.

use crate::error::InstantiationError;
use crate::{module_check, registry, type_registry};
use std::collections::HashMap;
use std::sync::Arc;
use wasmlite_abi::{
    ArrayCallFn, FuncType, GlobalType, ModuleDescriptor, ModuleInfo, TableType, VMOffsets, ValType, ABI_VERSION,
};

/// A compiled module, ready to be instantiated any number of times.
///
/// Obtained from the [`ModuleDescriptor`] a compiled object exports, usually
/// by the bindings `include_wasm!` generates. Loading parses the embedded
/// [`ModuleInfo`] once per process; later calls for the same descriptor
/// return the cached module.
pub struct Module {
    descriptor: &'static ModuleDescriptor,
    info: ModuleInfo,
    offsets: VMOffsets,
    /// Canonical id of every type, by type index.
    type_ids: Vec<u32>,
    /// Export index by export name.
    exports_by_name: HashMap<String, u32>,
}

impl Module {
    /// The module a compiled object describes, loading it on first use.
    /// The ABI version is checked, and the module information is parsed
    /// and checked against the descriptor's counts; the code cannot be.
    ///
    /// # Safety
    /// `descriptor` must be one the wasmlite compiler emitted (or that
    /// follows the same contract, `wasmlite_abi::ModuleDescriptor`): its
    /// pointers and lengths describe valid `'static` data, each function
    /// pointer is compiled code with the signature its module information
    /// declares in the native calling convention, and each export wrapper
    /// follows the array convention for its export
    /// (`wasmlite_abi::calling_convention`), and the function and export
    /// size tables give each one's exact code size (the fault handler treats
    /// those ranges as wasm code). The runtime calls that code
    /// trusting this. The bindings of `include_wasm!` meet it by linking to
    /// the object compiled from the same bytes.
    pub unsafe fn from_descriptor(
        descriptor: &'static ModuleDescriptor,
    ) -> Result<Arc<Module>, InstantiationError> {
        registry::module_for(descriptor, || Module::load(descriptor))
    }

    fn load(descriptor: &'static ModuleDescriptor) -> Result<Module, InstantiationError> {
        if descriptor.abi_version != ABI_VERSION {
            return Err(InstantiationError::AbiMismatch {
                expected: ABI_VERSION,
                found: descriptor.abi_version,
            });
        }
        // SAFETY: the caller of `from_descriptor` guarantees the
        // descriptor's pointers and lengths are valid.
        let bytes = unsafe { descriptor.module_info_bytes() };
        let info = ModuleInfo::from_bytes(bytes)
            .map_err(|e| InstantiationError::BadModuleInfo(e.to_string()))?;
        module_check::check(descriptor, &info).map_err(InstantiationError::BadModuleInfo)?;
        let exports_by_name = info
            .exports
            .iter()
            .enumerate()
            .map(|(i, e)| (e.name.clone(), i as u32))
            .collect();
        Ok(Module {
            descriptor,
            offsets: info.offsets(),
            type_ids: type_registry::intern_module_types(&info.types),
            exports_by_name,
            info,
        })
    }

    /// Everything about the module except its code.
    pub fn info(&self) -> &ModuleInfo {
        &self.info
    }

    /// The descriptor this module was loaded from.
    pub fn descriptor(&self) -> &'static ModuleDescriptor {
        self.descriptor
    }

    /// The index of the export called `name`.
    pub fn export_index(&self, name: &str) -> Option<u32> {
        self.exports_by_name.get(name).copied()
    }

    /// The type of function `index` (imported functions first).
    pub fn func_type(&self, index: u32) -> &FuncType {
        self.info.func_type(index)
    }

    /// The `VMContext` layout of this module's instances.
    pub(crate) fn offsets(&self) -> &VMOffsets {
        &self.offsets
    }

    /// The canonical id of every type, by type index.
    pub(crate) fn type_ids(&self) -> &[u32] {
        &self.type_ids
    }

    /// The canonical id of type `type_index`.
    pub(crate) fn type_id(&self, type_index: u32) -> u32 {
        self.type_ids[type_index as usize]
    }

    /// `ty`, one of this module's value types, in canonical form (see
    /// `type_registry`).
    pub(crate) fn canonical_val(&self, ty: ValType) -> ValType {
        type_registry::canonical_val(ty, &self.type_ids)
    }

    /// The canonical type of table `index`.
    pub(crate) fn table_type(&self, index: u32) -> TableType {
        let ty = self.info.tables[index as usize];
        TableType { element: type_registry::canonical_ref(ty.element, &self.type_ids), ..ty }
    }

    /// The canonical type of global `index`.
    pub(crate) fn global_type(&self, index: u32) -> GlobalType {
        let ty = self.info.globals[index as usize];
        GlobalType { content: self.canonical_val(ty.content), ..ty }
    }

    /// The canonical type id of function `index`.
    pub(crate) fn func_type_id(&self, index: u32) -> u32 {
        self.type_id(self.info.functions[index as usize])
    }

    /// Entry points of the defined functions, in index order.
    pub(crate) fn defined_function_pointers(&self) -> &'static [*const u8] {
        // SAFETY: a valid descriptor (`from_descriptor`'s contract).
        unsafe { self.descriptor.function_pointers() }
    }

    /// Code sizes of the defined functions, parallel to
    /// [`Module::defined_function_pointers`].
    pub(crate) fn defined_function_sizes(&self) -> &'static [u32] {
        // SAFETY: checked at load time to be a compiler-emitted descriptor.
        unsafe { self.descriptor.function_sizes() }
    }

    /// Every export's wrapper entry point (if it is a function) and code size.
    pub(crate) fn export_wrappers_with_sizes(&self) -> impl Iterator<Item = (Option<usize>, u32)> {
        // SAFETY: checked at load time to be a compiler-emitted descriptor.
        let (wrappers, sizes) = unsafe { (self.descriptor.export_wrappers(), self.descriptor.export_sizes()) };
        wrappers
            .iter()
            .map(|w| w.map(|f| f as usize))
            .zip(sizes.iter().copied())
    }

    /// The start function's wrapper (the only way the runtime runs it) and
    /// its code size.
    pub(crate) fn start_wrapper(&self) -> Option<(ArrayCallFn, u32)> {
        // SAFETY: checked at load time to be a compiler-emitted descriptor.
        unsafe { self.descriptor.start_wrapper() }
    }

    /// The host adapter of imported function `index`: the `VMFuncRef::code`
    /// of the import when a host function satisfies it.
    pub(crate) fn import_adapter(&self, index: u32) -> *const u8 {
        // SAFETY: checked at load time: one adapter per imported function.
        unsafe { self.descriptor.import_adapters()[index as usize] }
    }

    /// The array-call wrapper of export `index`, if it is a function.
    pub(crate) fn export_wrapper(&self, index: u32) -> Option<ArrayCallFn> {
        // SAFETY: a valid descriptor (`from_descriptor`'s contract).
        let wrappers = unsafe { self.descriptor.export_wrappers() };
        wrappers.get(index as usize).copied().flatten()
    }

    /// A readable name for function `index` (see
    /// [`ModuleInfo::display_function_name`]).
    pub(crate) fn display_function_name(&self, index: u32) -> String {
        self.info.display_function_name(index)
    }
}

impl std::fmt::Debug for Module {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Module")
            .field("name", &self.info.name)
            .field("descriptor", &(self.descriptor as *const ModuleDescriptor))
            .finish_non_exhaustive()
    }
}
