//! Consistency checks between a descriptor and its module info.
//!
//! The runtime indexes its tables with the numbers these structures hold;
//! checking them once at load time turns a corrupt or mismatched object
//! into an [`crate::InstantiationError::BadModuleInfo`] instead of a panic
//! or worse later on.

use wasmlite_abi::{
    DataMode, ElementMode, ExportKind, ImportKind, ModuleDescriptor, ModuleInfo,
};

macro_rules! ensure {
    ($cond:expr, $($fmt:tt)*) => {
        if !$cond {
            return Err(format!($($fmt)*));
        }
    };
}

/// Checks that every index in `info` is in range and that `descriptor`
/// provides what `info` describes.
pub(crate) fn check(descriptor: &ModuleDescriptor, info: &ModuleInfo) -> Result<(), String> {
    check_counts(info)?;
    let types = info.types.len();
    ensure!(
        info.functions.iter().all(|&t| (t as usize) < types),
        "a function has an unknown type"
    );
    ensure!(
        descriptor.num_defined_functions == info.num_defined_functions(),
        "descriptor has {} functions, module info {}",
        descriptor.num_defined_functions,
        info.num_defined_functions()
    );
    // SAFETY: the caller checked the ABI version: the descriptor comes from the compiler.
    let code = unsafe { descriptor.function_pointers() };
    ensure!(
        code.iter().all(|p| !p.is_null()),
        "a defined function has a null entry point"
    );
    ensure!(
        descriptor.num_exports as usize == info.exports.len(),
        "descriptor has {} exports, module info {}",
        descriptor.num_exports,
        info.exports.len()
    );
    ensure!(
        descriptor.num_defined_functions == 0 || !descriptor.function_sizes.is_null(),
        "the descriptor has no function sizes"
    );
    ensure!(
        descriptor.num_exports == 0 || !descriptor.export_sizes.is_null(),
        "the descriptor has no export wrapper sizes"
    );
    ensure!(
        descriptor.num_imported_functions == info.num_imported_functions,
        "descriptor has {} host adapters, module info {} imported functions",
        descriptor.num_imported_functions,
        info.num_imported_functions
    );
    // SAFETY: as above.
    let adapters = unsafe { descriptor.import_adapters() };
    ensure!(
        adapters.iter().all(|p| !p.is_null()),
        "an imported function has a null host adapter"
    );
    ensure!(
        info.start.is_some() == descriptor.start.is_some(),
        "the descriptor's start wrapper does not match the module's start function"
    );
    ensure!(
        descriptor.start.is_none() || !descriptor.start_size.is_null(),
        "the descriptor has no start wrapper size"
    );
    // SAFETY: as above.
    let wrappers = unsafe { descriptor.export_wrappers() };
    for (export, wrapper) in info.exports.iter().zip(wrappers) {
        let (index, len) = match export.kind {
            ExportKind::Func(i) => (i, info.functions.len()),
            ExportKind::Memory(i) => (i, info.memories.len()),
            ExportKind::Table(i) => (i, info.tables.len()),
            ExportKind::Global(i) => (i, info.globals.len()),
        };
        ensure!(
            (index as usize) < len,
            "export `{}` refers to a missing entity",
            export.name
        );
        let is_func = matches!(export.kind, ExportKind::Func(_));
        ensure!(
            is_func == wrapper.is_some(),
            "export `{}` has a wrong wrapper",
            export.name
        );
    }
    if let Some(start) = info.start {
        ensure!(
            (start as usize) < info.functions.len(),
            "unknown start function {start}"
        );
    }
    for segment in &info.elements {
        if let ElementMode::Active { table, .. } = segment.mode {
            ensure!(
                (table as usize) < info.tables.len(),
                "element segment for unknown table {table}"
            );
        }
    }
    check_referenced(info)?;
    for segment in &info.data {
        if let DataMode::Active { memory, .. } = segment.mode {
            ensure!(
                (memory as usize) < info.memories.len(),
                "data segment for unknown memory {memory}"
            );
        }
    }
    Ok(())
}

/// `referenced_functions` is sorted, in range, and lists every function
/// the runtime hands out a reference to (exports, start, `ref.func` in
/// element items, table and global initializers): only their `VMFuncRef` slots
/// are filled at instantiation.
fn check_referenced(info: &ModuleInfo) -> Result<(), String> {
    let referenced = &info.referenced_functions;
    ensure!(
        referenced.windows(2).all(|w| w[0] < w[1])
            && referenced.last().is_none_or(|&i| (i as usize) < info.functions.len()),
        "the referenced functions are unsorted or out of range"
    );
    for index in info.functions_referenced_outside_code() {
        ensure!(
            info.is_referenced(index),
            "function {index} is referenced but not listed as such"
        );
    }
    Ok(())
}

/// The imports agree with the `num_imported_*` counts and the entity lists.
fn check_counts(info: &ModuleInfo) -> Result<(), String> {
    let mut counts = [0u32; 4];
    for import in &info.imports {
        let slot = match &import.kind {
            ImportKind::Func(ty) => {
                let expected = info.functions.get(counts[0] as usize);
                ensure!(
                    expected == Some(ty),
                    "import `{}` has an inconsistent type",
                    import.field
                );
                0
            }
            ImportKind::Memory(_) => 1,
            ImportKind::Table(_) => 2,
            ImportKind::Global(_) => 3,
        };
        counts[slot] += 1;
    }
    let declared = [
        info.num_imported_functions,
        info.num_imported_memories,
        info.num_imported_tables,
        info.num_imported_globals,
    ];
    ensure!(
        counts == declared,
        "import counts {counts:?} differ from the declared {declared:?}"
    );
    let totals = [
        info.functions.len(),
        info.memories.len(),
        info.tables.len(),
        info.globals.len(),
    ];
    ensure!(
        totals
            .iter()
            .zip(declared)
            .all(|(&total, imported)| total >= imported as usize),
        "fewer entities than imports"
    );
    ensure!(
        info.global_inits.len() == info.globals.len() - info.num_imported_globals as usize,
        "{} global initializers for {} defined globals",
        info.global_inits.len(),
        info.globals.len() - info.num_imported_globals as usize
    );
    ensure!(
        info.table_inits.len() == info.tables.len() - info.num_imported_tables as usize,
        "{} table initializers for {} defined tables",
        info.table_inits.len(),
        info.tables.len() - info.num_imported_tables as usize
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasmlite_abi::{FuncType, Import, ABI_VERSION};

    fn descriptor() -> ModuleDescriptor {
        ModuleDescriptor {
            abi_version: ABI_VERSION,
            num_defined_functions: 0,
            module_info: std::ptr::null(),
            module_info_len: 0,
            functions: std::ptr::null(),
            num_exports: 0,
            exports: std::ptr::null(),
            function_sizes: std::ptr::null(),
            export_sizes: std::ptr::null(),
            num_imported_functions: 0,
            import_adapters: std::ptr::null(),
            start: None,
            start_size: std::ptr::null(),
        }
    }

    #[test]
    fn an_empty_module_is_consistent() {
        assert_eq!(check(&descriptor(), &ModuleInfo::default()), Ok(()));
    }

    #[test]
    fn import_counts_must_match() {
        let info = ModuleInfo {
            types: vec![FuncType {
                params: vec![],
                results: vec![],
            }],
            imports: vec![Import {
                module: "m".into(),
                field: "f".into(),
                kind: ImportKind::Func(0),
            }],
            functions: vec![0],
            ..ModuleInfo::default()
        };
        assert!(check(&descriptor(), &info)
            .unwrap_err()
            .contains("import counts"));
    }

    #[test]
    fn function_counts_must_match_the_descriptor() {
        let info = ModuleInfo {
            types: vec![FuncType {
                params: vec![],
                results: vec![],
            }],
            functions: vec![0],
            ..ModuleInfo::default()
        };
        assert!(check(&descriptor(), &info)
            .unwrap_err()
            .contains("functions"));
    }
}
