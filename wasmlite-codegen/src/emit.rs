//! The compilation driver: validate, translate, wrap, describe, optimise, emit.
//!
//! Small modules become one LLVM module and one object. With
//! [`CompileOptions::threads`] > 1, a large module's functions are split
//! into contiguous parts of similar code size, each translated, optimised
//! and emitted into its own object, on its own thread as far as the
//! caller's [`ThreadGate`] allows; the first part also carries the export
//! wrappers and the descriptor. Once all parts are emitted, the
//! descriptor's code-size tables are filled from their symbol tables
//! (`code_sizes.rs`).
//!
//! Local LLVM values are nameless (unless `WASMLITE_DUMP_IR` asks for the
//! IR), and the IR verifier runs only with debug assertions or
//! `WASMLITE_VERIFY_IR`: both cost compile time and change no object.

use crate::conventions::Conventions;
use crate::module_cx::{ModuleCx, Partition};
use crate::target::{stack_pointer_register, target_machine, TargetFacts};
use crate::threads::{run_gated, ThreadGate, Ungated};
use crate::translate::FuncTranslator;
use crate::{CompileError, CompileOptions};
use inkwell::attributes::{Attribute, AttributeLoc};
use inkwell::context::Context;
use inkwell::llvm_sys::core::LLVMContextSetDiscardValueNames;
use inkwell::passes::PassBuilderOptions;
use inkwell::targets::FileType;
use std::ops::Range;
use wasmlite_abi::{supported_features, symbols, ModuleInfo};
use wasmparser::{FuncToValidate, FunctionBody, Parser, ValidPayload, Validator, ValidatorResources};

/// Below this much function-body code a module is never split.
const MIN_SPLIT_CODE_BYTES: usize = 256 * 1024;

/// A compiled module.
#[derive(Debug)]
pub struct CompiledModule {
    /// Position-independent relocatable object files, all to be linked
    /// (one unless the module was split across threads).
    pub objects: Vec<Vec<u8>>,
    /// The descriptor symbol (a `ModuleDescriptor`), defined in the first object.
    pub descriptor_symbol: String,
    /// What the module contains (the same data the object embeds).
    pub info: ModuleInfo,
}

/// A function body waiting for translation.
struct PendingBody<'w> {
    func: FuncToValidate<ValidatorResources>,
    body: FunctionBody<'w>,
}

/// Compile a wasm binary to native objects, every part of a split module
/// on its own thread.
pub fn compile(wasm: &[u8], options: &CompileOptions) -> Result<CompiledModule, CompileError> {
    compile_gated(wasm, options, &Ungated)
}

/// Like [`compile`], but the parts of a split module run on the calling
/// thread and on extra threads only as far as `gate` grants permits (a
/// Cargo jobserver, say). How a module is split depends on
/// [`CompileOptions::threads`] alone, so the objects are the same however
/// many permits were free.
pub fn compile_gated(
    wasm: &[u8],
    options: &CompileOptions,
    gate: &dyn ThreadGate,
) -> Result<CompiledModule, CompileError> {
    let info = ModuleInfo::from_wasm(wasm)?;
    let descriptor_symbol = symbols::descriptor(&options.stem, &symbols::module_id(wasm));
    let bodies = collect_bodies(wasm)?;
    let parts = partition(&bodies, options.threads.max(1));
    let conventions = Conventions::of(&info, bodies.iter().map(|b| &b.body))?;
    let conventions = &conventions;
    let mut objects = if parts.len() == 1 {
        vec![compile_part(&info, conventions, options, &descriptor_symbol, &bodies, Partition::Whole, true)?]
    } else {
        let prefix = descriptor_symbol.trim_end_matches("_module");
        let first = info.num_imported_functions;
        run_gated(parts.len(), gate, |k| {
            let range = &parts[k];
            let partition = Partition::Part {
                symbol_prefix: prefix.to_string(),
                defined: first + range.start as u32..first + range.end as u32,
            };
            compile_part(&info, conventions, options, &descriptor_symbol, &bodies, partition, k == 0)
        })
        .into_iter()
        .collect::<Result<Vec<_>, _>>()?
    };
    let symbol_prefix = descriptor_symbol.trim_end_matches("_module");
    crate::code_sizes::patch(&mut objects, &info, symbol_prefix, parts.len() > 1)?;
    Ok(CompiledModule { objects, descriptor_symbol, info })
}

/// Validate the module's sections and collect its function bodies.
fn collect_bodies(wasm: &[u8]) -> Result<Vec<PendingBody<'_>>, CompileError> {
    let mut validator = Validator::new_with_features(supported_features());
    let mut bodies = Vec::new();
    for payload in Parser::new(0).parse_all(wasm) {
        if let ValidPayload::Func(func, body) = validator.payload(&payload?)? {
            bodies.push(PendingBody { func, body });
        }
    }
    Ok(bodies)
}

/// Split the bodies into at most `threads` contiguous ranges of similar
/// code size (one range when the module is small).
fn partition(bodies: &[PendingBody<'_>], threads: usize) -> Vec<Range<usize>> {
    let sizes: Vec<usize> = bodies.iter().map(|b| (b.body.range().end - b.body.range().start) as usize).collect();
    let total: usize = sizes.iter().sum();
    if threads <= 1 || total < MIN_SPLIT_CODE_BYTES || bodies.len() < 2 {
        return std::iter::once(0..bodies.len()).collect();
    }
    let target = total.div_ceil(threads);
    let mut parts = Vec::new();
    let (mut start, mut acc) = (0, 0);
    for (i, size) in sizes.iter().enumerate() {
        acc += size;
        if acc >= target && parts.len() + 1 < threads {
            parts.push(start..i + 1);
            start = i + 1;
            acc = 0;
        }
    }
    if start < bodies.len() {
        parts.push(start..bodies.len());
    }
    parts
}

/// Translate, optimise and emit one part; `with_module_parts` adds the
/// export wrappers and the descriptor.
fn compile_part(
    info: &ModuleInfo,
    conventions: &Conventions,
    options: &CompileOptions,
    descriptor_symbol: &str,
    bodies: &[PendingBody<'_>],
    partition: Partition,
    with_module_parts: bool,
) -> Result<Vec<u8>, CompileError> {
    let machine = target_machine(options)?;
    let context = Context::create();
    let dump_ir = std::env::var_os("WASMLITE_DUMP_IR").is_some();
    if !dump_ir {
        // Local value names only make IR readable; creating and uniquing
        // them costs about a tenth of the compile time.
        // SAFETY: `context` is a live context that no other thread uses.
        unsafe { LLVMContextSetDiscardValueNames(context.raw(), 1) };
    }
    let cx = ModuleCx::new(
        &context,
        info,
        &options.stem,
        stack_pointer_register(&machine),
        TargetFacts::of(&machine),
        &partition,
        options.bounds_checks,
        conventions,
    );
    cx.module.set_triple(&machine.get_triple());
    cx.module.set_data_layout(&machine.get_target_data().get_data_layout());

    let first = info.num_imported_functions;
    let defined = match &partition {
        Partition::Whole => first..first + bodies.len() as u32,
        Partition::Part { defined, .. } => defined.clone(),
    };
    for func_index in defined.clone() {
        let pending = &bodies[(func_index - first) as usize];
        let func = FuncToValidate {
            resources: pending.func.resources.clone(),
            index: pending.func.index,
            ty: pending.func.ty,
            features: pending.func.features,
        };
        let mut validator = func.into_validator(Default::default());
        FuncTranslator::translate(&cx, func_index, &pending.body, &mut validator)?;
        let function = cx.functions[func_index as usize].expect("defined function");
        if options.bounds_checks == crate::BoundsChecks::GuardPages {
            // Explicit checks trap before the access: no load needs keeping.
            crate::trapping_loads::keep_trapping_loads(function);
        }
    }
    add_function_attributes(&cx, defined);
    if with_module_parts {
        let prefix = descriptor_symbol.trim_end_matches("_module");
        let wrappers = crate::wrappers::emit(&cx, prefix)?;
        let start = crate::wrappers::emit_start(&cx, prefix)?;
        let adapters = crate::host_adapters::emit(&cx, prefix)?;
        let parts = crate::descriptor::ModuleParts { wrappers: &wrappers, start, adapters: &adapters };
        crate::descriptor::emit(&cx, &machine.get_target_data(), descriptor_symbol, &parts)?;
    }

    if verify_ir() {
        cx.module
            .verify()
            .map_err(|e| CompileError::Llvm(format!("generated IR does not verify: {}", e.to_string_lossy())))?;
    }
    if options.nan_results == crate::NanResults::AsLlvmFolds {
        crate::nan_quieting::remove_markers(&cx.module);
    }
    cx.module
        .run_passes(options.opt_level.pipeline(), &machine, PassBuilderOptions::create())
        .map_err(|e| CompileError::Llvm(e.to_string_lossy().into_owned()))?;
    crate::nan_quieting::resolve(&cx.module)?;
    if dump_ir {
        eprintln!("{}", cx.module.print_to_string().to_string_lossy());
    }
    let buffer = machine
        .write_to_memory_buffer(&cx.module, FileType::Object)
        .map_err(|e| CompileError::Llvm(e.to_string_lossy().into_owned()))?;
    Ok(buffer.as_slice().to_vec())
}

/// Whether to run LLVM's IR verifier before optimising: in builds with
/// debug assertions (the tests), or when `WASMLITE_VERIFY_IR` is set. It
/// catches translation bugs early but costs a few percent of compile time.
fn verify_ir() -> bool {
    cfg!(debug_assertions) || std::env::var_os("WASMLITE_VERIFY_IR").is_some()
}

/// Wasm code never unwinds; it has unwind tables for debuggers and
/// profilers, and probes large frames so they cannot jump the guard page.
/// Tail calls LLVM would make on its own are disabled: an ordinary `call`
/// that recurses without bound must exhaust the stack and trap, not become
/// a loop (LLVM's tail recursion elimination and sibling calls would do
/// that). Functions with `return_call*` need LLVM's tail calls, so they do
/// not get the function attribute; there every ordinary call is marked
/// `notail` instead (`translate/calls.rs`).
fn add_function_attributes(cx: &ModuleCx<'_, '_>, defined: Range<u32>) {
    let nounwind = enum_attribute(cx.context, "nounwind", 0);
    let uwtable = enum_attribute(cx.context, "uwtable", 2);
    let probe = cx.context.create_string_attribute("probe-stack", "inline-asm");
    let no_tail_calls = cx.context.create_string_attribute("disable-tail-calls", "true");
    for index in defined {
        let function = cx.functions[index as usize].expect("defined function");
        function.add_attribute(AttributeLoc::Function, nounwind);
        function.add_attribute(AttributeLoc::Function, uwtable);
        function.add_attribute(AttributeLoc::Function, probe);
        if !cx.conventions.is_tail_caller(index) {
            function.add_attribute(AttributeLoc::Function, no_tail_calls);
        }
    }
}

/// The LLVM enum attribute `name` with `value`.
pub(crate) fn enum_attribute(context: &Context, name: &str, value: u64) -> Attribute {
    context.create_enum_attribute(Attribute::get_named_enum_kind_id(name), value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::OptLevel;

    /// Grants no permit: every part runs on the calling thread.
    struct Closed;

    impl ThreadGate for Closed {
        fn try_acquire(&self) -> Option<Box<dyn Send>> {
            None
        }
    }

    /// 40 functions of about 9 KiB of code each, each calling the next.
    fn large_module() -> Vec<u8> {
        let mut text = String::from("(module\n");
        for i in 0..40 {
            text.push_str(&format!("(func $f{i} (export \"f{i}\") (param i32) (result i32) local.get 0\n"));
            text.push_str(&"i32.const 7 local.get 0 i32.add i32.mul\n".repeat(1500));
            if i < 39 {
                text.push_str(&format!("call $f{}\n", i + 1));
            }
            text.push_str(")\n");
        }
        text.push(')');
        wat::parse_str(text).unwrap()
    }

    #[test]
    fn split_objects_do_not_depend_on_free_permits() {
        let wasm = large_module();
        let options = CompileOptions { opt_level: OptLevel::O0, stem: "big".into(), threads: 3, ..Default::default() };
        let parallel = compile(&wasm, &options).unwrap();
        let serial = compile_gated(&wasm, &options, &Closed).unwrap();
        assert_eq!(parallel.objects.len(), 3);
        assert_eq!(parallel.objects, serial.objects);
    }
}
