//! Checking the given imports against a module's declarations.
//!
//! Matching follows the specification: functions must have the declared
//! type; a memory or table must currently be at least the declared minimum
//! and, if a maximum is declared, have a maximum no larger; globals must
//! have the same value type and mutability.

use crate::domain::Domain;
use crate::error::{ImportMismatchReason, InstantiationError};
use crate::externs::Extern;
use crate::global::GlobalCell;
use crate::group::Group;
use crate::host_func::HostFunc;
use crate::memory::MemoryCell;
use crate::module::Module;
use crate::table::TableCell;
use crate::type_registry;
use crate::vmctx::header_field;
use std::sync::Arc;
use wasmlite_abi::{GlobalType, ImportKind, MemoryType, TableType, VMFuncRef, VMLimits, VMOffsets};

/// An imported function, as its `VMFuncRef` slot will be filled.
pub(crate) enum ImportedFunc {
    /// A host function: called with a context naming the importing
    /// instance (`host_func.rs`).
    Host(HostFunc),
    /// A function of an instance: its `VMFuncRef` is copied.
    Wasm(VMFuncRef),
}

/// The imports, checked and sorted by kind (each in import order).
#[derive(Default)]
pub(crate) struct ResolvedImports {
    pub(crate) funcs: Vec<ImportedFunc>,
    pub(crate) memories: Vec<Arc<MemoryCell>>,
    pub(crate) tables: Vec<Arc<TableCell>>,
    pub(crate) globals: Vec<Arc<GlobalCell>>,
    /// Groups the new instance links with (see `group.rs`).
    pub(crate) groups: Vec<Arc<Group>>,
    /// Exclusion domains of imported memories and globals, which the new
    /// instance shares without linking (see `domain.rs`).
    pub(crate) domains: Vec<Arc<Domain>>,
    /// The limits of the first instance a function is imported from, which
    /// the new instance shares: then entering either sets the stack limit
    /// both use.
    pub(crate) shared_limits: Option<*mut VMLimits>,
}

/// Checks `imports` against `module`'s import declarations.
pub(crate) fn resolve(
    module: &Module,
    imports: &[Extern],
) -> Result<ResolvedImports, InstantiationError> {
    let declared = &module.info().imports;
    if imports.len() != declared.len() {
        return Err(InstantiationError::ImportCount {
            expected: declared.len(),
            given: imports.len(),
        });
    }
    let mut resolved = ResolvedImports::default();
    for (index, (import, given)) in declared.iter().zip(imports).enumerate() {
        resolved
            .add(module, &import.kind, given)
            .map_err(|reason| InstantiationError::ImportMismatch {
                index: index as u32,
                module: import.module.clone(),
                field: import.field.clone(),
                reason: Box::new(reason),
            })?;
    }
    Ok(resolved)
}

impl ResolvedImports {
    fn add(
        &mut self,
        module: &Module,
        kind: &ImportKind,
        given: &Extern,
    ) -> Result<(), ImportMismatchReason> {
        match (kind, given) {
            (ImportKind::Func(ty), Extern::HostFunc(func)) => {
                let expected = type_registry::lookup(module.type_id(*ty)).expect("module types are registered");
                // The host function must accept every argument the import
                // passes and return only what the import promises.
                if !type_registry::is_func_subtype(func.ty(), &expected) {
                    return Err(ImportMismatchReason::FuncType {
                        expected,
                        found: Some(func.ty().clone()),
                    });
                }
                self.funcs.push(ImportedFunc::Host(func.clone()))
            }
            (ImportKind::Func(ty), Extern::Func(func)) => {
                if func.type_id() != module.type_id(*ty) {
                    let expected = module.info().types[*ty as usize].clone();
                    return Err(ImportMismatchReason::FuncType {
                        expected,
                        found: Some(func.ty()),
                    });
                }
                // SAFETY: the FuncRef's group keeps the VMFuncRef alive.
                let funcref = unsafe { *func.as_ptr() };
                // SAFETY: a VMFuncRef's vmctx is a live instance's VMContext,
                // or a host function's context, which starts with a copy
                // of its importer's header (`host_func.rs`).
                let limits = unsafe { header_field(funcref.vmctx, VMOffsets::LIMITS) };
                self.shared_limits.get_or_insert(limits.cast());
                self.groups.push(func.group().clone());
                self.funcs.push(ImportedFunc::Wasm(funcref));
            }
            (ImportKind::Memory(expected), Extern::Memory(memory)) => {
                check_memory(expected, &memory.ty())?;
                self.memories.push(memory.cell().clone());
                self.domains.push(memory.domain().clone());
            }
            (ImportKind::Table(expected), Extern::Table(table)) => {
                let expected = TableType {
                    element: type_registry::canonical_ref(expected.element, module.type_ids()),
                    ..*expected
                };
                check_table(&expected, &table.ty())?;
                self.tables.push(table.cell().clone());
                self.groups.push(table.group().clone());
            }
            (ImportKind::Global(expected), Extern::Global(global)) => {
                let expected = GlobalType { content: module.canonical_val(expected.content), ..*expected };
                let found = global.ty();
                // An immutable global may hold a subtype; a mutable one is
                // read and written, so its type must be the same.
                let matches = expected.mutable == found.mutable
                    && if found.mutable {
                        found.content == expected.content
                    } else {
                        type_registry::is_subtype(found.content, expected.content)
                    };
                if !matches {
                    return Err(ImportMismatchReason::GlobalType { expected, found });
                }
                self.globals.push(global.cell().clone());
                if expected.content.as_ref().is_some_and(|r| r.is_func()) {
                    self.groups.push(global.group().clone());
                } else {
                    self.domains.push(global.group().domain().clone());
                }
            }
            (kind, given) => {
                return Err(ImportMismatchReason::Kind {
                    expected: kind_name(kind),
                    found: given.kind_name(),
                })
            }
        }
        Ok(())
    }
}

pub(crate) fn kind_name(kind: &ImportKind) -> &'static str {
    match kind {
        ImportKind::Func(_) => "function",
        ImportKind::Memory(_) => "memory",
        ImportKind::Table(_) => "table",
        ImportKind::Global(_) => "global",
    }
}

fn check_memory(expected: &MemoryType, found: &MemoryType) -> Result<(), ImportMismatchReason> {
    check_index_type("memory", expected.memory64, found.memory64)?;
    if expected.shared != found.shared {
        return Err(ImportMismatchReason::MemoryFlags);
    }
    check_limits(
        (expected.minimum, expected.maximum),
        (found.minimum, found.maximum),
    )
}

fn check_table(expected: &TableType, found: &TableType) -> Result<(), ImportMismatchReason> {
    check_index_type("table", expected.table64, found.table64)?;
    if expected.element != found.element {
        return Err(ImportMismatchReason::TableElement {
            expected: expected.element,
            found: found.element,
        });
    }
    check_limits(
        (expected.minimum, expected.maximum),
        (found.minimum, found.maximum),
    )
}

/// A memory's or table's index type must be the declared one.
fn check_index_type(entity: &'static str, expected: bool, found: bool) -> Result<(), ImportMismatchReason> {
    let width = |is64| if is64 { 64 } else { 32 };
    if expected == found {
        return Ok(());
    }
    Err(ImportMismatchReason::IndexType {
        entity,
        expected: width(expected),
        found: width(found),
    })
}

/// Limits subtyping: `found` must lie within `expected`.
fn check_limits(
    expected: (u64, Option<u64>),
    found: (u64, Option<u64>),
) -> Result<(), ImportMismatchReason> {
    let max_fits = match (expected.1, found.1) {
        (None, _) => true,
        (Some(expected_max), Some(found_max)) => found_max <= expected_max,
        (Some(_), None) => false,
    };
    if found.0 >= expected.0 && max_fits {
        return Ok(());
    }
    Err(ImportMismatchReason::Limits {
        expected_min: expected.0,
        expected_max: expected.1,
        found_min: found.0,
        found_max: found.1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_follow_subtyping() {
        assert!(check_limits((1, None), (2, None)).is_ok());
        assert!(check_limits((1, None), (1, Some(1))).is_ok());
        assert!(check_limits((1, Some(4)), (2, Some(3))).is_ok());
        assert!(check_limits((2, None), (1, None)).is_err());
        assert!(check_limits((1, Some(4)), (1, None)).is_err());
        assert!(check_limits((1, Some(4)), (1, Some(5))).is_err());
    }

    #[test]
    fn index_types_must_match_and_the_error_names_them() {
        assert!(check_index_type("memory", true, true).is_ok());
        let error = check_index_type("memory", false, true).unwrap_err();
        assert_eq!(
            error.to_string(),
            "expected a memory with 32-bit addresses, got one with 64-bit addresses"
        );
        let memory = |memory64| MemoryType { minimum: 1, maximum: None, memory64, shared: false };
        assert!(matches!(
            check_memory(&memory(true), &memory(false)),
            Err(ImportMismatchReason::IndexType { entity: "memory", expected: 64, found: 32 })
        ));
        let table = |table64| TableType {
            element: wasmlite_abi::RefType::FUNCREF,
            minimum: 1,
            maximum: None,
            table64,
        };
        assert!(matches!(
            check_table(&table(false), &table(true)),
            Err(ImportMismatchReason::IndexType { entity: "table", expected: 32, found: 64 })
        ));
    }
}
