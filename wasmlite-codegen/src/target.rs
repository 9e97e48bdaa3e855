//! The LLVM target machine.

use crate::{CompileError, CompileOptions};
use inkwell::targets::{CodeModel, InitializationConfig, RelocMode, Target, TargetMachine, TargetTriple};
use std::sync::Once;

/// Create the target machine the options ask for: position-independent code,
/// the triple's generic CPU unless told otherwise.
pub(crate) fn target_machine(options: &CompileOptions) -> Result<TargetMachine, CompileError> {
    static INIT: Once = Once::new();
    INIT.call_once(|| {
        let config = InitializationConfig::default();
        Target::initialize_x86(&config);
        Target::initialize_aarch64(&config);
        crate::llvm_options::configure();
    });
    let triple = match &options.target_triple {
        Some(t) => TargetTriple::create(t),
        None => TargetMachine::get_default_triple(),
    };
    let target = Target::from_triple(&triple)
        .map_err(|e| CompileError::Llvm(format!("unknown target {triple}: {e}")))?;
    let cpu = options.cpu.as_deref().unwrap_or("generic");
    let features = options.cpu_features.as_deref().unwrap_or("");
    target
        .create_target_machine(
            &triple,
            cpu,
            features,
            options.opt_level.codegen(),
            RelocMode::PIC,
            CodeModel::Default,
        )
        .ok_or_else(|| CompileError::Llvm(format!("cannot create a target machine for {triple} (cpu {cpu})")))
}

/// Whether the target machine has fused multiply-add, which decides how
/// `relaxed_madd`/`relaxed_nmadd` are compiled (fused or not): AArch64
/// always has it; other targets when their feature list enables `fma`
/// (as `wasmlite-build` writes it from Cargo's target features). A named
/// CPU that implies FMA without `+fma` in the features counts as without:
/// the choice depends only on the compile options, never on the CPU the
/// code later runs on.
pub(crate) fn has_fused_multiply_add(machine: &TargetMachine) -> bool {
    let triple = machine.get_triple();
    let triple = triple.as_str().to_string_lossy();
    if triple.starts_with("aarch64") || triple.starts_with("arm64") {
        return true;
    }
    let features = machine.get_feature_string().to_string_lossy();
    features.split(',').filter(|f| f.get(1..) == Some("fma")).last() == Some("+fma")
}

/// The name of the stack pointer register for `llvm.read_register`.
pub(crate) fn stack_pointer_register(machine: &TargetMachine) -> &'static str {
    let triple = machine.get_triple();
    let triple = triple.as_str().to_string_lossy();
    if triple.starts_with("aarch64") || triple.starts_with("arm64") {
        "sp"
    } else {
        "rsp"
    }
}
