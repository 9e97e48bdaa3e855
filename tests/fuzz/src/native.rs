//! The engine under test: wasmlite's compiler and runtime, with the module
//! loaded in-process.

use crate::engine::Engine;
use crate::loader::{LoadError, Loader};
use crate::shape::{FuncExport, Shape};
use crate::value::{Outcome, State, TrapKind, Value};
use std::num::NonZeroUsize;
use wasmlite_codegen::{
    compile, BoundsChecks, CompileError, CompileOptions, CompiledModule, OptLevel,
};
use wasmlite_rt::{
    CallError, Extern, ExternRef, Instance, InstantiationError, Module, TrapCode, Val,
};

/// Why a module never became a wasmlite instance.
#[derive(Debug)]
pub enum NativeError {
    /// The compiler rejected or failed on the module.
    Compile(CompileError),
    /// The object could not be linked or loaded.
    Load(LoadError),
    /// The runtime rejected the descriptor.
    Module(InstantiationError),
}

impl std::fmt::Display for NativeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NativeError::Compile(e) => write!(f, "compile: {e}"),
            NativeError::Load(e) => write!(f, "load: {e}"),
            NativeError::Module(e) => write!(f, "Module::from_descriptor: {e}"),
        }
    }
}

/// Compiles `wasm` at `opt_level` once per entry of `builds` (in
/// parallel), links the builds into one library and loads them. A compile
/// error names the build's index in `builds`.
pub fn compile_and_load(
    wasm: &[u8],
    opt_level: OptLevel,
    builds: &[BoundsChecks],
    loader: &mut Loader,
) -> Result<Vec<std::sync::Arc<Module>>, (Option<usize>, NativeError)> {
    let compile_one = |k: usize| {
        let options = CompileOptions {
            opt_level,
            bounds_checks: builds[k],
            // Distinct stems give the builds distinct symbols.
            stem: format!("fuzz{k}"),
            ..CompileOptions::default()
        };
        compile(wasm, &options)
    };
    let compiled: Vec<Result<CompiledModule, CompileError>> = std::thread::scope(|scope| {
        let others: Vec<_> = (1..builds.len())
            .map(|k| {
                std::thread::Builder::new()
                    .stack_size(COMPILE_STACK)
                    .spawn_scoped(scope, move || compile_one(k))
            })
            .collect();
        let mut all = vec![compile_one(0)];
        for (k, handle) in others.into_iter().enumerate() {
            // Without a thread, compile here.
            all.push(match handle {
                Ok(handle) => handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                Err(_) => compile_one(k + 1),
            });
        }
        all
    });
    let compiled = compiled
        .into_iter()
        .enumerate()
        .map(|(k, result)| result.map_err(|e| (Some(k), NativeError::Compile(e))))
        .collect::<Result<Vec<_>, _>>()?;
    let descriptors = loader
        .load_all(&compiled)
        .map_err(|e| (None, NativeError::Load(e)))?;
    descriptors
        .into_iter()
        // SAFETY: each descriptor was emitted by the wasmlite compiler, and
        // the loader keeps its object loaded.
        .map(|d| unsafe { Module::from_descriptor(d) }.map_err(|e| (None, NativeError::Module(e))))
        .collect()
}

/// Stack for compiling on a second thread: the compiler recurses on
/// nesting, like on the worker's item thread.
const COMPILE_STACK: usize = 256 << 20;

/// Instantiates `module` (no imports); a failure is described as a trap
/// kind so it can be compared with the reference's.
pub fn instantiate(module: std::sync::Arc<Module>) -> Result<NativeInstance, TrapKind> {
    match Instance::new(module, &[]) {
        Ok(instance) => Ok(NativeInstance { instance }),
        Err(
            InstantiationError::StartTrapped(trap) | InstantiationError::SegmentOutOfBounds(trap),
        ) => Err(trap_kind(trap.code())),
        Err(other) => Err(TrapKind::Other(other.to_string())),
    }
}

/// A wasmlite instance.
pub struct NativeInstance {
    instance: Instance,
}

impl NativeInstance {
    /// Checks that every export in `shape` exists here with the same kind.
    pub fn check_exports(&self, shape: &Shape) -> Result<(), String> {
        let expect = |name: &str, kind: &str, ok: fn(&Extern) -> bool| match self
            .instance
            .get_export(name)
        {
            Some(e) if ok(&e) => Ok(()),
            Some(_) => Err(format!("export `{name}` is not a {kind} in wasmlite")),
            None => Err(format!("export `{name}` is missing in wasmlite")),
        };
        for f in &shape.funcs {
            expect(&f.name, "function", |e| matches!(e, Extern::Func(_)))?;
        }
        for g in &shape.globals {
            expect(g, "global", |e| matches!(e, Extern::Global(_)))?;
        }
        for m in &shape.memories {
            expect(m, "memory", |e| matches!(e, Extern::Memory(_)))?;
        }
        for t in &shape.tables {
            expect(t, "table", |e| matches!(e, Extern::Table(_)))?;
        }
        Ok(())
    }
}

fn to_val(value: Value) -> Val {
    match value {
        Value::I32(x) => Val::I32(x),
        Value::I64(x) => Val::I64(x),
        Value::F32(x) => Val::F32(x),
        Value::F64(x) => Val::F64(x),
        Value::FuncRef { .. } => Val::FuncRef(None),
        Value::ExternRef(handle) => Val::ExternRef(
            handle
                .and_then(|h| NonZeroUsize::new(h as usize))
                .map(ExternRef::new),
        ),
    }
}

fn from_val(value: &Val) -> Value {
    match value {
        Val::I32(x) => Value::I32(*x),
        Val::I64(x) => Value::I64(*x),
        Val::F32(x) => Value::F32(*x),
        Val::F64(x) => Value::F64(*x),
        Val::FuncRef(f) => Value::FuncRef { null: f.is_none() },
        Val::ExternRef(r) => Value::ExternRef(r.as_ref().map(|r| r.handle() as u64)),
        Val::V128(_) => unreachable!("SIMD is disabled in generated modules"),
    }
}

impl Engine for NativeInstance {
    fn call(&mut self, func: &FuncExport, args: &[Value]) -> Outcome {
        let args: Vec<Val> = args.iter().map(|&v| to_val(v)).collect();
        match self.instance.call(&func.name, &args) {
            Ok(results) => Outcome::Returned(results.iter().map(from_val).collect()),
            Err(CallError::Trap(trap)) => Outcome::Trapped(trap_kind(trap.code())),
            Err(refused) => Outcome::Refused(refused.to_string()),
        }
    }

    fn set_global(&mut self, name: &str, value: Value) {
        let Some(Extern::Global(global)) = self.instance.get_export(name) else {
            panic!("check_exports found global `{name}`");
        };
        global
            .set(to_val(value))
            .expect("the fuel global is a mutable i32");
    }

    fn state(&mut self, shape: &Shape) -> State {
        let export = |name: &str| {
            self.instance
                .get_export(name)
                .expect("check_exports passed")
        };
        let globals = shape
            .globals
            .iter()
            .map(|name| match export(name) {
                Extern::Global(g) => (name.clone(), from_val(&g.get())),
                _ => unreachable!("check_exports passed"),
            })
            .collect();
        let memories = shape
            .memories
            .iter()
            .map(|name| match export(name) {
                Extern::Memory(m) => {
                    let mut bytes = vec![0; m.data_size() as usize];
                    m.read(0, &mut bytes).expect("reading the whole memory");
                    (name.clone(), bytes)
                }
                _ => unreachable!("check_exports passed"),
            })
            .collect();
        let tables = shape
            .tables
            .iter()
            .map(|name| match export(name) {
                Extern::Table(t) => {
                    let elements = (0..t.size())
                        .map(|i| from_val(&t.get(i).expect("in bounds")))
                        .collect();
                    (name.clone(), elements)
                }
                _ => unreachable!("check_exports passed"),
            })
            .collect();
        State {
            globals,
            memories,
            tables,
        }
    }
}

/// The neutral kind of a wasmlite trap code.
fn trap_kind(code: TrapCode) -> TrapKind {
    match code {
        TrapCode::StackOverflow => TrapKind::StackOverflow,
        TrapCode::MemoryOutOfBounds => TrapKind::MemoryOutOfBounds,
        TrapCode::TableOutOfBounds => TrapKind::TableOutOfBounds,
        TrapCode::IndirectCallToNull => TrapKind::IndirectCallToNull,
        TrapCode::BadSignature => TrapKind::BadSignature,
        TrapCode::IntegerOverflow => TrapKind::IntegerOverflow,
        TrapCode::IntegerDivisionByZero => TrapKind::IntegerDivisionByZero,
        TrapCode::BadConversionToInteger => TrapKind::BadConversionToInteger,
        TrapCode::UnreachableCodeReached => TrapKind::Unreachable,
        TrapCode::NullReference => TrapKind::NullReference,
        #[allow(unreachable_patterns)]
        other => TrapKind::Other(format!("{other:?}")),
    }
}
