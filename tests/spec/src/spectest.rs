//! The `spectest` host module every wast script may import from.
//!
//! Functions `print*` (which print nothing here), globals `global_i32`,
//! `global_i64` (666), `global_f32`, `global_f64` (666.6), `table` (funcref,
//! 10..20 elements), `table64` (the same with 64-bit indices) and `memory`
//! (1..2 pages). One instance per process:
//! every module importing `spectest.memory` shares the same memory, as with
//! the reference interpreter.

use wasmlite_abi::{GlobalType, ImportKind, MemoryType, ModuleInfo, RefType, TableType, ValType};
use wasmlite_rt::{Caller, Extern, Global, HostFunc, Memory, Table, Val};

/// The `spectest` instance.
pub struct Spectest {
    memory: Memory,
    table: Table,
    table64: Table,
    globals: Vec<(&'static str, Global)>,
}

/// Why a `spectest` import cannot be provided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SpectestError {
    /// No such field.
    UnknownField(String),
    /// The field exists with another type.
    TypeMismatch(String),
}

impl Spectest {
    /// Create the host module's memory, table and globals.
    pub fn new() -> Result<Spectest, String> {
        let memory = Memory::new(MemoryType {
            minimum: 1,
            maximum: Some(2),
            memory64: false,
            shared: false,
        })
        .map_err(|e| format!("spectest memory: {e}"))?;
        let table_type = TableType {
            element: RefType::FUNCREF,
            minimum: 10,
            maximum: Some(20),
            table64: false,
        };
        let table = Table::new(table_type, Val::FuncRef(None))
            .map_err(|e| format!("spectest table: {e}"))?;
        let table64_type = TableType {
            table64: true,
            ..table_type
        };
        let table64 = Table::new(table64_type, Val::FuncRef(None))
            .map_err(|e| format!("spectest table64: {e}"))?;
        let global = |name, content, value| -> Result<(&'static str, Global), String> {
            let global = Global::new(
                GlobalType {
                    content,
                    mutable: false,
                },
                value,
            )
            .map_err(|e| format!("spectest {name}: {e}"))?;
            Ok((name, global))
        };
        let globals = vec![
            global("global_i32", ValType::I32, Val::I32(666))?,
            global("global_i64", ValType::I64, Val::I64(666))?,
            global("global_f32", ValType::F32, Val::F32(666.6f32.to_bits()))?,
            global("global_f64", ValType::F64, Val::F64(666.6f64.to_bits()))?,
        ];
        Ok(Spectest {
            memory,
            table,
            table64,
            globals,
        })
    }

    /// The value for import `field` of `kind` in a module described by `info`.
    ///
    /// A host function's type is checked here against the import's
    /// declaration, to report a mismatch as the scripts expect.
    pub fn resolve(
        &self,
        field: &str,
        kind: &ImportKind,
        info: &ModuleInfo,
    ) -> Result<Extern, SpectestError> {
        let mismatch = || SpectestError::TypeMismatch(format!("spectest.{field} has another type"));
        if let Some(func) = print_function(field) {
            let ImportKind::Func(type_index) = kind else {
                return Err(mismatch());
            };
            if info.types[*type_index as usize] != *func.ty() {
                return Err(mismatch());
            }
            return Ok(Extern::HostFunc(func));
        }
        match field {
            "memory" => Ok(Extern::Memory(self.memory.clone())),
            "table" => Ok(Extern::Table(self.table.clone())),
            "table64" => Ok(Extern::Table(self.table64.clone())),
            _ => self
                .globals
                .iter()
                .find(|(name, _)| *name == field)
                .map(|(_, global)| Extern::Global(global.clone()))
                .ok_or_else(|| SpectestError::UnknownField(format!("spectest.{field}"))),
        }
    }
}

/// `spectest.<field>` if it is a function. The print functions' output is
/// not checked by any test, so they print nothing.
fn print_function(field: &str) -> Option<HostFunc> {
    type C<'a, 'b> = &'a mut Caller<'b>;
    Some(match field {
        "print" => HostFunc::wrap(|_: C| {}),
        "print_i32" => HostFunc::wrap(|_: C, _: i32| {}),
        "print_i64" => HostFunc::wrap(|_: C, _: i64| {}),
        "print_f32" => HostFunc::wrap(|_: C, _: f32| {}),
        "print_f64" => HostFunc::wrap(|_: C, _: f64| {}),
        "print_i32_f32" => HostFunc::wrap(|_: C, _: i32, _: f32| {}),
        "print_f64_f64" => HostFunc::wrap(|_: C, _: f64, _: f64| {}),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasmlite_abi::FuncType;

    #[test]
    fn provides_the_standard_fields_with_their_types() {
        let spectest = Spectest::new().unwrap();
        let info = ModuleInfo {
            types: vec![
                FuncType {
                    params: vec![ValType::I32],
                    results: vec![],
                },
                FuncType {
                    params: vec![ValType::I64],
                    results: vec![],
                },
            ],
            ..ModuleInfo::default()
        };
        assert!(matches!(
            spectest.resolve("print_i32", &ImportKind::Func(0), &info),
            Ok(Extern::HostFunc(_))
        ));
        assert!(matches!(
            spectest.resolve("print_i32", &ImportKind::Func(1), &info),
            Err(SpectestError::TypeMismatch(_))
        ));
        let global_type = GlobalType {
            content: ValType::I32,
            mutable: false,
        };
        let Ok(Extern::Global(g)) =
            spectest.resolve("global_i32", &ImportKind::Global(global_type), &info)
        else {
            panic!("global_i32 is a global");
        };
        assert_eq!(g.get(), Val::I32(666));
        assert!(matches!(
            spectest.resolve("nope", &ImportKind::Func(0), &info),
            Err(SpectestError::UnknownField(_))
        ));
    }
}
