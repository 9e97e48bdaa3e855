//! Shared by the numeric test files: compiling wasm text, and loading the
//! compiled object into this process to run it with `wasmlite-rt`.
//!
//! Loading: the object is linked into a shared library (`cc -shared`),
//! opened with `dlopen`, and its `ModuleDescriptor` handed to
//! `wasmlite_rt::Module::from_descriptor`. Libraries stay loaded for the
//! rest of the process: the runtime keeps `&'static` references into them.
#![allow(dead_code)]

pub mod disasm;
pub mod operators;
pub mod reference;
pub mod values;

use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use values::Value;
use wasmlite_abi::{ModuleDescriptor, TrapCode};
use wasmlite_codegen::{compile, CompileOptions, CompiledModule, OptLevel};
use wasmlite_rt::{Instance, Module, Val};

/// Compile wasm text for the host.
pub fn compile_wat(text: &str, opt_level: OptLevel) -> CompiledModule {
    compile_wat_for(text, opt_level, None)
}

/// Compile wasm text for `triple` (`None`: the host).
pub fn compile_wat_for(text: &str, opt_level: OptLevel, triple: Option<&str>) -> CompiledModule {
    compile_wat_with(
        text,
        &CompileOptions {
            opt_level,
            target_triple: triple.map(str::to_string),
            ..Default::default()
        },
    )
}

/// Compile wasm text with `options` (the stem is always `numeric`).
pub fn compile_wat_with(text: &str, options: &CompileOptions) -> CompiledModule {
    let wasm = wat::parse_str(text).unwrap_or_else(|e| panic!("test module parses: {e}"));
    let options = CompileOptions {
        stem: "numeric".into(),
        ..options.clone()
    };
    compile(&wasm, &options).unwrap_or_else(|e| panic!("compiles with {options:?}: {e}"))
}

/// Compile wasm text, load it and instantiate it (no imports).
pub fn instantiate_wat(text: &str, opt_level: OptLevel) -> Instance {
    instantiate_wat_with(
        text,
        &CompileOptions {
            opt_level,
            ..Default::default()
        },
    )
}

/// Compile wasm text with `options`, load it and instantiate it (no imports).
pub fn instantiate_wat_with(text: &str, options: &CompileOptions) -> Instance {
    let compiled = compile_wat_with(text, options);
    let descriptor = load(&compiled);
    // SAFETY: the descriptor of an object the compiler just emitted, in a
    // library that stays loaded.
    let module = unsafe { Module::from_descriptor(descriptor) }
        .unwrap_or_else(|e| panic!("module loads: {e}"));
    Instance::new(module, &[]).unwrap_or_else(|e| panic!("instantiates: {e}"))
}

/// Link `compiled` into a shared library, load it, and return its
/// descriptor.
pub fn load(compiled: &CompiledModule) -> &'static ModuleDescriptor {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "numeric-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).expect("create the scratch directory");
    let library = dir.join("module.so");
    let mut cc = Command::new("cc");
    cc.arg("-shared").arg("-o").arg(&library);
    for (k, bytes) in compiled.objects.iter().enumerate() {
        let object = dir.join(format!("module{k}.o"));
        std::fs::write(&object, bytes).expect("write the object");
        cc.arg(object);
    }
    let status = cc.status().expect("run cc");
    assert!(status.success(), "cc -shared failed in {}", dir.display());
    // SAFETY: the library is a compiled wasm module: loading it runs no
    // initialisers.
    let library = unsafe { libloading::Library::new(&library) }.expect("dlopen the module");
    let library: &'static libloading::Library = Box::leak(Box::new(library));
    // SAFETY: the symbol is the module's `ModuleDescriptor` (a static),
    // and the library is never unloaded.
    let descriptor = unsafe {
        let symbol = library
            .get::<*const ModuleDescriptor>(compiled.descriptor_symbol.as_bytes())
            .expect("the descriptor symbol is defined");
        &**symbol
    };
    let _ = std::fs::remove_dir_all(&dir);
    descriptor
}

/// Call export `name` with `args`; a trap becomes its code.
pub fn call(instance: &mut Instance, name: &str, args: &[Value]) -> Result<Value, TrapCode> {
    let args: Vec<Val> = args.iter().map(|v| to_val(*v)).collect();
    match instance.call(name, &args) {
        Ok(results) => Ok(from_val(&results[0])),
        Err(wasmlite_rt::CallError::Trap(trap)) => Err(trap.code()),
        Err(e) => panic!("calling {name}: {e}"),
    }
}

fn to_val(v: Value) -> Val {
    match v {
        Value::I32(x) => Val::I32(x),
        Value::I64(x) => Val::I64(x),
        Value::F32(x) => Val::F32(x),
        Value::F64(x) => Val::F64(x),
    }
}

fn from_val(v: &Val) -> Value {
    match v {
        Val::I32(x) => Value::I32(*x),
        Val::I64(x) => Value::I64(*x),
        Val::F32(x) => Value::F32(*x),
        Val::F64(x) => Value::F64(*x),
        other => panic!("not a number: {other:?}"),
    }
}
