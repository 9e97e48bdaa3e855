//! The module's `ModuleDescriptor`: the one symbol an object exports with
//! default visibility.
//!
//! The descriptor's code-size tables cannot be known before LLVM emits
//! machine code: they are emitted with a placeholder and filled in from the
//! objects' symbol tables afterwards (`code_sizes.rs`).

use crate::module_cx::ModuleCx;
use crate::CompileError;
use inkwell::module::Linkage;
use inkwell::targets::TargetData;
use inkwell::types::StructType;
use inkwell::values::{BasicValue, BasicValueEnum, FunctionValue, PointerValue};
use std::mem::offset_of;
use wasmlite_abi::{ModuleDescriptor, ABI_VERSION};

/// Local symbol of the `[u32; defined functions]` table of function code sizes.
pub(crate) const FUNCTION_SIZES_SYMBOL: &str = "wasmlite.function_sizes";
/// Local symbol of the `[u32; exports]` table of export wrapper code sizes.
pub(crate) const EXPORT_SIZES_SYMBOL: &str = "wasmlite.export_sizes";
/// Local symbol of the one-entry table of the start wrapper's code size.
pub(crate) const START_SIZE_SYMBOL: &str = "wasmlite.start_size";
/// What a size slot holds until it is patched: non-zero, so the table is
/// emitted in a section with file contents (never `.bss`), and no real size.
pub(crate) const SIZE_PLACEHOLDER: u32 = u32::MAX;

/// The functions the descriptor lists besides the wasm functions.
pub(crate) struct ModuleParts<'p, 'ctx> {
    /// One entry per export: its wrapper, `None` for non-functions.
    pub wrappers: &'p [Option<FunctionValue<'ctx>>],
    /// The start function's wrapper.
    pub start: Option<FunctionValue<'ctx>>,
    /// One host adapter per imported function.
    pub adapters: &'p [FunctionValue<'ctx>],
}

/// Emit the descriptor global named `symbol`, with the serialized module
/// info, the defined functions' addresses, the export and start wrappers,
/// the host adapters and the placeholder size tables.
pub(crate) fn emit<'ctx>(
    cx: &ModuleCx<'ctx, '_>,
    target_data: &TargetData,
    symbol: &str,
    parts: &ModuleParts<'_, 'ctx>,
) -> Result<(), CompileError> {
    let wrappers = parts.wrappers;
    let types = &cx.types;
    let info_bytes = cx.info.to_bytes();
    let info_global = private_constant(cx, "wasmlite.module_info", cx.context.const_string(&info_bytes, false).into());

    let functions: Vec<PointerValue> = cx
        .functions
        .iter()
        .flatten()
        .map(|f| f.as_global_value().as_pointer_value())
        .collect();
    let functions_global = private_constant(cx, "wasmlite.functions", types.ptr.const_array(&functions).into());

    let exports: Vec<PointerValue> = wrappers
        .iter()
        .map(|w| match w {
            Some(f) => f.as_global_value().as_pointer_value(),
            None => types.ptr.const_null(),
        })
        .collect();
    let exports_global = private_constant(cx, "wasmlite.exports", types.ptr.const_array(&exports).into());
    let function_sizes = size_table(cx, FUNCTION_SIZES_SYMBOL, functions.len());
    let export_sizes = size_table(cx, EXPORT_SIZES_SYMBOL, exports.len());
    let adapters: Vec<PointerValue> = parts.adapters.iter().map(|f| f.as_global_value().as_pointer_value()).collect();
    let adapters_global = private_constant(cx, "wasmlite.import_adapters", types.ptr.const_array(&adapters).into());
    let start = match parts.start {
        Some(f) => f.as_global_value().as_pointer_value(),
        None => types.ptr.const_null(),
    };
    let start_size = size_table(cx, START_SIZE_SYMBOL, 1);

    // One entry per field of `wasmlite_abi::ModuleDescriptor`, in order,
    // with the field's offset there; checked against LLVM's layout below.
    let fields: [(usize, BasicValueEnum); 13] = [
        (offset_of!(ModuleDescriptor, abi_version), types.i32.const_int(ABI_VERSION as u64, false).into()),
        (offset_of!(ModuleDescriptor, num_defined_functions), types.i32.const_int(functions.len() as u64, false).into()),
        (offset_of!(ModuleDescriptor, module_info), info_global.into()),
        (offset_of!(ModuleDescriptor, module_info_len), types.i64.const_int(info_bytes.len() as u64, false).into()),
        (offset_of!(ModuleDescriptor, functions), functions_global.into()),
        (offset_of!(ModuleDescriptor, num_exports), types.i32.const_int(exports.len() as u64, false).into()),
        (offset_of!(ModuleDescriptor, exports), exports_global.into()),
        (offset_of!(ModuleDescriptor, function_sizes), function_sizes.into()),
        (offset_of!(ModuleDescriptor, export_sizes), export_sizes.into()),
        (offset_of!(ModuleDescriptor, num_imported_functions), types.i32.const_int(adapters.len() as u64, false).into()),
        (offset_of!(ModuleDescriptor, import_adapters), adapters_global.into()),
        (offset_of!(ModuleDescriptor, start), start.into()),
        (offset_of!(ModuleDescriptor, start_size), start_size.into()),
    ];
    let values: Vec<BasicValueEnum> = fields.iter().map(|(_, v)| *v).collect();
    let struct_type = cx.context.struct_type(&values.iter().map(|f| f.get_type()).collect::<Vec<_>>(), false);
    check_layout(target_data, struct_type, &fields.map(|(offset, _)| offset))?;
    let descriptor = cx.module.add_global(struct_type, None, symbol);
    descriptor.set_initializer(&struct_type.const_named_struct(&values).as_basic_value_enum());
    descriptor.set_constant(true);
    descriptor.set_linkage(Linkage::External);
    Ok(())
}

/// Fails unless LLVM lays out `struct_type` exactly as the runtime's
/// `ModuleDescriptor`: same size, and field `i` at `offsets[i]`.
fn check_layout(target_data: &TargetData, struct_type: StructType<'_>, offsets: &[usize]) -> Result<(), CompileError> {
    let llvm: Vec<usize> =
        (0..offsets.len()).map(|i| target_data.offset_of_element(&struct_type, i as u32).unwrap_or(u64::MAX) as usize).collect();
    let size = target_data.get_abi_size(&struct_type) as usize;
    if llvm != offsets || size != size_of::<ModuleDescriptor>() {
        return Err(CompileError::Llvm(format!(
            "the descriptor LLVM lays out (offsets {llvm:?}, size {size}) differs from wasmlite_abi::ModuleDescriptor (offsets {offsets:?}, size {})",
            size_of::<ModuleDescriptor>()
        )));
    }
    Ok(())
}

/// A `[u32; len]` table of placeholders under a local symbol `name`.
fn size_table<'ctx>(cx: &ModuleCx<'ctx, '_>, name: &str, len: usize) -> PointerValue<'ctx> {
    let placeholder = cx.types.i32.const_int(SIZE_PLACEHOLDER as u64, false);
    let table = cx.types.i32.const_array(&vec![placeholder; len]);
    let global = cx.module.add_global(table.get_type(), None, name);
    global.set_initializer(&table);
    global.set_constant(true);
    // Internal, not private: the patcher finds it in the symbol table.
    global.set_linkage(Linkage::Internal);
    global.as_pointer_value()
}

fn private_constant<'ctx>(cx: &ModuleCx<'ctx, '_>, name: &str, value: BasicValueEnum<'ctx>) -> PointerValue<'ctx> {
    let global = cx.module.add_global(value.get_type(), None, name);
    global.set_initializer(&value);
    global.set_constant(true);
    global.set_linkage(Linkage::Private);
    global.as_pointer_value()
}
