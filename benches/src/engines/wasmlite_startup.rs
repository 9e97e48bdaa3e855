//! Kernels compiled by wasmlite at startup, outside the timings, with one
//! setting changed from the build-time `wasmlite` engine:
//! `wasmlite_codegen::compile` at O2 for the host's baseline CPU (the
//! build-time engine's settings), linked into a shared library with
//! `cc -shared`, opened with `dlopen` and run through `Instance::call`.
//! Comparing a variant's column with `wasmlite`'s gives the cost of what
//! the variant changes.

use super::{EngineError, Runner};
use std::ffi::CString;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use wasmlite_codegen::{BoundsChecks, CompileOptions, NanResults, OptLevel};
use wasmlite_rt::{Instance, Module, ModuleDescriptor, Val};

/// The setting a startup-compiled kernel changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Variant {
    /// Explicit bounds checks instead of guard pages: the cost of exact
    /// trap semantics.
    ExplicitBounds,
    /// NaN results as LLVM leaves them (`NanResults::AsLlvmFolds`, not
    /// conformant): `wasmlite` against it is the cost of exact NaN results.
    NanAsLlvmFolds,
}

impl Variant {
    /// The compile options of this variant (stem and level set by [`load`]).
    fn options(self) -> CompileOptions {
        match self {
            Variant::ExplicitBounds => CompileOptions {
                bounds_checks: BoundsChecks::Explicit,
                ..Default::default()
            },
            Variant::NanAsLlvmFolds => CompileOptions {
                nan_results: NanResults::AsLlvmFolds,
                ..Default::default()
            },
        }
    }

    fn suffix(self) -> &'static str {
        match self {
            Variant::ExplicitBounds => "explicit",
            Variant::NanAsLlvmFolds => "nan_folds",
        }
    }
}

/// An instance of a kernel compiled at startup.
pub struct WasmliteStartup {
    instance: Instance,
}

impl WasmliteStartup {
    /// Compile, load and instantiate kernel `name` (`wasm`) as `variant`.
    pub fn new(name: &str, wasm: &[u8], variant: Variant) -> Result<WasmliteStartup, EngineError> {
        let module = load(
            wasm,
            &format!("{name}_{}", variant.suffix()),
            variant.options(),
        )?;
        Ok(WasmliteStartup {
            instance: Instance::new(module, &[])?,
        })
    }

    fn call(&mut self, export: &str, args: &[Val]) -> Result<i32, EngineError> {
        match self.instance.call(export, args) {
            Ok(results) => match results.as_slice() {
                [Val::I32(x)] => Ok(*x),
                other => Err(EngineError::Trap(format!("`{export}` returned {other:?}"))),
            },
            Err(e) => Err(EngineError::Trap(e.to_string())),
        }
    }
}

impl Runner for WasmliteStartup {
    fn run(&mut self, n: i32) -> Result<i32, EngineError> {
        self.call("run", &[Val::I32(n)])
    }

    fn checksum(&mut self) -> Result<u32, EngineError> {
        Ok(self.call("checksum", &[])? as u32)
    }
}

/// Compile `wasm` at O2 for the host's baseline CPU with `options` (their
/// level and stem replaced), link it into a shared library that stays
/// mapped for the rest of the process and load its module. `stem` names
/// the compiled module (and its scratch directory).
pub fn load(wasm: &[u8], stem: &str, options: CompileOptions) -> Result<Arc<Module>, EngineError> {
    let failed = |what: &str, why: String| EngineError::Instantiate(format!("{what}: {why}"));
    let options = CompileOptions {
        opt_level: OptLevel::O2,
        stem: stem.to_string(),
        ..options
    };
    let compiled =
        wasmlite_codegen::compile(wasm, &options).map_err(|e| failed("compile", e.to_string()))?;
    let dir = std::env::temp_dir().join(format!("wasmlite-bench-{}-{stem}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| failed("scratch directory", e.to_string()))?;
    let descriptor = link_and_open(&dir, &compiled.objects, &compiled.descriptor_symbol);
    // The library stays mapped after its file is gone.
    let _ = std::fs::remove_dir_all(&dir);
    // SAFETY: the descriptor of an object the compiler just emitted, in
    // a library that stays mapped.
    Ok(unsafe { Module::from_descriptor(descriptor?) }?)
}

/// Link `objects` into `dir/module.so`, open it for the rest of the
/// process and return the descriptor named `symbol`.
fn link_and_open(
    dir: &Path,
    objects: &[Vec<u8>],
    symbol: &str,
) -> Result<&'static ModuleDescriptor, EngineError> {
    let failed = |what: &str, why: String| EngineError::Instantiate(format!("{what}: {why}"));
    let library = dir.join("module.so");
    let mut cc = Command::new("cc");
    cc.arg("-shared").arg("-o").arg(&library);
    for (k, bytes) in objects.iter().enumerate() {
        let object = dir.join(format!("module{k}.o"));
        std::fs::write(&object, bytes).map_err(|e| failed("writing the object", e.to_string()))?;
        cc.arg(object);
    }
    let output = cc
        .output()
        .map_err(|e| failed("running cc", e.to_string()))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        return Err(failed("cc -shared", stderr));
    }
    let path = CString::new(library.as_os_str().as_encoded_bytes())
        .map_err(|e| failed("library path", e.to_string()))?;
    let symbol = CString::new(symbol).map_err(|e| failed("symbol", e.to_string()))?;
    // SAFETY: `path` and `symbol` are NUL-terminated; the library holds
    // only compiled wasm code and data (no initialisers), is never closed,
    // and the symbol names the `ModuleDescriptor` static it defines, so the
    // reference stays valid for the rest of the process.
    unsafe {
        let handle = libc::dlopen(path.as_ptr(), libc::RTLD_NOW | libc::RTLD_LOCAL);
        if handle.is_null() {
            return Err(failed("dlopen", "the library does not load".into()));
        }
        let descriptor = libc::dlsym(handle, symbol.as_ptr()).cast::<ModuleDescriptor>();
        descriptor
            .as_ref()
            .ok_or_else(|| failed("dlsym", "no descriptor symbol".into()))
    }
}
