//! Where every loaded module's machine code is: the functions and export
//! wrappers, each from its entry point to its end.
//!
//! Two readers need it: the fault handler, to accept a fault only at an
//! instruction of wasm code ([`is_wasm_code`], async-signal-safe), and
//! [`function_at`], to name the function a fault trapped in. A module's
//! ranges are published once, when it is first loaded (`registry.rs`), and
//! stay for the rest of the process, like the module.

use crate::module::Module;
use crate::published::Published;
use std::sync::Arc;

/// One function's (or export wrapper's) code: `[start, end)`.
#[derive(Clone, Copy, Debug)]
struct CodeRange {
    start: usize,
    end: usize,
    /// The function index the code belongs to (for a wrapper, the index of
    /// the exported function: LLVM may inline it into the wrapper).
    func_index: u32,
}

/// One module's code: its ranges sorted by start, and their hull.
struct ModuleCode {
    start: usize,
    end: usize,
    ranges: Box<[CodeRange]>,
    module: Arc<Module>,
}

static CODE: Published<ModuleCode> = Published::new();

/// Publishes `module`'s code. Call once per module.
pub(crate) fn publish(module: &Arc<Module>) {
    let info = module.info();
    let first = info.num_imported_functions;
    let functions = module
        .defined_function_pointers()
        .iter()
        .zip(module.defined_function_sizes())
        .enumerate()
        .map(|(i, (&code, &size))| (code as usize, size, first + i as u32));
    let wrappers = info
        .exports
        .iter()
        .zip(module.export_wrappers_with_sizes())
        .filter_map(|(export, (wrapper, size))| match (export.kind, wrapper) {
            (wasmlite_abi::ExportKind::Func(index), Some(code)) => Some((code, size, index)),
            _ => None,
        });
    let start = info
        .start
        .zip(module.start_wrapper())
        .map(|(index, (wrapper, size))| (wrapper as usize, size, index));
    let mut ranges: Vec<CodeRange> = functions
        .chain(wrappers)
        .chain(start)
        .filter(|&(_, size, _)| size != 0)
        .map(|(start, size, func_index)| CodeRange {
            start,
            end: start + size as usize,
            func_index,
        })
        .collect();
    ranges.sort_by_key(|r| r.start);
    // The same code registered twice (a function exported under two names
    // shares nothing, but hand-built modules may): keep the first.
    ranges.dedup_by_key(|r| r.start);
    let (Some(first), Some(end)) = (ranges.first(), ranges.iter().map(|r| r.end).max()) else {
        return;
    };
    CODE.push(ModuleCode {
        start: first.start,
        end,
        ranges: ranges.into_boxed_slice(),
        module: module.clone(),
    });
}

/// The module and range whose code contains `pc`.
fn lookup(pc: usize) -> Option<(&'static ModuleCode, &'static CodeRange)> {
    CODE.iter()
        .filter(|code| (code.start..code.end).contains(&pc))
        .find_map(|code| {
            let after = code.ranges.partition_point(|r| r.start <= pc);
            let range = code.ranges[..after].last()?;
            (pc < range.end).then_some((code, range))
        })
}

/// Whether `pc` is an instruction of a loaded module's functions or export
/// wrappers. Async-signal-safe: no lock, no allocation.
pub(crate) fn is_wasm_code(pc: usize) -> bool {
    lookup(pc).is_some()
}

/// The function whose code contains `pc`: its module and index.
pub(crate) fn function_at(pc: usize) -> Option<(Arc<Module>, u32)> {
    lookup(pc).map(|(code, range)| (code.module.clone(), range.func_index))
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasmlite_abi::{FuncType, ModuleDescriptor, ModuleInfo, ABI_VERSION};

    /// Stands for a module's code: never executed, only its addresses used.
    static CODE: [u8; 64] = [0xcc; 64];

    /// A module of two functions at `CODE[0..16]` and `CODE[16..40]`.
    fn module() -> Arc<Module> {
        let info = ModuleInfo {
            types: vec![FuncType { params: vec![], results: vec![] }],
            functions: vec![0, 0],
            ..ModuleInfo::default()
        };
        let bytes: &'static [u8] = Box::leak(info.to_bytes().into_boxed_slice());
        let functions: &'static [*const u8] = Box::leak(Box::new([CODE.as_ptr(), CODE[16..].as_ptr()]));
        let sizes: &'static [u32] = Box::leak(Box::new([16, 24]));
        let descriptor = Box::leak(Box::new(ModuleDescriptor {
            abi_version: ABI_VERSION,
            num_defined_functions: 2,
            module_info: bytes.as_ptr(),
            module_info_len: bytes.len(),
            functions: functions.as_ptr(),
            num_exports: 0,
            exports: std::ptr::null(),
            function_sizes: sizes.as_ptr(),
            export_sizes: std::ptr::null(),
            num_imported_functions: 0,
            import_adapters: std::ptr::null(),
            start: None,
            start_size: std::ptr::null(),
        }));
        // SAFETY: the pointers and lengths describe the leaked data above;
        // the functions are never called (the test only maps addresses).
        unsafe { Module::from_descriptor(descriptor) }.unwrap()
    }

    #[test]
    fn code_ends_where_the_last_function_ends() {
        let module = module();
        let start = CODE.as_ptr() as usize;
        let index_at = |pc: usize| function_at(pc).map(|(m, index)| (Arc::ptr_eq(&m, &module), index));
        assert_eq!(index_at(start), Some((true, 0)));
        assert_eq!(index_at(start + 15), Some((true, 0)));
        assert_eq!(index_at(start + 16), Some((true, 1)));
        assert_eq!(index_at(start + 39), Some((true, 1)));
        assert_eq!(index_at(start + 40), None, "just past the last function");
        assert!(!is_wasm_code(start + 40));
        assert!(!is_wasm_code(libc::getpid as *const () as usize), "libc is not wasm code");
        assert!(is_wasm_code(start + 20));
    }
}
