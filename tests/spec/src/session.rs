//! The state of one wast script: its modules, instances and registered
//! names, and the operations directives are made of (define, instantiate,
//! invoke, read a global).

use crate::compiler::{Compiler, ModuleError};
use crate::features::{check_in_set, Expectation, FeatureSet};
use crate::outcome::{Outcome, Reason};
use crate::spectest::{Spectest, SpectestError};
use crate::values::arg_to_val;
use std::collections::HashMap;
use std::sync::Arc;
use wasmlite_codegen::{BoundsChecks, OptLevel};
use wasmlite_rt::{CallError, Extern, Instance, InstantiationError, Module, TrapCode, Val};
use wast::token::Id;
use wast::{QuoteWat, WastInvoke};

/// Why a module or instance a directive refers to does not exist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unavailable {
    /// It needs features outside the chosen set.
    Skipped(Reason),
    /// Making it failed.
    Failed(Reason),
}

impl Unavailable {
    /// The outcome of the directive that tried to make it.
    pub fn outcome(&self) -> Outcome {
        match self {
            Unavailable::Skipped(reason) => Outcome::Skip(reason.clone()),
            Unavailable::Failed(reason) => Outcome::Fail(reason.clone()),
        }
    }

    /// The outcome of a directive that uses it: skipped for the same
    /// reason, or failed because of the earlier failure.
    pub fn dependent_outcome(&self) -> Outcome {
        self.blamed_for(&Reason::new("", ""))
    }

    /// The outcome of a directive that failed with `failure` on an instance
    /// this module imported from (its missing side effects may be why).
    pub fn blamed_for(&self, failure: &Reason) -> Outcome {
        let detail = |reason: &Reason| {
            if failure.group.is_empty() {
                reason.detail.clone()
            } else {
                format!(
                    "a module that is {} imported from this instance; {failure}",
                    self.state()
                )
            }
        };
        match self {
            Unavailable::Skipped(reason) => {
                Outcome::Skip(Reason::new(reason.group.clone(), detail(reason)))
            }
            Unavailable::Failed(reason) => Outcome::Fail(Reason::new(
                format!("module failed earlier ({})", reason.group),
                detail(reason),
            )),
        }
    }

    fn state(&self) -> &'static str {
        match self {
            Unavailable::Skipped(_) => "skipped",
            Unavailable::Failed(_) => "unavailable",
        }
    }
}

/// Why instantiation did not produce an instance.
#[derive(Debug)]
pub enum InstantiateError {
    /// A module it depends on does not exist.
    Unavailable(Unavailable),
    /// An import is unknown or has the wrong type.
    Link(String),
    /// A segment or the start function trapped.
    Trap(TrapCode, String),
    /// Anything else.
    Other(Reason),
}

impl InstantiateError {
    /// The error as the outcome of a directive expecting success.
    pub fn outcome(&self) -> Outcome {
        self.unavailable().outcome()
    }

    /// What later directives using the (missing) instance see.
    pub fn unavailable(&self) -> Unavailable {
        Unavailable::Failed(match self {
            InstantiateError::Unavailable(u) => return u.clone(),
            InstantiateError::Link(message) => Reason::new("link error", message.clone()),
            InstantiateError::Trap(code, message) => Reason::new(
                format!("instantiation trapped: {}", code.message()),
                message.clone(),
            ),
            InstantiateError::Other(reason) => reason.clone(),
        })
    }
}

/// An instance, or why there is none.
pub type Target = Result<usize, Unavailable>;

/// What executing an `invoke` or `get` produced.
pub type Execution = Result<Vec<Val>, TrapCode>;

/// The module names `wasm` imports from (none if it does not parse).
fn imported_module_names(wasm: &[u8]) -> Vec<String> {
    let mut names = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        match payload {
            Ok(wasmparser::Payload::ImportSection(reader)) => {
                names.extend(
                    reader
                        .into_imports()
                        .filter_map(Result::ok)
                        .map(|i| i.module.to_string()),
                );
            }
            Ok(_) => {}
            Err(_) => break,
        }
    }
    names
}

/// One script's state.
pub struct Session {
    set: FeatureSet,
    compiler: Compiler,
    spectest: Option<Result<Spectest, String>>,
    instances: Vec<Instance>,
    current: Option<Target>,
    named: HashMap<String, Target>,
    registered: HashMap<String, Target>,
    definitions: HashMap<String, Result<Arc<Module>, Unavailable>>,
    last_definition: Option<Result<Arc<Module>, Unavailable>>,
    /// Instances a module that was skipped or failed to compile imported
    /// from, and why that module is unavailable.
    tainted: HashMap<usize, Unavailable>,
}

impl Session {
    /// An empty session running modules of `set`, compiled at
    /// `opt_level` with `bounds_checks`.
    pub fn new(set: FeatureSet, opt_level: OptLevel, bounds_checks: BoundsChecks) -> Session {
        Session {
            set,
            compiler: Compiler::new(opt_level, bounds_checks),
            spectest: None,
            instances: Vec::new(),
            current: None,
            named: HashMap::new(),
            registered: HashMap::new(),
            definitions: HashMap::new(),
            last_definition: None,
            tainted: HashMap::new(),
        }
    }

    /// The binary of a module, or `Err` if its text does not encode.
    pub fn encode(module: &mut QuoteWat<'_>) -> Result<Vec<u8>, wast::Error> {
        module.encode()
    }

    /// `Err(Skipped)` when `wasm` needs features outside the set.
    pub fn check_features(&self, wasm: &[u8], expectation: Expectation) -> Result<(), Unavailable> {
        check_in_set(wasm, expectation, self.set)
            .map_err(|outside| Unavailable::Skipped(Reason::new(outside.to_string(), "")))
    }

    /// Compile and load a binary expected to be valid.
    pub fn define_binary(&mut self, wasm: &[u8]) -> Result<Arc<Module>, Unavailable> {
        let defined = self
            .check_features(wasm, Expectation::Valid)
            .and_then(|()| {
                self.compiler
                    .module(wasm)
                    .map_err(|e| Unavailable::Failed(e.reason()))
            });
        if let Err(unavailable) = &defined {
            self.taint_imported_instances(wasm, unavailable);
        }
        defined
    }

    /// A module that was never instantiated (skipped, or failed to
    /// compile) would have changed the instances it imports from (its
    /// segments and start function write their tables, memories and
    /// globals): remember them, see [`Session::excuse`].
    fn taint_imported_instances(&mut self, wasm: &[u8], unavailable: &Unavailable) {
        for module in imported_module_names(wasm) {
            if let Some(Ok(index)) = self.registered.get(&module) {
                self.tainted
                    .entry(*index)
                    .or_insert_with(|| unavailable.clone());
            }
        }
    }

    /// A failure of a directive using instance `target` is attributed to
    /// the module that imported from that instance but was never
    /// instantiated, whose side effects are missing: skipped for the same
    /// reason, or failed because of it.
    pub fn excuse(&self, target: Option<usize>, outcome: Outcome) -> Outcome {
        let Outcome::Fail(failure) = outcome else {
            return outcome;
        };
        match target.and_then(|t| self.tainted.get(&t)) {
            None => Outcome::Fail(failure),
            Some(unavailable) => unavailable.blamed_for(&failure),
        }
    }

    /// Compile a binary expected to be rejected (skipping the feature check
    /// is the caller's business).
    pub fn compile_rejected(&mut self, wasm: &[u8]) -> Result<Arc<Module>, ModuleError> {
        self.compiler.module(wasm)
    }

    /// Encode, check and compile a module.
    pub fn define(&mut self, module: &mut QuoteWat<'_>) -> Result<Arc<Module>, Unavailable> {
        let wasm = Session::encode(module)
            .map_err(|e| Unavailable::Failed(Reason::new("text format error", e.message())))?;
        self.define_binary(&wasm)
    }

    /// Encode, check, compile and instantiate a module.
    pub fn define_and_instantiate(
        &mut self,
        module: &mut QuoteWat<'_>,
    ) -> Result<usize, InstantiateError> {
        let module = self.define(module).map_err(InstantiateError::Unavailable)?;
        self.instantiate(module)
    }

    /// Record a `module definition`.
    pub fn add_definition(
        &mut self,
        name: Option<Id<'_>>,
        module: Result<Arc<Module>, Unavailable>,
    ) {
        if let Some(name) = name {
            self.definitions
                .insert(name.name().to_string(), module.clone());
        }
        self.last_definition = Some(module);
    }

    /// The definition called `name` (the last one if `None`).
    pub fn definition(&self, name: Option<Id<'_>>) -> Result<Arc<Module>, Unavailable> {
        let found = match name {
            Some(name) => self.definitions.get(name.name()),
            None => self.last_definition.as_ref(),
        };
        found.cloned().unwrap_or_else(|| {
            Err(Unavailable::Failed(Reason::new(
                "unknown module definition",
                format!("{:?}", name.map(|n| n.name())),
            )))
        })
    }

    /// Instantiate `module` with imports from registered instances and
    /// `spectest`.
    pub fn instantiate(&mut self, module: Arc<Module>) -> Result<usize, InstantiateError> {
        let imports = self.resolve_imports(&module)?;
        match Instance::new(module, &imports) {
            Ok(instance) => {
                self.instances.push(instance);
                Ok(self.instances.len() - 1)
            }
            Err(
                e @ (InstantiationError::ImportMismatch { .. }
                | InstantiationError::ImportCount { .. }),
            ) => Err(InstantiateError::Link(e.to_string())),
            Err(
                InstantiationError::SegmentOutOfBounds(trap)
                | InstantiationError::StartTrapped(trap),
            ) => Err(InstantiateError::Trap(trap.code(), trap.to_string())),
            Err(e) => Err(InstantiateError::Other(Reason::new(
                "instantiation failed",
                e.to_string(),
            ))),
        }
    }

    fn resolve_imports(&mut self, module: &Module) -> Result<Vec<Extern>, InstantiateError> {
        let info = module.info();
        let mut imports = Vec::with_capacity(info.imports.len());
        for import in &info.imports {
            let name = format!("{}.{}", import.module, import.field);
            let resolved = match self.registered.get(&import.module) {
                Some(Ok(index)) => self.instances[*index]
                    .get_export(&import.field)
                    .ok_or_else(|| InstantiateError::Link(format!("unknown import {name}"))),
                Some(Err(unavailable)) => Err(InstantiateError::Unavailable(unavailable.clone())),
                None if import.module == "spectest" => self
                    .spectest()?
                    .resolve(&import.field, &import.kind, info)
                    .map_err(|e| match e {
                        SpectestError::UnknownField(f) => {
                            InstantiateError::Link(format!("unknown import {f}"))
                        }
                        SpectestError::TypeMismatch(m) => InstantiateError::Link(m),
                    }),
                None => Err(InstantiateError::Link(format!(
                    "unknown import {name} (module not registered)"
                ))),
            };
            imports.push(resolved?);
        }
        Ok(imports)
    }

    fn spectest(&mut self) -> Result<&Spectest, InstantiateError> {
        self.spectest
            .get_or_insert_with(Spectest::new)
            .as_ref()
            .map_err(|e| InstantiateError::Other(Reason::new("spectest host module", e.clone())))
    }

    /// Make `target` the current instance, also called `name` if given.
    pub fn set_current(&mut self, name: Option<Id<'_>>, target: Target) {
        if let Some(name) = name {
            self.named.insert(name.name().to_string(), target.clone());
        }
        self.current = Some(target);
    }

    /// The instance called `name`, or the current one.
    pub fn target(&self, name: Option<Id<'_>>) -> Target {
        let found = match name {
            Some(name) => self.named.get(name.name()),
            None => self.current.as_ref(),
        };
        found.cloned().unwrap_or_else(|| {
            Err(Unavailable::Failed(Reason::new(
                "unknown instance",
                format!("{:?}", name.map(|n| n.name())),
            )))
        })
    }

    /// `register "as" $name`.
    pub fn register(&mut self, as_name: &str, name: Option<Id<'_>>) -> Target {
        let target = self.target(name);
        self.registered.insert(as_name.to_string(), target.clone());
        target
    }

    /// Record that `as_name` names an instance that does not exist.
    pub fn register_unavailable(&mut self, as_name: &str, unavailable: Unavailable) {
        self.registered
            .insert(as_name.to_string(), Err(unavailable));
    }

    /// Call an export. `Err` is the directive's outcome when the call could
    /// not be made at all.
    pub fn invoke(&mut self, invoke: &WastInvoke<'_>) -> Result<Execution, Outcome> {
        let index = self
            .target(invoke.module)
            .map_err(|u| u.dependent_outcome())?;
        let args = invoke
            .args
            .iter()
            .map(arg_to_val)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|what| Outcome::fail("unsupported argument", what))?;
        match self.instances[index].call(invoke.name, &args) {
            Ok(results) => Ok(Ok(results)),
            Err(CallError::Trap(trap)) => Ok(Err(trap.code())),
            Err(e) => Err(Outcome::fail("call failed", e.to_string())),
        }
    }

    /// Read an exported global.
    pub fn get(&self, module: Option<Id<'_>>, global: &str) -> Result<Execution, Outcome> {
        let index = self.target(module).map_err(|u| u.dependent_outcome())?;
        match self.instances[index].get_export(global) {
            Some(Extern::Global(g)) => Ok(Ok(vec![g.get()])),
            Some(other) => Err(Outcome::fail(
                "get failed",
                format!("`{global}` is a {}", other.kind_name()),
            )),
            None => Err(Outcome::fail("get failed", format!("no export `{global}`"))),
        }
    }
}
