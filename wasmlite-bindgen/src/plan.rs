//! What to generate for a module: every name decided, every unsupported item
//! turned into an error. Pure data; `emit` turns it into tokens.

use crate::error::BindgenError;
use crate::local_names::LocalNames;
use crate::naming::{self, Namespace};
use wasmlite_abi::{symbols, ExportKind, FuncType, ImportKind, ModuleInfo, RefType, ValType};

/// Methods every generated instance struct has; exports never take these names.
pub const INHERENT_METHODS: &[&str] = &[
    "new",
    "host",
    "host_mut",
    "into_host",
    "instance",
    "instance_mut",
];

/// The name of the `Caller` parameter of imports listed in `with_caller`.
pub const CALLER_PARAM: &str = "caller";

/// A value type the typed API supports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scalar {
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
}

impl Scalar {
    fn from_val_type(ty: ValType) -> Option<Scalar> {
        match ty {
            ValType::I32 => Some(Scalar::I32),
            ValType::I64 => Some(Scalar::I64),
            ValType::F32 => Some(Scalar::F32),
            ValType::F64 => Some(Scalar::F64),
            ValType::V128 | ValType::FuncRef | ValType::ExternRef => None,
        }
    }
}

/// A parameter of a generated function.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Param {
    /// Rust name.
    pub name: String,
    /// Type.
    pub ty: Scalar,
}

/// A function signature with named parameters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signature {
    /// Parameters.
    pub params: Vec<Param>,
    /// Results.
    pub results: Vec<Scalar>,
}

/// An imported function: a trait method and a trampoline.
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
        ty: Scalar,
    },
    /// A table: an accessor returning the runtime's table handle.
    Table {
        /// Accessor.
        getter: String,
    },
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
    /// Imported functions, in import order.
    pub imports: Vec<ImportFunc>,
    /// Exports that get accessors, in export order.
    pub exports: Vec<ExportItem>,
}

/// Decide what to generate for `wasm` (described by `info`) from a file
/// with this `stem`; `with_caller` lists imports as `"module.field"`.
pub fn plan(
    wasm: &[u8],
    info: &ModuleInfo,
    stem: &str,
    with_caller: &[String],
) -> (Plan, Vec<BindgenError>) {
    let names = LocalNames::read(wasm);
    let mut errors = Vec::new();
    let imports = plan_imports(info, &names, with_caller, &mut errors);
    let exports = plan_exports(info, &names, &mut errors);
    let plan = Plan {
        module: naming::module_ident(stem),
        structure: naming::struct_ident(stem),
        stem: stem.to_string(),
        descriptor_symbol: symbols::descriptor(stem, &symbols::module_id(wasm)),
        imports,
        exports,
    };
    (plan, errors)
}

fn plan_imports(
    info: &ModuleInfo,
    names: &LocalNames,
    with_caller: &[String],
    errors: &mut Vec<BindgenError>,
) -> Vec<ImportFunc> {
    let mut methods = Namespace::default();
    let mut funcs = Vec::new();
    let mut func_index = 0u32;
    let mut used_with_caller = vec![false; with_caller.len()];
    for import in &info.imports {
        let unsupported = |what: String| BindgenError::UnsupportedImport {
            module: import.module.clone(),
            field: import.field.clone(),
            what,
        };
        let ImportKind::Func(type_index) = import.kind else {
            errors.push(unsupported(format!(
                "imported {} are not supported (only functions can be imported)",
                import_kind_plural(&import.kind)
            )));
            continue;
        };
        let qualified = format!("{}.{}", import.module, import.field);
        let mut receives_caller = false;
        for (used, wanted) in used_with_caller.iter_mut().zip(with_caller) {
            if *wanted == qualified {
                *used = true;
                receives_caller = true;
            }
        }
        let method = methods.claim_one(&naming::snake_ident(&format!(
            "{}_{}",
            import.module, import.field
        )));
        let reserved: &[&str] = if receives_caller {
            &[CALLER_PARAM]
        } else {
            &[]
        };
        let ty = &info.types[type_index as usize];
        match signature(ty, |i| names.get(func_index, i), reserved) {
            Ok(sig) => funcs.push(ImportFunc {
                module: import.module.clone(),
                field: import.field.clone(),
                method,
                sig,
                with_caller: receives_caller,
            }),
            Err(what) => errors.push(unsupported(what)),
        }
        func_index += 1;
    }
    let available: Vec<String> = info
        .imports
        .iter()
        .filter(|i| matches!(i.kind, ImportKind::Func(_)))
        .map(|i| format!("{}.{}", i.module, i.field))
        .collect();
    for (index, name) in with_caller.iter().enumerate() {
        if !used_with_caller[index] {
            errors.push(BindgenError::UnknownWithCaller {
                index,
                name: name.clone(),
                available: available.clone(),
            });
        }
    }
    funcs
}

fn import_kind_plural(kind: &ImportKind) -> &'static str {
    match kind {
        ImportKind::Func(_) => "functions",
        ImportKind::Memory(_) => "memories",
        ImportKind::Table(_) => "tables",
        ImportKind::Global(_) => "globals",
    }
}

fn plan_exports(
    info: &ModuleInfo,
    names: &LocalNames,
    errors: &mut Vec<BindgenError>,
) -> Vec<ExportItem> {
    let mut methods = Namespace::with_reserved(INHERENT_METHODS);
    let mut items = Vec::new();
    for (index, export) in info.exports.iter().enumerate() {
        let base = naming::snake_ident(&export.name);
        let kind = match export.kind {
            ExportKind::Func(func) => {
                let method = methods.claim_one(&base);
                signature(info.func_type(func), |i| names.get(func, i), &[])
                    .map(|sig| ExportPlan::Func { method, sig })
            }
            ExportKind::Memory(memory) => {
                let getter = methods.claim(&base, |b| vec![b.to_string(), format!("{b}_mut")]);
                let getter_mut = format!("{getter}_mut");
                Ok(ExportPlan::Memory {
                    getter,
                    getter_mut,
                    memory,
                })
            }
            ExportKind::Global(global) => {
                let ty = info.globals[global as usize];
                let getter = if ty.mutable {
                    methods.claim(&base, |b| vec![b.to_string(), format!("set_{b}")])
                } else {
                    methods.claim_one(&base)
                };
                let setter = ty.mutable.then(|| format!("set_{getter}"));
                Scalar::from_val_type(ty.content)
                    .map(|ty| ExportPlan::Global {
                        getter,
                        setter,
                        global,
                        ty,
                    })
                    .ok_or_else(|| {
                        format!(
                            "globals of type {} are not supported",
                            val_type_name(ty.content)
                        )
                    })
            }
            ExportKind::Table(table) => {
                let getter = methods.claim_one(&base);
                match info.tables[table as usize].element {
                    RefType::FuncRef => Ok(ExportPlan::Table { getter }),
                    RefType::ExternRef => Err("tables of externref are not supported".to_string()),
                }
            }
        };
        match kind {
            Ok(kind) => items.push(ExportItem {
                index: index as u32,
                name: export.name.clone(),
                kind,
            }),
            Err(what) => errors.push(BindgenError::UnsupportedExport {
                name: export.name.clone(),
                what,
            }),
        }
    }
    items
}

/// The signature of `ty` with parameters named after the module's local
/// names (`local_name(i)`) where it has them, else `a0`, `a1`, …
fn signature<'a>(
    ty: &FuncType,
    local_name: impl Fn(u32) -> Option<&'a str>,
    reserved: &[&str],
) -> Result<Signature, String> {
    let mut params_ns = Namespace::with_reserved(reserved);
    let mut params = Vec::with_capacity(ty.params.len());
    for (i, &param) in ty.params.iter().enumerate() {
        let ty = Scalar::from_val_type(param).ok_or_else(|| {
            format!(
                "parameter {i} has type {}, which is not supported",
                val_type_name(param)
            )
        })?;
        let base = match local_name(i as u32) {
            Some(name) => naming::snake_ident(name),
            None => format!("a{i}"),
        };
        params.push(Param {
            name: params_ns.claim_one(&base),
            ty,
        });
    }
    let results = ty
        .results
        .iter()
        .enumerate()
        .map(|(i, &result)| {
            Scalar::from_val_type(result).ok_or_else(|| {
                format!(
                    "result {i} has type {}, which is not supported",
                    val_type_name(result)
                )
            })
        })
        .collect::<Result<_, _>>()?;
    Ok(Signature { params, results })
}

fn val_type_name(ty: ValType) -> &'static str {
    match ty {
        ValType::I32 => "i32",
        ValType::I64 => "i64",
        ValType::F32 => "f32",
        ValType::F64 => "f64",
        ValType::V128 => "v128",
        ValType::FuncRef => "funcref",
        ValType::ExternRef => "externref",
    }
}

#[cfg(test)]
mod tests;
