//! The compilation driver: validate, translate, wrap, describe, optimise, emit.

use crate::module_cx::ModuleCx;
use crate::target::{stack_pointer_register, target_machine};
use crate::translate::FuncTranslator;
use crate::{CompileError, CompileOptions};
use inkwell::attributes::{Attribute, AttributeLoc};
use inkwell::context::Context;
use inkwell::passes::PassBuilderOptions;
use inkwell::targets::FileType;
use wasmlite_abi::{supported_features, symbols, ModuleInfo};
use wasmparser::{Parser, ValidPayload, Validator};

/// A compiled module.
#[derive(Debug)]
pub struct CompiledModule {
    /// A position-independent relocatable object file.
    pub object: Vec<u8>,
    /// The one global symbol it exports (a `ModuleDescriptor`).
    pub descriptor_symbol: String,
    /// What the module contains (the same data the object embeds).
    pub info: ModuleInfo,
}

/// Compile a wasm binary to a native object.
pub fn compile(wasm: &[u8], options: &CompileOptions) -> Result<CompiledModule, CompileError> {
    let info = ModuleInfo::from_wasm(wasm)?;
    let id = symbols::module_id(wasm);
    let descriptor_symbol = symbols::descriptor(&options.stem, &id);
    let machine = target_machine(options)?;
    let context = Context::create();
    let cx = ModuleCx::new(&context, &info, &options.stem, stack_pointer_register(&machine));
    cx.module.set_triple(&machine.get_triple());
    cx.module.set_data_layout(&machine.get_target_data().get_data_layout());

    translate_functions(&cx, wasm)?;
    add_function_attributes(&cx);
    let prefix = descriptor_symbol.trim_end_matches("_module");
    let wrappers = crate::wrappers::emit(&cx, prefix)?;
    crate::descriptor::emit(&cx, &descriptor_symbol, &wrappers)?;

    cx.module
        .verify()
        .map_err(|e| CompileError::Llvm(format!("generated IR does not verify: {}", e.to_string_lossy())))?;
    cx.module
        .run_passes(options.opt_level.pipeline(), &machine, PassBuilderOptions::create())
        .map_err(|e| CompileError::Llvm(e.to_string_lossy().into_owned()))?;
    if std::env::var_os("WASMLITE_DUMP_IR").is_some() {
        eprintln!("{}", cx.module.print_to_string().to_string_lossy());
    }
    let object = machine
        .write_to_memory_buffer(&cx.module, FileType::Object)
        .map_err(|e| CompileError::Llvm(e.to_string_lossy().into_owned()))?
        .as_slice()
        .to_vec();
    Ok(CompiledModule { object, descriptor_symbol, info })
}

/// Validate every function body and translate it.
fn translate_functions(cx: &ModuleCx<'_, '_>, wasm: &[u8]) -> Result<(), CompileError> {
    let mut validator = Validator::new_with_features(supported_features());
    let mut func_index = cx.info.num_imported_functions;
    for payload in Parser::new(0).parse_all(wasm) {
        if let ValidPayload::Func(func, body) = validator.payload(&payload?)? {
            let mut func_validator = func.into_validator(Default::default());
            FuncTranslator::translate(cx, func_index, &body, &mut func_validator)?;
            func_index += 1;
        }
    }
    Ok(())
}

/// Wasm code never unwinds; it has unwind tables for debuggers and
/// profilers, and probes large frames so they cannot jump the guard page.
fn add_function_attributes(cx: &ModuleCx<'_, '_>) {
    let nounwind = enum_attribute(cx.context, "nounwind", 0);
    let uwtable = enum_attribute(cx.context, "uwtable", 2);
    let probe = cx.context.create_string_attribute("probe-stack", "inline-asm");
    for function in cx.functions.iter().flatten() {
        function.add_attribute(AttributeLoc::Function, nounwind);
        function.add_attribute(AttributeLoc::Function, uwtable);
        function.add_attribute(AttributeLoc::Function, probe);
    }
}

fn enum_attribute(context: &Context, name: &str, value: u64) -> Attribute {
    context.create_enum_attribute(Attribute::get_named_enum_kind_id(name), value)
}
