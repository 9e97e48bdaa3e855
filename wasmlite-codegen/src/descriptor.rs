//! The module's `ModuleDescriptor`: the one symbol an object exports.

use crate::module_cx::ModuleCx;
use crate::CompileError;
use inkwell::module::Linkage;
use inkwell::values::{BasicValue, BasicValueEnum, FunctionValue, PointerValue};
use wasmlite_abi::ABI_VERSION;

/// Emit the descriptor global named `symbol`, with the serialized module
/// info, the defined functions' addresses and the export wrappers.
pub(crate) fn emit<'ctx>(
    cx: &ModuleCx<'ctx, '_>,
    symbol: &str,
    wrappers: &[Option<FunctionValue<'ctx>>],
) -> Result<(), CompileError> {
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

    // Field order and types follow `wasmlite_abi::ModuleDescriptor` (repr(C)).
    let fields: [BasicValueEnum; 7] = [
        types.i32.const_int(ABI_VERSION as u64, false).into(),
        types.i32.const_int(functions.len() as u64, false).into(),
        info_global.into(),
        types.i64.const_int(info_bytes.len() as u64, false).into(),
        functions_global.into(),
        types.i32.const_int(exports.len() as u64, false).into(),
        exports_global.into(),
    ];
    let struct_type = cx.context.struct_type(&fields.iter().map(|f| f.get_type()).collect::<Vec<_>>(), false);
    let descriptor = cx.module.add_global(struct_type, None, symbol);
    descriptor.set_initializer(&struct_type.const_named_struct(&fields).as_basic_value_enum());
    descriptor.set_constant(true);
    descriptor.set_linkage(Linkage::External);
    Ok(())
}

fn private_constant<'ctx>(cx: &ModuleCx<'ctx, '_>, name: &str, value: BasicValueEnum<'ctx>) -> PointerValue<'ctx> {
    let global = cx.module.add_global(value.get_type(), None, name);
    global.set_initializer(&value);
    global.set_constant(true);
    global.set_linkage(Linkage::Private);
    global.as_pointer_value()
}
