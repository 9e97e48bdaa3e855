//! The process-wide registry of loaded modules.
//!
//! It caches one [`Module`] per descriptor address, so only the first
//! instantiation of a module parses its description, and publishes each new
//! module's code ranges (`code_map.rs`), so a faulting instruction can be
//! recognised as wasm code and attributed to its function. Modules are never
//! unloaded: descriptors are `'static`.

use crate::code_map;
use crate::module::Module;
use std::collections::BTreeMap;
use std::sync::{Arc, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};
use wasmlite_abi::ModuleDescriptor;

struct Registry {
    /// Modules by descriptor address.
    modules: BTreeMap<usize, Arc<Module>>,
}

static REGISTRY: RwLock<Registry> = RwLock::new(Registry {
    modules: BTreeMap::new(),
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
    code_map::publish(&module);
    registry.modules.insert(key, module.clone());
    Ok(module)
}
