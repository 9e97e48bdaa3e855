//! [`Linker`]: resolving a module's imports by name.

use crate::error::InstantiationError;
use crate::externs::Extern;
use crate::host_func::{HostFunc, IntoHostFunc};
use crate::host_state::HostState;
use crate::imports;
use crate::instance::Instance;
use crate::module::Module;
use std::collections::HashMap;
use std::sync::Arc;

/// Definitions by `(module, name)`, to instantiate modules whose imports
/// are known by name only: the dynamic path (WASI, tools running any
/// module), as opposed to the bindings of `include_wasm!`, which pass
/// imports by position.
///
/// ```
/// use wasmlite_rt::{Caller, Linker};
/// let mut linker = Linker::new();
/// linker.func_wrap("env", "add", |_: &mut Caller<'_>, a: i32, b: i32| a + b);
/// assert!(linker.get("env", "add").is_some());
/// ```
#[derive(Clone, Debug, Default)]
pub struct Linker {
    items: HashMap<(String, String), Extern>,
}

impl Linker {
    /// A linker defining nothing.
    pub fn new() -> Linker {
        Linker::default()
    }

    /// Defines `module`.`name` as `item` (replacing an earlier definition).
    pub fn define(&mut self, module: &str, name: &str, item: impl Into<Extern>) -> &mut Linker {
        self.items
            .insert((module.to_owned(), name.to_owned()), item.into());
        self
    }

    /// Defines `module`.`name` as the host function `f` (see
    /// [`HostFunc::wrap`]).
    pub fn func_wrap<Params, Results>(
        &mut self,
        module: &str,
        name: &str,
        f: impl IntoHostFunc<Params, Results>,
    ) -> &mut Linker {
        self.define(module, name, HostFunc::wrap(f))
    }

    /// Defines every export of `instance` as `module`.`<export name>`.
    pub fn define_instance(&mut self, module: &str, instance: &Instance) -> &mut Linker {
        for (name, item) in instance.exports() {
            self.define(module, name, item);
        }
        self
    }

    /// The definition of `module`.`name`.
    pub fn get(&self, module: &str, name: &str) -> Option<&Extern> {
        self.items.get(&(module.to_owned(), name.to_owned()))
    }

    /// The definition of each of `module`'s imports, in order; an error
    /// names the first import with none.
    pub fn resolve(&self, module: &Module) -> Result<Vec<Extern>, InstantiationError> {
        let imports = module.info().imports.iter().enumerate();
        imports
            .map(|(index, import)| {
                self.get(&import.module, &import.field)
                    .cloned()
                    .ok_or_else(|| InstantiationError::UnknownImport {
                        index: index as u32,
                        module: import.module.clone(),
                        field: import.field.clone(),
                        kind: imports::kind_name(&import.kind),
                    })
            })
            .collect()
    }

    /// Resolves `module`'s imports by name ([`Linker::resolve`]) and
    /// instantiates it with `state` as its host state (types are checked
    /// as by [`Instance::new`]).
    pub fn instantiate(
        &self,
        module: &Arc<Module>,
        state: HostState,
    ) -> Result<Instance, InstantiationError> {
        let imports = self.resolve(module)?;
        Instance::with_state(module.clone(), &imports, state)
    }
}
