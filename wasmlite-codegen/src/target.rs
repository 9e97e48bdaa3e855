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

/// Instructions of the compile target that change how some wasm
/// instructions are compiled. Read from the target machine's feature list
/// (as `wasmlite-build` writes it from Cargo's target features): a named
/// CPU that implies a feature not in the list counts as without it. The
/// choice depends only on the compile options, never on the CPU the code
/// later runs on.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct TargetFacts {
    /// Fused multiply-add: `relaxed_madd`/`relaxed_nmadd` are fused
    /// (AArch64 always has it; x86-64 with `fma`).
    pub fused_multiply_add: bool,
    /// x86 SSSE3 `pshufb`, for `relaxed_swizzle`.
    pub x86_ssse3: bool,
}

impl TargetFacts {
    /// The facts of `machine`.
    pub(crate) fn of(machine: &TargetMachine) -> TargetFacts {
        let triple = machine.get_triple();
        let triple = triple.as_str().to_string_lossy();
        let aarch64 = triple.starts_with("aarch64") || triple.starts_with("arm64");
        let features = machine.get_feature_string().to_string_lossy().into_owned();
        let enabled = |name: &str| features.split(',').filter(|f| f.get(1..) == Some(name)).last().is_some_and(|f| f.starts_with('+'));
        let x86 = triple.starts_with("x86_64");
        TargetFacts { fused_multiply_add: aarch64 || (x86 && enabled("fma")), x86_ssse3: x86 && enabled("ssse3") }
    }
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
