//! What to generate for a module: every name decided. Pure data; `emit`
//! turns it into tokens.

use crate::error::BindgenError;
use crate::local_names::LocalNames;
use crate::naming::{self, Namespace};
use crate::{ImportOption, Options};
use wasmlite_abi::{symbols, ExportKind, FuncType, ImportKind, ModuleInfo, ValType};

/// Methods every generated instance struct has; exports never take these names.
pub const INHERENT_METHODS: &[&str] = &[
    "new",
    "host",
    "host_mut",
    "into_host",
    "instance",
    "instance_mut",
];

/// Methods a module importing WASI also has.
pub const WASI_METHODS: &[&str] = &["wasi", "wasi_mut"];

/// The method a command (a module exporting `_start`) has.
pub const RUN_METHOD: &str = "run";

/// The import module names whose functions `wasmlite_wasi::host_func`
/// provides: WASI preview 1 and its predecessor.
pub const WASI_MODULES: &[&str] = &["wasi_snapshot_preview1", "wasi_unstable"];

/// The export a WASI command runs (`run()`).
pub const START_EXPORT: &str = "_start";

/// The export a WASI reactor runs once before any other (inside `new`).
pub const INITIALIZE_EXPORT: &str = "_initialize";

/// The name of the `Caller` parameter of imports listed in `with_caller`.
pub const CALLER_PARAM: &str = "caller";

/// A parameter of a generated function.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Param {
    /// Rust name.
    pub name: String,
    /// Type.
    pub ty: ValType,
}

/// A function signature with named parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature {
    /// Parameters.
    pub params: Vec<Param>,
    /// Results.
    pub results: Vec<ValType>,
}

/// An imported function: a trait method, called by a `HostFunc`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportFunc {
    /// Module name.
    pub module: String,
    /// Field name.
    pub field: String,
    /// The trait method.
    pub method: String,
    /// Its signature.
    pub sig: Signature,
    /// Whether the method also receives the `Caller`.
    pub with_caller: bool,
    /// Whether the method returns `Result<_, HostError>`.
    pub fallible: bool,
}

/// An imported WASI function: not a trait method, but
/// `wasmlite_wasi::host_func(module, field)`, looked up when instantiating.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WasiFunc {
    /// Module name (one of [`WASI_MODULES`]).
    pub module: String,
    /// Field name.
    pub field: String,
}

/// A memory, table or global the module imports: a field of the
/// generated `Externs` struct.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportItem {
    /// Module name.
    pub module: String,
    /// Field name.
    pub field: String,
    /// The `Externs` field.
    pub name: String,
    /// What is imported.
    pub kind: ItemKind,
}

/// The kind of an [`ImportItem`], naming the runtime handle that satisfies it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    /// `wasmlite_rt::Memory`.
    Memory,
    /// `wasmlite_rt::Table`.
    Table,
    /// `wasmlite_rt::Global`.
    Global,
}

/// One import, in the module's import order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Import {
    /// A function: implemented by the host state.
    Func(ImportFunc),
    /// A WASI function: implemented by `wasmlite-wasi`.
    Wasi(WasiFunc),
    /// A memory, table or global: given to `new` in `Externs`.
    Item(ImportItem),
}

/// An export and the methods that give access to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportItem {
    /// Position in the module's export list (the runtime's export index).
    pub index: u32,
    /// Export name.
    pub name: String,
    /// What to generate.
    pub kind: ExportPlan,
}

/// The accessors of one export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportPlan {
    /// A function: one method calling it.
    Func {
        /// Method name.
        method: String,
        /// Signature.
        sig: Signature,
    },
    /// A memory: a shared and a mutable byte slice accessor.
    Memory {
        /// `&[u8]` accessor.
        getter: String,
        /// `&mut [u8]` accessor.
        getter_mut: String,
        /// Memory index.
        memory: u32,
    },
    /// A global: a getter, and a setter when it is mutable.
    Global {
        /// Getter.
        getter: String,
        /// Setter, for mutable globals.
        setter: Option<String>,
        /// Global index.
        global: u32,
        /// Value type.
        ty: ValType,
    },
    /// A table: an accessor returning the runtime's table handle.
    Table {
        /// Accessor.
        getter: String,
    },
}

/// The WASI application entry points a module exports (functions named
/// `_start` or `_initialize` of type `[] -> []`), as export indices. They get
/// no export methods: `_start` is called by `run()`, `_initialize` by `new`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EntryPoints {
    /// `_start`: the module is a command.
    pub start: Option<u32>,
    /// `_initialize`: the module is a reactor.
    pub initialize: Option<u32>,
}

/// Everything to generate for one module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// The generated module's name.
    pub module: String,
    /// The instance struct's name.
    pub structure: String,
    /// The file stem, for documentation.
    pub stem: String,
    /// The compiled object's descriptor symbol.
    pub descriptor_symbol: String,
    /// Every import, in import order.
    pub imports: Vec<Import>,
    /// Exports that get accessors, in export order.
    pub exports: Vec<ExportItem>,
    /// The entry points, which get no accessors.
    pub entry: EntryPoints,
}

impl Plan {
    /// The imported functions, in import order.
    pub fn funcs(&self) -> impl Iterator<Item = &ImportFunc> {
        self.imports.iter().filter_map(|import| match import {
            Import::Func(func) => Some(func),
            Import::Wasi(_) | Import::Item(_) => None,
        })
    }

    /// Whether the module imports any WASI function, so that the
    /// generated code needs `wasmlite-wasi` and a `WasiCtx`.
    pub fn imports_wasi(&self) -> bool {
        self.imports
            .iter()
            .any(|import| matches!(import, Import::Wasi(_)))
    }

    /// The imported memories, tables and globals, in import order.
    pub fn items(&self) -> impl Iterator<Item = &ImportItem> {
        self.imports.iter().filter_map(|import| match import {
            Import::Item(item) => Some(item),
            Import::Func(_) | Import::Wasi(_) => None,
        })
    }
}

/// Decide what to generate for `wasm` (described by `info`) from a file
/// with this `stem`; the options' import lists name imports as
/// `"module.field"`.
pub fn plan(
    wasm: &[u8],
    info: &ModuleInfo,
    stem: &str,
    options: &Options,
) -> (Plan, Vec<BindgenError>) {
    let names = LocalNames::read(wasm);
    let mut errors = Vec::new();
    let imports = plan_imports(info, &names, options, &mut errors);
    let entry = entry_points(info);
    let imports_wasi = imports
        .iter()
        .any(|import| matches!(import, Import::Wasi(_)));
    let mut reserved = INHERENT_METHODS.to_vec();
    if imports_wasi {
        reserved.extend(WASI_METHODS);
    }
    if entry.start.is_some() {
        reserved.push(RUN_METHOD);
    }
    let exports = plan_exports(info, &names, &entry, &reserved);
    let plan = Plan {
        module: naming::module_ident(stem),
        structure: naming::struct_ident(stem),
        stem: stem.to_string(),
        descriptor_symbol: symbols::descriptor(stem, &symbols::module_id(wasm)),
        imports,
        exports,
        entry,
    };
    (plan, errors)
}

fn plan_imports(
    info: &ModuleInfo,
    names: &LocalNames,
    options: &Options,
    errors: &mut Vec<BindgenError>,
) -> Vec<Import> {
    let mut methods = Namespace::default();
    let mut fields = Namespace::default();
    let mut imports = Vec::with_capacity(info.imports.len());
    let mut func_index = 0u32;
    let mut lists = ImportOption::ALL.map(|option| ListUse::new(options.list(option)));
    for import in &info.imports {
        let base = naming::snake_ident(&format!("{}_{}", import.module, import.field));
        let item_kind = match import.kind {
            ImportKind::Func(_) => None,
            ImportKind::Memory(_) => Some(ItemKind::Memory),
            ImportKind::Table(_) => Some(ItemKind::Table),
            ImportKind::Global(_) => Some(ItemKind::Global),
        };
        if let Some(kind) = item_kind {
            imports.push(Import::Item(ImportItem {
                module: import.module.clone(),
                field: import.field.clone(),
                name: fields.claim_one(&base),
                kind,
            }));
            continue;
        }
        let ImportKind::Func(type_index) = import.kind else {
            unreachable!("every other kind is an item")
        };
        if WASI_MODULES.contains(&import.module.as_str()) {
            imports.push(Import::Wasi(WasiFunc {
                module: import.module.clone(),
                field: import.field.clone(),
            }));
            func_index += 1;
            continue;
        }
        let qualified = format!("{}.{}", import.module, import.field);
        let [receives_caller, fallible] = lists.each_mut().map(|list| list.lists(&qualified));
        let reserved: &[&str] = if receives_caller {
            &[CALLER_PARAM]
        } else {
            &[]
        };
        let ty = &info.types[type_index as usize];
        imports.push(Import::Func(ImportFunc {
            module: import.module.clone(),
            field: import.field.clone(),
            method: methods.claim_one(&base),
            sig: signature(ty, |i| names.get(func_index, i), reserved),
            with_caller: receives_caller,
            fallible,
        }));
        func_index += 1;
    }
    let available: Vec<String> = info
        .imports
        .iter()
        .filter(|i| {
            matches!(i.kind, ImportKind::Func(_)) && !WASI_MODULES.contains(&i.module.as_str())
        })
        .map(|i| format!("{}.{}", i.module, i.field))
        .collect();
    for (option, list) in ImportOption::ALL.into_iter().zip(lists) {
        for (index, name) in list.unused() {
            errors.push(BindgenError::UnknownImport {
                option,
                index,
                name: name.clone(),
                available: available.clone(),
            });
        }
    }
    imports
}

/// An option's list of imports, and which entries named an import.
struct ListUse<'a> {
    names: &'a [String],
    used: Vec<bool>,
}

impl<'a> ListUse<'a> {
    fn new(names: &'a [String]) -> Self {
        ListUse {
            names,
            used: vec![false; names.len()],
        }
    }

    /// Whether the list names `qualified` (marking the entries that do).
    fn lists(&mut self, qualified: &str) -> bool {
        let mut found = false;
        for (used, name) in self.used.iter_mut().zip(self.names) {
            if name == qualified {
                *used = true;
                found = true;
            }
        }
        found
    }

    /// The entries naming no import, with their positions.
    fn unused(self) -> impl Iterator<Item = (usize, &'a String)> {
        let used = self.used;
        self.names
            .iter()
            .enumerate()
            .filter(move |(index, _)| !used[*index])
    }
}

/// The exports named `_start` and `_initialize` that are functions of type
/// `[] -> []` (an export of another type under these names is an ordinary
/// export).
fn entry_points(info: &ModuleInfo) -> EntryPoints {
    let find = |name: &str| {
        info.exports.iter().position(|export| {
            export.name == name
                && matches!(export.kind, ExportKind::Func(func)
                    if info.func_type(func).params.is_empty() && info.func_type(func).results.is_empty())
        })
    };
    EntryPoints {
        start: find(START_EXPORT).map(|index| index as u32),
        initialize: find(INITIALIZE_EXPORT).map(|index| index as u32),
    }
}

fn plan_exports(
    info: &ModuleInfo,
    names: &LocalNames,
    entry: &EntryPoints,
    reserved: &[&str],
) -> Vec<ExportItem> {
    let mut methods = Namespace::with_reserved(reserved);
    let mut items = Vec::with_capacity(info.exports.len());
    for (index, export) in info.exports.iter().enumerate() {
        if [entry.start, entry.initialize].contains(&Some(index as u32)) {
            continue;
        }
        let base = naming::snake_ident(&export.name);
        let kind = match export.kind {
            ExportKind::Func(func) => ExportPlan::Func {
                method: methods.claim_one(&base),
                sig: signature(info.func_type(func), |i| names.get(func, i), &[]),
            },
            ExportKind::Memory(memory) => {
                let getter = methods.claim(&base, |b| vec![b.to_string(), format!("{b}_mut")]);
                let getter_mut = format!("{getter}_mut");
                ExportPlan::Memory {
                    getter,
                    getter_mut,
                    memory,
                }
            }
            ExportKind::Global(global) => {
                let ty = info.globals[global as usize];
                let getter = if ty.mutable {
                    methods.claim(&base, |b| vec![b.to_string(), format!("set_{b}")])
                } else {
                    methods.claim_one(&base)
                };
                ExportPlan::Global {
                    setter: ty.mutable.then(|| format!("set_{getter}")),
                    getter,
                    global,
                    ty: ty.content,
                }
            }
            ExportKind::Table(_) => ExportPlan::Table {
                getter: methods.claim_one(&base),
            },
        };
        items.push(ExportItem {
            index: index as u32,
            name: export.name.clone(),
            kind,
        });
    }
    items
}

/// The signature of `ty` with parameters named after the module's local
/// names (`local_name(i)`) where it has them, else `a0`, `a1`, …
fn signature<'a>(
    ty: &FuncType,
    local_name: impl Fn(u32) -> Option<&'a str>,
    reserved: &[&str],
) -> Signature {
    let mut params_ns = Namespace::with_reserved(reserved);
    let params = ty
        .params
        .iter()
        .enumerate()
        .map(|(i, &ty)| {
            let base = match local_name(i as u32) {
                Some(name) => naming::snake_ident(name),
                None => format!("a{i}"),
            };
            Param {
                name: params_ns.claim_one(&base),
                ty,
            }
        })
        .collect();
    Signature {
        params,
        results: ty.results.clone(),
    }
}

#[cfg(test)]
mod tests;
