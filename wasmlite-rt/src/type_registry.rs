//! Canonical function type ids.
//!
//! `call_indirect` compares a callee's `VMFuncRef::type_id` with the id the
//! caller expects, so structurally equal function types must get the same
//! id in every module. This process-wide registry hands them out; ids are
//! never reused or freed (there are only as many as distinct types).
//!
//! Types with typed references are interned in canonical form: each
//! `HeapType::Concrete(type index)` inside becomes
//! `HeapType::Concrete(canonical id)` of that type, so equal types of
//! different modules meet (without GC a type refers only to earlier
//! types, which already have ids). Every type the runtime keeps for an
//! entity (tables, globals) and every type `lookup` returns is in this
//! form.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex, PoisonError};
use wasmlite_abi::{FuncType, HeapType, RefType, ValType};

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

/// The canonical ids of a module's types, by type index.
pub(crate) fn intern_module_types(types: &[FuncType]) -> Vec<u32> {
    let mut ids = Vec::with_capacity(types.len());
    for ty in types {
        let canonical = FuncType {
            params: ty.params.iter().map(|t| canonical_val(*t, &ids)).collect(),
            results: ty.results.iter().map(|t| canonical_val(*t, &ids)).collect(),
        };
        ids.push(intern(&canonical));
    }
    ids
}

/// `ty` with its concrete heap type (a module's type index) replaced by
/// its canonical id, given the module's `ids`.
pub(crate) fn canonical_ref(ty: RefType, ids: &[u32]) -> RefType {
    match ty.heap {
        HeapType::Concrete(index) => RefType { heap: HeapType::Concrete(ids[index as usize]), ..ty },
        _ => ty,
    }
}

/// `ty` in canonical form (see [`canonical_ref`]).
pub(crate) fn canonical_val(ty: ValType, ids: &[u32]) -> ValType {
    match ty {
        ValType::Ref(r) => ValType::Ref(canonical_ref(r, ids)),
        other => other,
    }
}

/// Whether a value of canonical type `found` is always a value of
/// canonical type `expected` (reference subtyping of typed function
/// references: nullability, then bottom ≤ concrete ≤ top of a hierarchy;
/// without GC distinct concrete types are unrelated).
pub(crate) fn is_subtype(found: ValType, expected: ValType) -> bool {
    match (found, expected) {
        (ValType::Ref(found), ValType::Ref(expected)) => {
            (expected.nullable || !found.nullable)
                && (found.heap == expected.heap
                    || (found.heap.top() == expected.heap.top()
                        && (expected.heap == expected.heap.top() || found.heap == found.heap.bottom())))
        }
        (found, expected) => found == expected,
    }
}

/// Whether a function of canonical type `found` can be used where one of
/// canonical type `expected` is: parameters contravariant, results
/// covariant.
pub(crate) fn is_func_subtype(found: &FuncType, expected: &FuncType) -> bool {
    found.params.len() == expected.params.len()
        && found.results.len() == expected.results.len()
        && expected.params.iter().zip(&found.params).all(|(e, f)| is_subtype(*e, *f))
        && found.results.iter().zip(&expected.results).all(|(f, e)| is_subtype(*f, *e))
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

    #[test]
    fn typed_references_are_canonical_across_modules() {
        let unary = FuncType { params: vec![ValType::I32], results: vec![] };
        let typed = |index| FuncType {
            params: vec![ValType::Ref(RefType::non_null(HeapType::Concrete(index)))],
            results: vec![],
        };
        // `typed` names `unary` at index 0 in one module and 1 in the other.
        let a = intern_module_types(&[unary.clone(), typed(0)]);
        let b = intern_module_types(&[FuncType { params: vec![], results: vec![] }, unary, typed(1)]);
        assert_eq!(a[1], b[2]);
        assert_eq!(lookup(a[1]).unwrap(), typed(a[0]));
    }

    #[test]
    fn reference_subtyping() {
        let r = |nullable, heap| ValType::Ref(RefType { nullable, heap });
        let concrete = HeapType::Concrete(5);
        assert!(is_subtype(r(false, concrete), r(true, concrete)));
        assert!(!is_subtype(r(true, concrete), r(false, concrete)));
        assert!(is_subtype(r(false, concrete), ValType::FUNCREF));
        assert!(is_subtype(r(true, HeapType::NoFunc), r(true, concrete)));
        assert!(!is_subtype(ValType::FUNCREF, r(true, concrete)));
        assert!(!is_subtype(r(true, HeapType::Concrete(6)), r(true, concrete)));
        assert!(!is_subtype(ValType::EXTERNREF, ValType::FUNCREF));
        assert!(is_subtype(ValType::I32, ValType::I32));
    }
}
