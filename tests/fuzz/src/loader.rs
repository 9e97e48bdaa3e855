//! Loading compiled modules into this process: their objects are linked
//! into one shared library with `cc -shared` and opened with `dlopen`
//! (one link for all the builds of a module: their descriptor symbols
//! differ by stem).
//!
//! Libraries stay loaded for the rest of the process (the runtime keeps
//! `&'static` references into them), so long campaigns run in worker
//! processes that are replaced every few hundred modules.

use std::fmt;
use std::path::PathBuf;
use std::process::Command;
use wasmlite_abi::ModuleDescriptor;
use wasmlite_codegen::CompiledModule;

/// Why a compiled module could not be loaded.
#[derive(Debug)]
pub enum LoadError {
    /// Writing the objects or running the linker failed.
    Io(std::io::Error),
    /// The linker rejected the objects.
    Link(String),
    /// `dlopen` or `dlsym` failed.
    Open(libloading::Error),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Io(e) => write!(f, "writing or linking the objects: {e}"),
            LoadError::Link(stderr) => write!(f, "cc -shared failed: {stderr}"),
            LoadError::Open(e) => write!(f, "loading the library: {e}"),
        }
    }
}

impl std::error::Error for LoadError {}

impl From<std::io::Error> for LoadError {
    fn from(e: std::io::Error) -> LoadError {
        LoadError::Io(e)
    }
}

/// Links and opens compiled modules, using a private scratch directory.
pub struct Loader {
    scratch: tempfile::TempDir,
    loaded: usize,
}

impl Loader {
    /// A loader with a fresh scratch directory.
    pub fn new() -> std::io::Result<Loader> {
        Ok(Loader {
            scratch: tempfile::Builder::new()
                .prefix("wasmlite-fuzz-")
                .tempdir()?,
            loaded: 0,
        })
    }

    /// Links `compiled` into a library, opens it, and returns its descriptor.
    pub fn load(
        &mut self,
        compiled: &CompiledModule,
    ) -> Result<&'static ModuleDescriptor, LoadError> {
        Ok(self.load_all(std::slice::from_ref(compiled))?[0])
    }

    /// Links every module of `modules` (whose descriptor symbols must
    /// differ) into one library, opens it, and returns their descriptors in
    /// order.
    pub fn load_all(
        &mut self,
        modules: &[CompiledModule],
    ) -> Result<Vec<&'static ModuleDescriptor>, LoadError> {
        self.loaded += 1;
        let dir = self.scratch.path().join(self.loaded.to_string());
        std::fs::create_dir_all(&dir)?;
        let result = link_and_open(&dir, modules);
        // The library stays mapped after its file is gone.
        let _ = std::fs::remove_dir_all(&dir);
        result
    }
}

fn link_and_open(
    dir: &std::path::Path,
    modules: &[CompiledModule],
) -> Result<Vec<&'static ModuleDescriptor>, LoadError> {
    let library_path = dir.join("module.so");
    let mut cc = Command::new("cc");
    cc.arg("-shared").arg("-o").arg(&library_path);
    for (m, compiled) in modules.iter().enumerate() {
        for (k, bytes) in compiled.objects.iter().enumerate() {
            let object: PathBuf = dir.join(format!("module{m}-{k}.o"));
            std::fs::write(&object, bytes)?;
            cc.arg(object);
        }
    }
    let output = cc.output()?;
    if !output.status.success() {
        return Err(LoadError::Link(
            String::from_utf8_lossy(&output.stderr).into_owned(),
        ));
    }
    // SAFETY: the library holds only compiled wasm code and data; loading
    // it runs no initialisers.
    let library = unsafe { libloading::Library::new(&library_path) }.map_err(LoadError::Open)?;
    let library: &'static libloading::Library = Box::leak(Box::new(library));
    modules
        .iter()
        .map(|compiled| {
            // SAFETY: the descriptor symbol names a `ModuleDescriptor`
            // static, and the library is never unloaded, so the reference
            // stays valid.
            unsafe {
                let symbol = library
                    .get::<*const ModuleDescriptor>(compiled.descriptor_symbol.as_bytes())
                    .map_err(LoadError::Open)?;
                Ok(&**symbol)
            }
        })
        .collect()
}
