//! Loading compiled objects into this process with LLVM's ORC LLJIT.
//!
//! The object bytes `wasmlite_codegen::compile` produces are exactly what
//! `wasmlite-build` links into user crates; here LLJIT's object linking
//! layer links them in memory instead, and the descriptor symbol is looked
//! up. One JIT serves the whole process and is never torn down, so code and
//! descriptors it loaded live for the rest of the process (that is what
//! makes the descriptor `&'static`). This leak is deliberate: a worker
//! process runs one wast file, so it is bounded by that file's modules
//! (with `--in-process`, by the modules of every file run).
//!
//! Symbols an object does not define (e.g. `memcpy`, or `floorf` when the
//! target CPU lacks SSE4.1) resolve against the process, as they would
//! against the C library in a statically linked binary.

use inkwell::llvm_sys::core::LLVMCreateMemoryBufferWithMemoryRangeCopy;
use inkwell::llvm_sys::error::{LLVMDisposeErrorMessage, LLVMErrorRef, LLVMGetErrorMessage};
use inkwell::llvm_sys::orc2::lljit::{
    LLVMOrcCreateLLJIT, LLVMOrcLLJITAddObjectFile, LLVMOrcLLJITGetGlobalPrefix,
    LLVMOrcLLJITGetMainJITDylib, LLVMOrcLLJITLookup, LLVMOrcLLJITRef,
};
use inkwell::llvm_sys::orc2::{
    LLVMOrcCreateDynamicLibrarySearchGeneratorForProcess, LLVMOrcJITDylibAddGenerator,
    LLVMOrcJITDylibRef,
};
use inkwell::targets::{InitializationConfig, Target};
use std::collections::HashMap;
use std::ffi::{CStr, CString};
use std::sync::{Mutex, OnceLock, PoisonError};
use wasmlite_abi::ModuleDescriptor;

/// Why an object could not be loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JitError(pub String);

impl std::fmt::Display for JitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for JitError {}

/// The process-wide JIT and the descriptors it has loaded, by symbol.
struct Jit {
    jit: LLVMOrcLLJITRef,
    main: LLVMOrcJITDylibRef,
    loaded: HashMap<String, &'static ModuleDescriptor>,
}

// SAFETY: LLJIT is thread-safe; the handles are only used under the mutex.
unsafe impl Send for Jit {}

static JIT: OnceLock<Result<Mutex<Jit>, JitError>> = OnceLock::new();

/// Load `objects` (the parts of one compiled module, unless objects defining
/// `descriptor_symbol` were loaded before) and return the module descriptor.
///
/// Objects are keyed by their descriptor symbol, which hashes the wasm
/// binary: the same module compiled twice is loaded once.
pub fn load(
    objects: &[Vec<u8>],
    descriptor_symbol: &str,
) -> Result<&'static ModuleDescriptor, JitError> {
    let jit = JIT
        .get_or_init(|| Jit::new().map(Mutex::new))
        .as_ref()
        .map_err(Clone::clone)?;
    let mut jit = jit.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(descriptor) = jit.loaded.get(descriptor_symbol) {
        return Ok(descriptor);
    }
    let descriptor = jit.add_and_lookup(objects, descriptor_symbol)?;
    jit.loaded.insert(descriptor_symbol.to_string(), descriptor);
    Ok(descriptor)
}

impl Jit {
    fn new() -> Result<Jit, JitError> {
        Target::initialize_native(&InitializationConfig::default()).map_err(JitError)?;
        let mut jit: LLVMOrcLLJITRef = std::ptr::null_mut();
        // SAFETY: a null builder asks for the default (host) configuration.
        check(
            unsafe { LLVMOrcCreateLLJIT(&mut jit, std::ptr::null_mut()) },
            "creating the JIT",
        )?;
        // SAFETY: `jit` was just created and is never disposed.
        let main = unsafe { LLVMOrcLLJITGetMainJITDylib(jit) };
        let mut generator = std::ptr::null_mut();
        // SAFETY: `jit` is valid; no filter.
        let status = unsafe {
            LLVMOrcCreateDynamicLibrarySearchGeneratorForProcess(
                &mut generator,
                LLVMOrcLLJITGetGlobalPrefix(jit),
                None,
                std::ptr::null_mut(),
            )
        };
        check(status, "creating the process symbol generator")?;
        // SAFETY: the dylib takes ownership of the generator.
        unsafe { LLVMOrcJITDylibAddGenerator(main, generator) };
        Ok(Jit {
            jit,
            main,
            loaded: HashMap::new(),
        })
    }

    fn add_and_lookup(
        &mut self,
        objects: &[Vec<u8>],
        symbol: &str,
    ) -> Result<&'static ModuleDescriptor, JitError> {
        let name = CString::new(symbol)
            .map_err(|_| JitError(format!("symbol `{symbol}` contains NUL")))?;
        for object in objects {
            // SAFETY: the buffer copies `object`; the name is NUL-terminated.
            let buffer = unsafe {
                LLVMCreateMemoryBufferWithMemoryRangeCopy(
                    object.as_ptr().cast(),
                    object.len(),
                    name.as_ptr(),
                )
            };
            // SAFETY: `jit` and `main` are valid; the JIT takes ownership of `buffer`.
            check(
                unsafe { LLVMOrcLLJITAddObjectFile(self.jit, self.main, buffer) },
                "adding the object",
            )?;
        }
        let mut address = 0;
        // SAFETY: `jit` is valid, `name` NUL-terminated; looking up links the object.
        check(
            unsafe { LLVMOrcLLJITLookup(self.jit, &mut address, name.as_ptr()) },
            "linking the object",
        )?;
        if address == 0 {
            return Err(JitError(format!("`{symbol}` resolved to address 0")));
        }
        // SAFETY: the symbol is the compiler's `ModuleDescriptor`, in memory
        // the JIT keeps for the rest of the process (it is never disposed).
        Ok(unsafe { &*(address as *const ModuleDescriptor) })
    }
}

/// Turn an LLVM error into a [`JitError`] (consuming it).
fn check(error: LLVMErrorRef, doing: &str) -> Result<(), JitError> {
    if error.is_null() {
        return Ok(());
    }
    // SAFETY: a non-null error is consumed by taking its message, which is
    // then freed with the matching function.
    let message = unsafe {
        let raw = LLVMGetErrorMessage(error);
        let message = CStr::from_ptr(raw).to_string_lossy().into_owned();
        LLVMDisposeErrorMessage(raw);
        message
    };
    Err(JitError(format!("{doing}: {message}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasmlite_codegen::{compile, CompileOptions};

    #[test]
    fn loads_a_compiled_module_and_finds_its_descriptor() {
        let wasm = wast::parser::parse::<wast::Wat>(
            &wast::parser::ParseBuffer::new(
                r#"(module (func (export "id") (param i32) (result i32) local.get 0))"#,
            )
            .unwrap(),
        )
        .unwrap()
        .encode()
        .unwrap();
        let compiled = compile(
            &wasm,
            &CompileOptions {
                stem: "jit_test".into(),
                ..Default::default()
            },
        )
        .unwrap();
        let descriptor = load(&compiled.objects, &compiled.descriptor_symbol).unwrap();
        assert_eq!(descriptor.abi_version, wasmlite_abi::ABI_VERSION);
        assert_eq!(descriptor.num_exports, 1);
        // SAFETY: a descriptor the compiler emitted.
        let info = unsafe { descriptor.module_info_bytes() };
        assert_eq!(info, compiled.info.to_bytes().as_slice());
        let again = load(&compiled.objects, &compiled.descriptor_symbol).unwrap();
        assert!(std::ptr::eq(descriptor, again), "a module is loaded once");
    }
}
