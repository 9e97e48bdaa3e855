//! Wasm binary → loaded [`Module`]: compile with `wasmlite_codegen`, load the
//! object with the JIT, read its descriptor with the runtime. Results are
//! cached by binary, so a module a script defines many times is compiled
//! once.

use crate::jit;
use crate::outcome::Reason;
use std::collections::HashMap;
use std::sync::Arc;
use wasmlite_abi::ParseError;
use wasmlite_codegen::{compile, BoundsChecks, CompileError, CompileOptions, OptLevel};
use wasmlite_rt::Module;

/// Why a binary did not become a module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ModuleError {
    /// The compiler rejected it as malformed or invalid (what
    /// `assert_malformed` / `assert_invalid` expect).
    Rejected(String),
    /// Anything else: unsupported feature, LLVM or loading failure.
    Failed(Reason),
}

impl ModuleError {
    /// The error as a failure reason.
    pub fn reason(&self) -> Reason {
        match self {
            ModuleError::Rejected(message) => {
                Reason::new(format!("compile: rejected as invalid: {message}"), "")
            }
            ModuleError::Failed(reason) => reason.clone(),
        }
    }
}

/// Compiles and loads modules, remembering every result.
pub struct Compiler {
    options: CompileOptions,
    cache: HashMap<Vec<u8>, Result<Arc<Module>, ModuleError>>,
}

impl Compiler {
    /// A compiler producing code at `opt_level` with `bounds_checks` for
    /// the host.
    pub fn new(opt_level: OptLevel, bounds_checks: BoundsChecks) -> Compiler {
        Compiler {
            options: CompileOptions {
                stem: "spec".into(),
                opt_level,
                bounds_checks,
                ..Default::default()
            },
            cache: HashMap::new(),
        }
    }

    /// The loaded module for `wasm`.
    pub fn module(&mut self, wasm: &[u8]) -> Result<Arc<Module>, ModuleError> {
        if let Some(result) = self.cache.get(wasm) {
            return result.clone();
        }
        let result = self.compile_and_load(wasm);
        self.cache.insert(wasm.to_vec(), result.clone());
        result
    }

    fn compile_and_load(&self, wasm: &[u8]) -> Result<Arc<Module>, ModuleError> {
        let compiled = compile(wasm, &self.options).map_err(classify)?;
        let descriptor = jit::load(&compiled.objects, &compiled.descriptor_symbol)
            .map_err(|e| ModuleError::Failed(Reason::new("load: JIT error", e.0)))?;
        // SAFETY: the descriptor was emitted by the wasmlite compiler just
        // now, and the JIT linker keeps its object loaded for the process.
        unsafe { Module::from_descriptor(descriptor) }.map_err(|e| {
            ModuleError::Failed(Reason::new(
                "load: runtime rejected the descriptor",
                e.to_string(),
            ))
        })
    }
}

fn classify(error: CompileError) -> ModuleError {
    match error {
        CompileError::Parse(ParseError::Invalid { message, .. }) => ModuleError::Rejected(message),
        CompileError::Parse(ParseError::Unsupported { offset, what })
        | CompileError::Unsupported { offset, what } => ModuleError::Failed(Reason::new(
            format!("compile: unsupported {what}"),
            format!("at offset {offset:#x}"),
        )),
        CompileError::Llvm(message) => {
            ModuleError::Failed(Reason::new("compile: LLVM error", message))
        }
        other => ModuleError::Failed(Reason::new("compile: error", other.to_string())),
    }
}
