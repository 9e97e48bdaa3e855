//! The process-wide registry of loaded modules.
//!
//! It caches one [`Module`] per descriptor address, so only the first
//! instantiation of a module parses its description, and it maps code
//! addresses to functions so a faulting instruction can be attributed to the
//! wasm function it belongs to. Modules are never unloaded: descriptors are
//! `'static`.

use crate::module::Module;
use std::collections::BTreeMap;
use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};
use wasmlite_abi::ModuleDescriptor;

struct Registry {
    /// Modules by descriptor address.
    modules: BTreeMap<usize, Arc<Module>>,
    /// Defined functions by entry address: (module, function index).
    functions: BTreeMap<usize, (Arc<Module>, u32)>,
}

static REGISTRY: RwLock<Registry> = RwLock::new(Registry {
    modules: BTreeMap::new(),
    functions: BTreeMap::new(),
});

// The registry is consistent after every statement, so a panic while holding
// the lock cannot leave it half-updated: poisoning is ignored.
fn read() -> RwLockReadGuard<'static, Registry> {
    REGISTRY.read().unwrap_or_else(PoisonError::into_inner)
}
fn write() -> RwLockWriteGuard<'static, Registry> {
    REGISTRY.write().unwrap_or_else(PoisonError::into_inner)
}

/// The module for `descriptor`, created with `load` on first use.
pub(crate) fn module_for<E>(
    descriptor: &'static ModuleDescriptor,
    load: impl FnOnce() -> Result<Module, E>,
) -> Result<Arc<Module>, E> {
    let key = descriptor as *const ModuleDescriptor as usize;
    if let Some(module) = read().modules.get(&key) {
        return Ok(module.clone());
    }
    let module = Arc::new(load()?);
    let mut registry = write();
    if let Some(existing) = registry.modules.get(&key) {
        // Another thread loaded it meanwhile; keep the first.
        return Ok(existing.clone());
    }
    let first = module.info().num_imported_functions;
    for (i, &code) in module.defined_function_pointers().iter().enumerate() {
        registry
            .functions
            .insert(code as usize, (module.clone(), first + i as u32));
    }
    // Export wrappers too: LLVM may inline a function into its wrapper, and
    // a fault there belongs to the exported function.
    // SAFETY: the descriptor was checked when the module was loaded.
    let wrappers = unsafe { descriptor.export_wrappers() };
    for (export, wrapper) in module.info().exports.iter().zip(wrappers) {
        if let (wasmlite_abi::ExportKind::Func(index), Some(wrapper)) = (export.kind, wrapper) {
            registry
                .functions
                .entry(*wrapper as usize)
                .or_insert_with(|| (module.clone(), index));
        }
    }
    registry.modules.insert(key, module.clone());
    Ok(module)
}

/// The function whose code contains `pc`: the registered function with the
/// greatest entry address not above `pc`.
pub(crate) fn function_at(pc: usize) -> Option<(Arc<Module>, u32)> {
    read()
        .functions
        .range(..=pc)
        .next_back()
        .map(|(_, (module, index))| (module.clone(), *index))
}
