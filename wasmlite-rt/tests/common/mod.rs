//! Hand-built modules for testing the runtime without the compiler.
//!
//! A "compiled" module here is a leaked [`ModuleDescriptor`] whose
//! functions are Rust `extern "C"` functions following the wasmlite calling
//! convention, and whose module info is serialized from a [`ModuleInfo`]
//! built in the test. The helpers below read the `VMContext` the way
//! compiled code does, through [`VMOffsets`].
#![allow(dead_code)]

pub mod calc;
pub mod chain;
pub mod child;
pub mod code_size;
pub mod importer;

use std::sync::Arc;
use wasmlite_abi::{
    ArrayCallFn, ConstExpr, ConstOp, Export, ExportKind, FuncType, GlobalType, Import, ImportKind,
    MemoryType, ModuleDescriptor, ModuleInfo, TableType, VMContext, VMFuncRef, VMGlobal,
    VMHostContext, VMLibcalls, VMLimits, VMMemory, VMOffsets, VMTable, ValType, ABI_VERSION,
};
use wasmlite_rt::Module;

/// Leaks a descriptor for `info` with these function entry points, export
/// wrappers, host adapters and start wrapper.
pub fn descriptor(
    info: &ModuleInfo,
    functions: Vec<*const u8>,
    wrappers: Vec<Option<ArrayCallFn>>,
    adapters: Vec<*const u8>,
    start: Option<ArrayCallFn>,
) -> &'static ModuleDescriptor {
    let bytes: &'static [u8] = Box::leak(info.to_bytes().into_boxed_slice());
    let num_defined_functions = functions.len() as u32;
    let num_exports = wrappers.len() as u32;
    let function_sizes: Vec<u32> = functions.iter().map(|&f| code_size::of(f)).collect();
    let export_sizes: Vec<u32> = wrappers
        .iter()
        .map(|w| w.map_or(0, |w| code_size::of(w as *const u8)))
        .collect();
    let functions: &'static [*const u8] = Box::leak(functions.into_boxed_slice());
    let wrappers: &'static [Option<ArrayCallFn>] = Box::leak(wrappers.into_boxed_slice());
    let function_sizes: &'static [u32] = Box::leak(function_sizes.into_boxed_slice());
    let export_sizes: &'static [u32] = Box::leak(export_sizes.into_boxed_slice());
    let num_imported_functions = adapters.len() as u32;
    let adapters: &'static [*const u8] = Box::leak(adapters.into_boxed_slice());
    let start_size: &'static u32 = Box::leak(Box::new(start.map_or(0, |w| code_size::of(w as *const u8))));
    Box::leak(Box::new(ModuleDescriptor {
        abi_version: ABI_VERSION,
        num_defined_functions,
        module_info: bytes.as_ptr(),
        module_info_len: bytes.len(),
        functions: functions.as_ptr(),
        num_exports,
        exports: wrappers.as_ptr(),
        function_sizes: function_sizes.as_ptr(),
        export_sizes: export_sizes.as_ptr(),
        num_imported_functions,
        import_adapters: adapters.as_ptr(),
        start,
        start_size,
    }))
}

// ---- Host adapters, as compiled code has them ----
//
// These hand-built modules' "compiled code" is Rust, so their wasm
// convention is the C one; an adapter still reaches the host function the
// way compiled adapters do, through the context's `VMHostContext`.

/// The host function an adapter calls.
///
/// # Safety
/// `ctx` is the `vmctx` of a host function's `VMFuncRef`: the runtime's
/// context for the import, which starts with a `VMHostContext`.
unsafe fn host_code(ctx: *mut VMContext) -> *const u8 {
    // SAFETY: the caller's contract: `ctx` starts with a `VMHostContext`.
    unsafe { (*ctx.cast::<VMHostContext>()).host_code }
}

unsafe extern "C" fn adapter_i32_to_i32(ctx: *mut VMContext, x: i32) -> i32 {
    // SAFETY: the runtime calls this adapter only through the `VMFuncRef`
    // of an import of this type satisfied by a host function, whose context
    // holds that function's entry point, of this signature.
    let code: unsafe extern "C" fn(*mut VMContext, i32) -> i32 = unsafe { std::mem::transmute(host_code(ctx)) };
    // SAFETY: as above; `ctx` is the context the host function expects.
    unsafe { code(ctx, x) }
}

unsafe extern "C" fn adapter_to_i32(ctx: *mut VMContext) -> i32 {
    // SAFETY: the runtime calls this adapter only through the `VMFuncRef`
    // of an import of this type satisfied by a host function, whose context
    // holds that function's entry point, of this signature.
    let code: unsafe extern "C" fn(*mut VMContext) -> i32 = unsafe { std::mem::transmute(host_code(ctx)) };
    // SAFETY: as above; `ctx` is the context the host function expects.
    unsafe { code(ctx) }
}

unsafe extern "C" fn adapter_void(ctx: *mut VMContext) {
    // SAFETY: the runtime calls this adapter only through the `VMFuncRef`
    // of an import of this type satisfied by a host function, whose context
    // holds that function's entry point, of this signature.
    let code: unsafe extern "C" fn(*mut VMContext) = unsafe { std::mem::transmute(host_code(ctx)) };
    // SAFETY: as above; `ctx` is the context the host function expects.
    unsafe { code(ctx) }
}

/// The host adapter of an imported function type.
fn host_adapter(params: &[ValType], results: &[ValType]) -> *const u8 {
    match (params, results) {
        ([ValType::I32], [ValType::I32]) => adapter_i32_to_i32 as *const u8,
        ([], [ValType::I32]) => adapter_to_i32 as *const u8,
        ([], []) => adapter_void as *const u8,
        _ => panic!("no test host adapter for {params:?} -> {results:?}"),
    }
}

/// Builds a [`ModuleInfo`] and its descriptor incrementally.
#[derive(Default)]
pub struct ModuleBuilder {
    pub info: ModuleInfo,
    functions: Vec<*const u8>,
    wrappers: Vec<Option<ArrayCallFn>>,
    adapters: Vec<*const u8>,
    start: Option<ArrayCallFn>,
}

impl ModuleBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    fn type_index(&mut self, params: &[ValType], results: &[ValType]) -> u32 {
        let ty = FuncType {
            params: params.to_vec(),
            results: results.to_vec(),
        };
        match self.info.types.iter().position(|t| *t == ty) {
            Some(i) => i as u32,
            None => {
                self.info.types.push(ty);
                self.info.types.len() as u32 - 1
            }
        }
    }

    /// Imports a function; must come before any defined function.
    pub fn import_func(
        &mut self,
        module: &str,
        field: &str,
        params: &[ValType],
        results: &[ValType],
    ) -> u32 {
        assert!(self.functions.is_empty(), "imports come first");
        let ty = self.type_index(params, results);
        self.info.imports.push(Import {
            module: module.into(),
            field: field.into(),
            kind: ImportKind::Func(ty),
        });
        self.info.functions.push(ty);
        self.info.num_imported_functions += 1;
        self.adapters.push(host_adapter(params, results));
        self.info.functions.len() as u32 - 1
    }

    pub fn import_memory(&mut self, module: &str, field: &str, ty: MemoryType) -> u32 {
        self.info.imports.push(Import {
            module: module.into(),
            field: field.into(),
            kind: ImportKind::Memory(ty),
        });
        self.info.memories.push(ty);
        self.info.num_imported_memories += 1;
        self.info.memories.len() as u32 - 1
    }

    pub fn import_table(&mut self, module: &str, field: &str, ty: TableType) -> u32 {
        self.info.imports.push(Import {
            module: module.into(),
            field: field.into(),
            kind: ImportKind::Table(ty),
        });
        self.info.tables.push(ty);
        self.info.num_imported_tables += 1;
        self.info.tables.len() as u32 - 1
    }

    pub fn import_global(&mut self, module: &str, field: &str, ty: GlobalType) -> u32 {
        self.info.imports.push(Import {
            module: module.into(),
            field: field.into(),
            kind: ImportKind::Global(ty),
        });
        self.info.globals.push(ty);
        self.info.num_imported_globals += 1;
        self.info.globals.len() as u32 - 1
    }

    /// Defines a function with entry point `code`.
    pub fn func(&mut self, code: *const u8, params: &[ValType], results: &[ValType]) -> u32 {
        let ty = self.type_index(params, results);
        self.info.functions.push(ty);
        self.functions.push(code);
        self.info.functions.len() as u32 - 1
    }

    /// Defines a function and exports it as `name` with `wrapper`.
    pub fn export_func(
        &mut self,
        name: &str,
        code: *const u8,
        wrapper: ArrayCallFn,
        params: &[ValType],
        results: &[ValType],
    ) -> u32 {
        let index = self.func(code, params, results);
        self.export_existing_func(name, index, wrapper);
        index
    }

    pub fn export_existing_func(&mut self, name: &str, index: u32, wrapper: ArrayCallFn) {
        self.info.exports.push(Export {
            name: name.into(),
            kind: ExportKind::Func(index),
        });
        self.wrappers.push(Some(wrapper));
    }

    pub fn export(&mut self, name: &str, kind: ExportKind) {
        assert!(!matches!(kind, ExportKind::Func(_)), "use export_func");
        self.info.exports.push(Export {
            name: name.into(),
            kind,
        });
        self.wrappers.push(None);
    }

    /// Makes function `index` the start function, run through `wrapper`.
    pub fn start(&mut self, index: u32, wrapper: ArrayCallFn) {
        self.info.start = Some(index);
        self.start = Some(wrapper);
    }

    pub fn name(&mut self, index: u32, name: &str) {
        self.info.function_names.push((index, name.into()));
        self.info.function_names.sort();
    }

    pub fn memory(&mut self, minimum: u64, maximum: Option<u64>) -> u32 {
        self.info.memories.push(memory_type(minimum, maximum));
        self.info.memories.len() as u32 - 1
    }

    pub fn table(&mut self, ty: TableType) -> u32 {
        self.info.tables.push(ty);
        self.info.table_inits.push(None);
        self.info.tables.len() as u32 - 1
    }

    pub fn global(&mut self, ty: GlobalType, init: Vec<ConstOp>) -> u32 {
        self.info.globals.push(ty);
        self.info.global_inits.push(ConstExpr(init));
        self.info.globals.len() as u32 - 1
    }

    /// The module info as the compiler would emit it.
    pub fn finished_info(&self) -> ModuleInfo {
        let mut info = self.info.clone();
        // What the compiler lists, for modules without `ref.func` in bodies.
        info.referenced_functions = info.functions_referenced_outside_code().collect();
        info.referenced_functions.sort_unstable();
        info.referenced_functions.dedup();
        info
    }

    pub fn offsets(&self) -> VMOffsets {
        self.finished_info().offsets()
    }

    pub fn descriptor(&self) -> &'static ModuleDescriptor {
        descriptor(
            &self.finished_info(),
            self.functions.clone(),
            self.wrappers.clone(),
            self.adapters.clone(),
            self.start,
        )
    }

    pub fn build(&self) -> Arc<Module> {
        // SAFETY: the functions and wrappers given to the builder follow
        // the calling conventions for the types declared with them.
        unsafe { Module::from_descriptor(self.descriptor()) }.expect("hand-built module loads")
    }
}

pub fn memory_type(minimum: u64, maximum: Option<u64>) -> MemoryType {
    MemoryType {
        minimum,
        maximum,
        memory64: false,
        shared: false,
    }
}

pub fn i32_const(v: i32) -> ConstExpr {
    ConstExpr(vec![ConstOp::I32Const(v)])
}

// ---- What compiled code does with its VMContext ----

unsafe fn slot<T>(vmctx: *mut VMContext, offset: u32) -> *mut T {
    vmctx.cast::<u8>().add(offset as usize).cast()
}

/// The libcall table.
pub unsafe fn libcalls(vmctx: *mut VMContext) -> &'static VMLibcalls {
    &**slot::<*const VMLibcalls>(vmctx, VMOffsets::LIBCALLS)
}

/// The limits.
pub unsafe fn limits(vmctx: *mut VMContext) -> *mut VMLimits {
    *slot::<*mut VMLimits>(vmctx, VMOffsets::LIMITS)
}

/// Memory `index`.
pub unsafe fn memory(vmctx: *mut VMContext, offsets: &VMOffsets, index: u32) -> *mut VMMemory {
    *slot::<*mut VMMemory>(vmctx, offsets.memory(index))
}

/// Table `index`.
pub unsafe fn table(vmctx: *mut VMContext, offsets: &VMOffsets, index: u32) -> *mut VMTable {
    *slot::<*mut VMTable>(vmctx, offsets.table(index))
}

/// Global `index`.
pub unsafe fn global(vmctx: *mut VMContext, offsets: &VMOffsets, index: u32) -> *mut VMGlobal {
    *slot::<*mut VMGlobal>(vmctx, offsets.global(index))
}

/// `VMFuncRef` slot `slot` (for an imported function, its index).
pub unsafe fn funcref(vmctx: *mut VMContext, offsets: &VMOffsets, index: u32) -> *mut VMFuncRef {
    slot::<VMFuncRef>(vmctx, offsets.funcref(index))
}

/// Raises trap `code` for function `func_index`, as compiled code does.
pub unsafe fn trap(vmctx: *mut VMContext, code: wasmlite_abi::TrapCode, func_index: u32) -> ! {
    (libcalls(vmctx).trap)(vmctx, code as u32, func_index)
}

/// Defines an array-call wrapper `$wrapper` for `$func`, reading the
/// parameters with the `ValRaw` getters given and writing the result with
/// the given constructor.
#[macro_export]
macro_rules! wrapper {
    ($wrapper:ident => $func:ident($($get:ident),*) -> $put:ident) => {
        unsafe extern "C" fn $wrapper(vmctx: *mut wasmlite_abi::VMContext, values: *mut wasmlite_abi::ValRaw) {
            let mut _next = 0;
            let result = $func(vmctx $(, { _next += 1; (*values.add(_next - 1)).$get() })*);
            *values = wasmlite_abi::ValRaw::$put(result);
        }
    };
    ($wrapper:ident => $func:ident($($get:ident),*)) => {
        unsafe extern "C" fn $wrapper(vmctx: *mut wasmlite_abi::VMContext, values: *mut wasmlite_abi::ValRaw) {
            let (_values, mut _next) = (values, 0);
            $func(vmctx $(, { _next += 1; (*_values.add(_next - 1)).$get() })*);
        }
    };
}
