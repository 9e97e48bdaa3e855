//! Canonical function type ids.
//!
//! `call_indirect` compares a callee's `VMFuncRef::type_id` with the id the
//! caller expects, so structurally equal function types must get the same
//! id in every module. This process-wide registry hands them out; ids are
//! never reused or freed (there are only as many as distinct types).

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, PoisonError};
use wasmlite_abi::FuncType;

#[derive(Default)]
struct Registry {
    ids: HashMap<FuncType, u32>,
    types: Vec<FuncType>,
}

static REGISTRY: LazyLock<Mutex<Registry>> = LazyLock::new(Mutex::default);

fn registry() -> std::sync::MutexGuard<'static, Registry> {
    // The registry is consistent after every statement, so a panic while
    // holding the lock cannot leave it half-updated.
    REGISTRY.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The canonical id of `ty`, assigning a new one on first sight.
pub(crate) fn intern(ty: &FuncType) -> u32 {
    let mut registry = registry();
    if let Some(&id) = registry.ids.get(ty) {
        return id;
    }
    let id = u32::try_from(registry.types.len()).expect("more than 2^32 distinct function types");
    registry.types.push(ty.clone());
    registry.ids.insert(ty.clone(), id);
    id
}

/// The function type with canonical id `id`.
pub(crate) fn lookup(id: u32) -> Option<FuncType> {
    registry().types.get(id as usize).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasmlite_abi::ValType;

    #[test]
    fn equal_types_share_an_id_and_different_types_do_not() {
        let a = FuncType {
            params: vec![ValType::I32, ValType::F64],
            results: vec![ValType::I64],
        };
        let b = a.clone();
        let c = FuncType {
            params: vec![ValType::I32],
            results: vec![ValType::I64],
        };
        assert_eq!(intern(&a), intern(&b));
        assert_ne!(intern(&a), intern(&c));
        assert_eq!(lookup(intern(&c)), Some(c));
    }
}
