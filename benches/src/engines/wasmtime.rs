//! The kernels in wasmtime: Cranelift, `Config::new()` defaults.

use super::{EngineError, Runner};
use wasmtime::{Engine, Instance, Module, Store, TypedFunc};

/// One wasmtime instance of a kernel, with its own store.
pub struct Wasmtime {
    store: Store<()>,
    run: TypedFunc<i32, i32>,
    checksum: TypedFunc<(), i32>,
}

impl Wasmtime {
    /// Compile `wasm` with `engine` and instantiate it.
    pub fn new(engine: &Engine, wasm: &[u8]) -> Result<Wasmtime, EngineError> {
        let failed = |e: wasmtime::Error| EngineError::Instantiate(format!("{e:?}"));
        let module = Module::new(engine, wasm).map_err(failed)?;
        let mut store = Store::new(engine, ());
        let instance = Instance::new(&mut store, &module, &[]).map_err(failed)?;
        let run = instance.get_typed_func(&mut store, "run").map_err(failed)?;
        let checksum = instance
            .get_typed_func(&mut store, "checksum")
            .map_err(failed)?;
        Ok(Wasmtime {
            store,
            run,
            checksum,
        })
    }
}

fn trapped(e: wasmtime::Error) -> EngineError {
    EngineError::Trap(format!("{e:?}"))
}

impl Runner for Wasmtime {
    fn run(&mut self, n: i32) -> Result<i32, EngineError> {
        self.run.call(&mut self.store, n).map_err(trapped)
    }

    fn checksum(&mut self) -> Result<u32, EngineError> {
        self.checksum
            .call(&mut self.store, ())
            .map(|sum| sum as u32)
            .map_err(trapped)
    }
}
