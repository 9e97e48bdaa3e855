//! Kernels compiled by wasmlite at startup, outside the timings, with one
//! setting changed from the build-time `wasmlite` engine:
//! `wasmlite_codegen::compile` at O2 for the host's baseline CPU (the
//! build-time engine's settings), linked into a shared library with
//! `cc -shared`, opened with `dlopen` and run through `Instance::call`.
//! Comparing a variant's column with `wasmlite`'s gives the cost of what
//! the variant changes.

use super::{EngineError, Runner};
use std::ffi::CString;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use wasmlite_codegen::{BoundsChecks, CompileOptions, NanResults, OptLevel};
use wasmlite_rt::{Instance, Module, ModuleDescriptor, Val};

/// The setting a startup-compiled kernel changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Variant {
    /// The default options, as the build-time engine uses them: the
    /// baseline of the other variants when both must be loaded alike.
    Default,
    /// Explicit bounds checks instead of guard pages: the cost of exact
    /// trap semantics.
    ExplicitBounds,
    /// NaN results as LLVM leaves them (`NanResults::AsLlvmFolds`, not
    /// conformant): `wasmlite` against it is the cost of exact NaN results.
    NanAsLlvmFolds,
}

impl Variant {
    /// The compile options of this variant (stem and level set by [`load`]).
    pub fn options(self) -> CompileOptions {
        match self {
            Variant::Default => CompileOptions::default(),
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

    /// A name for file and module names.
    pub fn suffix(self) -> &'static str {
        match self {
            Variant::Default => "default",
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
        WasmliteStartup::from_module(module)
    }

    /// Instantiate a kernel's module loaded some other way.
    pub fn from_module(module: Arc<Module>) -> Result<WasmliteStartup, EngineError> {
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

/// A kernel compiled by wasmlite and linked into a shared library.
pub struct Library {
    /// The shared library.
    pub path: PathBuf,
    /// The symbol of its `ModuleDescriptor`.
    pub descriptor_symbol: String,
    /// The objects it was linked from, as the compiler emitted them.
    pub objects: Vec<Vec<u8>>,
}

/// Compile `wasm` at O2 for the host's baseline CPU with `options` (their
/// level and stem replaced) and link it into `dir/STEM.so`. `stem` names
/// the compiled module.
pub fn compile_library(
    wasm: &[u8],
    stem: &str,
    options: CompileOptions,
    dir: &Path,
) -> Result<Library, EngineError> {
    let options = CompileOptions {
        opt_level: OptLevel::O2,
        stem: stem.to_string(),
        ..options
    };
    let compiled =
        wasmlite_codegen::compile(wasm, &options).map_err(|e| failed("compile", e.to_string()))?;
    std::fs::create_dir_all(dir).map_err(|e| failed("scratch directory", e.to_string()))?;
    let path = dir.join(format!("{stem}.so"));
    let mut cc = Command::new("cc");
    cc.arg("-shared").arg("-o").arg(&path);
    for (k, bytes) in compiled.objects.iter().enumerate() {
        let object = dir.join(format!("{stem}{k}.o"));
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
    Ok(Library {
        path,
        descriptor_symbol: compiled.descriptor_symbol,
        objects: compiled.objects,
    })
}

/// Compile and link `wasm` like [`compile_library`] in a scratch
/// directory, open the library for the rest of the process and load its
/// module. The scratch directory is removed (the library stays mapped).
pub fn load(wasm: &[u8], stem: &str, options: CompileOptions) -> Result<Arc<Module>, EngineError> {
    let dir = std::env::temp_dir().join(format!("wasmlite-bench-{}-{stem}", std::process::id()));
    let module = compile_library(wasm, stem, options, &dir).and_then(|library| {
        // SAFETY: `compile_library` just made this library.
        unsafe { open_library(&library.path, &library.descriptor_symbol) }
    });
    let _ = std::fs::remove_dir_all(&dir);
    module
}

/// Open the shared library at `path` for the rest of the process and load
/// the module whose descriptor is `symbol`.
///
/// # Safety
/// The library must be one that [`compile_library`] made (loading it runs
/// no code; its descriptor is trusted as the compiler's).
pub unsafe fn open_library(path: &Path, symbol: &str) -> Result<Arc<Module>, EngineError> {
    let path = CString::new(path.as_os_str().as_encoded_bytes())
        .map_err(|e| failed("library path", e.to_string()))?;
    let symbol = CString::new(symbol).map_err(|e| failed("symbol", e.to_string()))?;
    // SAFETY: `path` and `symbol` are NUL-terminated; the library holds
    // only compiled wasm code and data (no initialisers), is never closed,
    // and the symbol names the `ModuleDescriptor` static it defines, so the
    // reference stays valid for the rest of the process.
    let descriptor = unsafe {
        let handle = libc::dlopen(path.as_ptr(), libc::RTLD_NOW | libc::RTLD_LOCAL);
        if handle.is_null() {
            return Err(failed("dlopen", "the library does not load".into()));
        }
        let descriptor = libc::dlsym(handle, symbol.as_ptr()).cast::<ModuleDescriptor>();
        descriptor
            .as_ref()
            .ok_or_else(|| failed("dlsym", "no descriptor symbol".into()))?
    };
    // SAFETY: the descriptor of an object wasmlite's compiler emitted
    // (the library's contract above), in a library that stays mapped.
    Ok(unsafe { Module::from_descriptor(descriptor) }?)
}

fn failed(what: &str, why: String) -> EngineError {
    EngineError::Instantiate(format!("{what}: {why}"))
}
