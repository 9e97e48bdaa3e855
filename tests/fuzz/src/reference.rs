//! The reference engine: the wasmi interpreter, with fuel as a backstop
//! against runaway code and a deep call stack.

use crate::engine::Engine;
use crate::shape::{FuncExport, Shape};
use crate::value::{Outcome, State, TrapKind, Ty, Value};
use wasmi::{
    Config, Engine as WasmiEngine, ExternRef, Linker, Module, Ref as Nullable, Store, Val,
};

/// Fuel wasmi gets for instantiation and for every call: far beyond what
/// wasm-smith's own fuel lets a module use, so running out means a bug in
/// the instrumentation, reported as inconclusive.
const REFERENCE_FUEL: u64 = 1 << 32;
/// wasmi's call depth limit; wasm-smith's fuel stops recursion far earlier.
const MAX_RECURSION: usize = 1 << 20;

/// A module compiled by wasmi, not yet instantiated.
pub struct ReferenceModule {
    engine: WasmiEngine,
    module: Module,
}

impl ReferenceModule {
    /// Validates and translates `wasm`; `Err` if wasmi rejects it.
    pub fn new(wasm: &[u8]) -> Result<ReferenceModule, String> {
        let mut config = Config::default();
        config
            .consume_fuel(true)
            .set_max_recursion_depth(MAX_RECURSION)
            .set_max_stack_height(1 << 30)
            .wasm_tail_call(true)
            .wasm_extended_const(true)
            .wasm_multi_memory(true)
            .wasm_memory64(true)
            .wasm_wide_arithmetic(false)
            .wasm_custom_page_sizes(false);
        let engine = WasmiEngine::new(&config);
        let module = Module::new(&engine, wasm).map_err(|e| e.to_string())?;
        Ok(ReferenceModule { engine, module })
    }

    /// The module's exports; `Err` names an export type the fuzzer cannot
    /// drive (`v128`).
    pub fn shape(&self) -> Result<Shape, String> {
        let mut shape = Shape::default();
        for export in self.module.exports() {
            let name = export.name().to_string();
            match export.ty() {
                wasmi::ExternType::Func(ty) => shape.funcs.push(FuncExport {
                    name,
                    params: types(ty.params())?,
                    results: types(ty.results())?,
                }),
                wasmi::ExternType::Global(_) => shape.globals.push(name),
                wasmi::ExternType::Memory(_) => shape.memories.push(name),
                wasmi::ExternType::Table(_) => shape.tables.push(name),
            }
        }
        Ok(shape)
    }

    /// Instantiates the module and runs its start function; `Err` describes
    /// the failure (a trap or a link error).
    pub fn instantiate(&self) -> Result<ReferenceInstance, TrapKind> {
        let mut store = Store::new(&self.engine, ());
        store.set_fuel(REFERENCE_FUEL).expect("fuel is enabled");
        let linker = Linker::new(&self.engine);
        let instance = linker
            .instantiate_and_start(&mut store, &self.module)
            .map_err(|e| trap_kind(&e))?;
        Ok(ReferenceInstance { store, instance })
    }
}

fn wasmi_type(ty: Ty) -> wasmi::ValType {
    match ty {
        Ty::I32 => wasmi::ValType::I32,
        Ty::I64 => wasmi::ValType::I64,
        Ty::F32 => wasmi::ValType::F32,
        Ty::F64 => wasmi::ValType::F64,
        Ty::FuncRef => wasmi::ValType::FuncRef,
        Ty::ExternRef => wasmi::ValType::ExternRef,
    }
}

fn types(types: &[wasmi::ValType]) -> Result<Vec<Ty>, String> {
    types
        .iter()
        .map(|ty| match ty {
            wasmi::ValType::I32 => Ok(Ty::I32),
            wasmi::ValType::I64 => Ok(Ty::I64),
            wasmi::ValType::F32 => Ok(Ty::F32),
            wasmi::ValType::F64 => Ok(Ty::F64),
            wasmi::ValType::FuncRef => Ok(Ty::FuncRef),
            wasmi::ValType::ExternRef => Ok(Ty::ExternRef),
            other => Err(format!("export uses {other:?}")),
        })
        .collect()
}

/// A wasmi instance.
pub struct ReferenceInstance {
    store: Store<()>,
    instance: wasmi::Instance,
}

impl ReferenceInstance {
    fn wasmi_val(&mut self, value: Value) -> Val {
        match value {
            Value::I32(x) => Val::I32(x),
            Value::I64(x) => Val::I64(x),
            Value::F32(x) => Val::F32(wasmi::F32::from_bits(x)),
            Value::F64(x) => Val::F64(wasmi::F64::from_bits(x)),
            Value::FuncRef { .. } => Val::FuncRef(Nullable::Null),
            Value::ExternRef(None) => Val::ExternRef(Nullable::Null),
            Value::ExternRef(Some(handle)) => {
                Val::ExternRef(Nullable::Val(ExternRef::new(&mut self.store, handle)))
            }
        }
    }

    fn neutral(&self, value: &Val) -> Value {
        match value {
            Val::I32(x) => Value::I32(*x),
            Val::I64(x) => Value::I64(*x),
            Val::F32(x) => Value::F32(x.to_bits()),
            Val::F64(x) => Value::F64(x.to_bits()),
            Val::FuncRef(f) => Value::FuncRef { null: f.is_null() },
            Val::ExternRef(r) => Value::ExternRef(r.val().map(|r| {
                *r.data(&self.store)
                    .downcast_ref::<u64>()
                    .expect("externrefs the fuzzer made hold a u64 handle")
            })),
            Val::V128(_) => unreachable!("shape() rejects v128 exports"),
        }
    }
}

impl Engine for ReferenceInstance {
    fn call(&mut self, func: &FuncExport, args: &[Value]) -> Outcome {
        let f = self
            .instance
            .get_func(&self.store, &func.name)
            .expect("the shape comes from this module");
        let args: Vec<Val> = args.iter().map(|&v| self.wasmi_val(v)).collect();
        let mut results: Vec<Val> = func
            .results
            .iter()
            .map(|&ty| Val::default(wasmi_type(ty)))
            .collect();
        self.store
            .set_fuel(REFERENCE_FUEL)
            .expect("fuel is enabled");
        match f.call(&mut self.store, &args, &mut results) {
            Ok(()) => Outcome::Returned(results.iter().map(|v| self.neutral(v)).collect()),
            Err(e) => Outcome::Trapped(trap_kind(&e)),
        }
    }

    fn set_global(&mut self, name: &str, value: Value) {
        let global = self
            .instance
            .get_global(&self.store, name)
            .expect("the shape comes from this module");
        let value = self.wasmi_val(value);
        global
            .set(&mut self.store, value)
            .expect("the fuel global is a mutable i32");
    }

    fn state(&mut self, shape: &Shape) -> State {
        let store = &self.store;
        let instance = self.instance;
        let globals = shape
            .globals
            .iter()
            .map(|name| {
                let global = instance.get_global(store, name).expect("exported global");
                (name.clone(), self.neutral(&global.get(store)))
            })
            .collect();
        let memories = shape
            .memories
            .iter()
            .map(|name| {
                let memory = instance.get_memory(store, name).expect("exported memory");
                (name.clone(), memory.data(store).to_vec())
            })
            .collect();
        let tables = shape
            .tables
            .iter()
            .map(|name| {
                let table = instance.get_table(store, name).expect("exported table");
                let elements = (0..table.size(store))
                    .map(|i| self.neutral(&table.get(store, i).expect("in bounds")))
                    .collect();
                (name.clone(), elements)
            })
            .collect();
        State {
            globals,
            memories,
            tables,
        }
    }
}

/// The neutral kind of a wasmi error.
fn trap_kind(error: &wasmi::Error) -> TrapKind {
    use wasmi::TrapCode as C;
    match error.as_trap_code() {
        Some(C::UnreachableCodeReached) => TrapKind::Unreachable,
        Some(C::MemoryOutOfBounds) => TrapKind::MemoryOutOfBounds,
        Some(C::TableOutOfBounds) => TrapKind::TableOutOfBounds,
        Some(C::IndirectCallToNull) => TrapKind::IndirectCallToNull,
        Some(C::IntegerDivisionByZero) => TrapKind::IntegerDivisionByZero,
        Some(C::IntegerOverflow) => TrapKind::IntegerOverflow,
        Some(C::BadConversionToInteger) => TrapKind::BadConversionToInteger,
        Some(C::StackOverflow) => TrapKind::StackOverflow,
        Some(C::BadSignature) => TrapKind::BadSignature,
        Some(C::OutOfFuel) => TrapKind::OutOfFuel,
        // wasmi 1.1 gives `table.copy` out of bounds, and an active element
        // segment that does not fit its table at instantiation, no trap
        // code; the specification traps with "out of bounds table access".
        _ if matches!(
            error.kind(),
            wasmi::errors::ErrorKind::Table(wasmi::errors::TableError::CopyOutOfBounds)
                | wasmi::errors::ErrorKind::Instantiation(
                    wasmi::errors::InstantiationError::ElementSegmentDoesNotFit { .. }
                )
        ) =>
        {
            TrapKind::TableOutOfBounds
        }
        _ => TrapKind::Other(error.to_string()),
    }
}
