//! Host adapters: how compiled code calls a host function.
//!
//! Every `VMFuncRef` is called with `tailcc`, but host functions are
//! C-convention Rust code. So the object holds one adapter per distinct
//! type of its imported functions: a `tailcc` function of that type's
//! native signature which loads `VMHostContext::host_code` from its `vmctx`
//! (the runtime's context for the import) and calls it in the C
//! convention with the same arguments. The descriptor lists each imported
//! function's adapter; the runtime puts it in the import's `VMFuncRef::code`
//! when a host function satisfies the import. A tail call into a host
//! function is a tail call into its adapter, whose frame lives only as long
//! as the host function runs.

use crate::conventions::{CCC, TAILCC};
use crate::module_cx::ModuleCx;
use crate::CompileError;
use inkwell::attributes::AttributeLoc;
use inkwell::llvm_sys::LLVMTailCallKind;
use inkwell::module::Linkage;
use inkwell::values::{BasicMetadataValueEnum, FunctionValue};
use std::mem::offset_of;
use wasmlite_abi::{FuncType, ModuleInfo, VMHostContext};

/// The distinct types of the imported functions, in order of first import,
/// and for each imported function the position of its type there.
fn distinct_types(info: &ModuleInfo) -> (Vec<&FuncType>, Vec<usize>) {
    let mut types: Vec<&FuncType> = Vec::new();
    let per_import = (0..info.num_imported_functions)
        .map(|index| {
            let ty = info.func_type(index);
            match types.iter().position(|t| *t == ty) {
                Some(k) => k,
                None => {
                    types.push(ty);
                    types.len() - 1
                }
            }
        })
        .collect();
    (types, per_import)
}

/// The local symbols of the module's adapters (one per distinct imported
/// function type), for the code-size patcher.
pub(crate) fn symbols(info: &ModuleInfo, symbol_prefix: &str) -> Vec<String> {
    (0..distinct_types(info).0.len()).map(|k| adapter_symbol(symbol_prefix, k)).collect()
}

fn adapter_symbol(symbol_prefix: &str, k: usize) -> String {
    format!("{symbol_prefix}_host_adapter_{k}")
}

/// Emit the adapters; the result has one entry per imported function.
pub(crate) fn emit<'ctx>(cx: &ModuleCx<'ctx, '_>, symbol_prefix: &str) -> Result<Vec<FunctionValue<'ctx>>, CompileError> {
    let (types, per_import) = distinct_types(cx.info);
    let adapters = types
        .iter()
        .enumerate()
        .map(|(k, ty)| emit_one(cx, &adapter_symbol(symbol_prefix, k), ty))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(per_import.into_iter().map(|k| adapters[k]).collect())
}

fn emit_one<'ctx>(cx: &ModuleCx<'ctx, '_>, name: &str, ty: &FuncType) -> Result<FunctionValue<'ctx>, CompileError> {
    let signature = crate::module_cx::native_signature(&cx.types, ty);
    let adapter = cx.module.add_function(name, signature, Some(Linkage::Internal));
    adapter.set_call_conventions(TAILCC);
    adapter.add_attribute(AttributeLoc::Function, crate::emit::enum_attribute(cx.context, "nounwind", 0));
    let builder = cx.context.create_builder();
    builder.position_at_end(cx.context.append_basic_block(adapter, "entry"));
    let context = adapter.get_nth_param(0).expect("vmctx").into_pointer_value();
    let at = crate::wrappers::field(cx, &builder, context, offset_of!(VMHostContext, host_code))?;
    let host_code = builder.build_load(cx.types.ptr, at, "host_code")?.into_pointer_value();
    let args: Vec<BasicMetadataValueEnum> = adapter.get_param_iter().map(BasicMetadataValueEnum::from).collect();
    let call = builder.build_indirect_call(signature, host_code, &args, "host_call")?;
    call.set_call_convention(CCC);
    // The host function returns here; the adapter's frame is all a tail
    // call into it leaves on the stack.
    call.set_tail_call_kind(LLVMTailCallKind::LLVMTailCallKindNoTail);
    match call.try_as_basic_value().basic() {
        Some(value) => builder.build_return(Some(&value))?,
        None => builder.build_return(None)?,
    };
    Ok(adapter)
}
