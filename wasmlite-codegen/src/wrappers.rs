//! Export wrappers in the array calling convention
//! (`fn(vmctx, values: *mut ValRaw)`, C convention), one per exported
//! function, and one for the start function. They are internal to the
//! object: the runtime reaches them through the descriptor, and never calls
//! a wasm function (possibly `tailcc`) any other way.

use crate::conventions::TAILCC;
use crate::module_cx::ModuleCx;
use crate::CompileError;
use inkwell::module::Linkage;
use inkwell::values::{BasicMetadataValueEnum, FunctionValue, PointerValue};
use std::mem::offset_of;
use wasmlite_abi::{ExportKind, VMFuncRef};

/// Emit a wrapper for every function export; the result has one entry per
/// export (`None` for non-function exports).
pub(crate) fn emit<'ctx>(cx: &ModuleCx<'ctx, '_>, symbol_prefix: &str) -> Result<Vec<Option<FunctionValue<'ctx>>>, CompileError> {
    cx.info
        .exports
        .iter()
        .enumerate()
        .map(|(k, export)| match export.kind {
            ExportKind::Func(index) => emit_one(cx, &wrapper_symbol(symbol_prefix, k), index).map(Some),
            _ => Ok(None),
        })
        .collect()
}

/// Emit the start function's wrapper, if the module has a start function.
pub(crate) fn emit_start<'ctx>(cx: &ModuleCx<'ctx, '_>, symbol_prefix: &str) -> Result<Option<FunctionValue<'ctx>>, CompileError> {
    cx.info.start.map(|index| emit_one(cx, &start_symbol(symbol_prefix), index)).transpose()
}

/// The local symbol of the wrapper of export `k`.
pub(crate) fn wrapper_symbol(symbol_prefix: &str, k: usize) -> String {
    format!("{symbol_prefix}_export_{k}")
}

/// The local symbol of the start function's wrapper.
pub(crate) fn start_symbol(symbol_prefix: &str) -> String {
    format!("{symbol_prefix}_start")
}

fn emit_one<'ctx>(cx: &ModuleCx<'ctx, '_>, name: &str, func_index: u32) -> Result<FunctionValue<'ctx>, CompileError> {
    let types = &cx.types;
    let wrapper_type = cx.context.void_type().fn_type(&[types.ptr.into(), types.ptr.into()], false);
    let wrapper = cx.module.add_function(name, wrapper_type, Some(Linkage::Internal));
    let builder = cx.context.create_builder();
    builder.position_at_end(cx.context.append_basic_block(wrapper, "entry"));
    let vmctx = wrapper.get_nth_param(0).expect("vmctx").into_pointer_value();
    let values = wrapper.get_nth_param(1).expect("values").into_pointer_value();
    let ty = cx.info.func_type(func_index);
    let slot = |k: usize| -> Result<PointerValue<'ctx>, CompileError> {
        // SAFETY: the caller provides max(params, results) 16-byte slots.
        Ok(unsafe { builder.build_in_bounds_gep(types.i8, values, &[types.i64.const_int(16 * k as u64, false)], "slot")? })
    };
    let mut args: Vec<BasicMetadataValueEnum> = Vec::new();
    let type_index = cx.info.functions[func_index as usize];
    let call = match cx.functions[func_index as usize] {
        Some(function) => {
            args.push(vmctx.into());
            if ty.results.len() > 1 {
                args.push(values.into());
            }
            for (i, param) in ty.params.iter().enumerate() {
                args.push(builder.build_load(types.val(*param), slot(i)?, "arg")?.into());
            }
            let call = builder.build_call(function, &args, "call")?;
            call.set_call_convention(cx.conventions.llvm(func_index));
            call
        }
        None => {
            let funcref = slot_in_vmctx(cx, &builder, vmctx, cx.funcref_offset(func_index))?;
            let code = builder.build_load(types.ptr, field(cx, &builder, funcref, offset_of!(VMFuncRef, code))?, "code")?;
            let callee = builder.build_load(types.ptr, field(cx, &builder, funcref, offset_of!(VMFuncRef, vmctx))?, "callee")?;
            args.push(callee.into());
            if ty.results.len() > 1 {
                args.push(values.into());
            }
            for (i, param) in ty.params.iter().enumerate() {
                args.push(builder.build_load(types.val(*param), slot(i)?, "arg")?.into());
            }
            let call = builder.build_indirect_call(cx.signatures[type_index as usize], code.into_pointer_value(), &args, "call")?;
            call.set_call_convention(TAILCC);
            call
        }
    };
    if ty.results.len() == 1 {
        let result = call.try_as_basic_value().basic().expect("one result");
        builder.build_store(slot(0)?, result)?;
    }
    builder.build_return(None)?;
    Ok(wrapper)
}

fn slot_in_vmctx<'ctx>(
    cx: &ModuleCx<'ctx, '_>,
    builder: &inkwell::builder::Builder<'ctx>,
    vmctx: PointerValue<'ctx>,
    offset: u32,
) -> Result<PointerValue<'ctx>, CompileError> {
    field(cx, builder, vmctx, offset as usize)
}

pub(crate) fn field<'ctx>(
    cx: &ModuleCx<'ctx, '_>,
    builder: &inkwell::builder::Builder<'ctx>,
    base: PointerValue<'ctx>,
    offset: usize,
) -> Result<PointerValue<'ctx>, CompileError> {
    let index = cx.types.i64.const_int(offset as u64, false);
    // SAFETY: a field of a VM structure the runtime allocated.
    Ok(unsafe { builder.build_in_bounds_gep(cx.types.i8, base, &[index], "field")? })
}
