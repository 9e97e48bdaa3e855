//! [`Extern`]: what can satisfy an import, or be exported.

use crate::global::Global;
use crate::host_func::HostFunc;
use crate::memory::Memory;
use crate::table::Table;
use crate::val::FuncRef;

/// An entity given to satisfy an import, or obtained from an export.
#[derive(Clone, Debug)]
pub enum Extern {
    /// A host function.
    HostFunc(HostFunc),
    /// A function of an instance (its type is checked against the import).
    Func(FuncRef),
    /// A linear memory.
    Memory(Memory),
    /// A table.
    Table(Table),
    /// A global.
    Global(Global),
}

impl Extern {
    /// "function", "memory", "table" or "global".
    pub fn kind_name(&self) -> &'static str {
        match self {
            Extern::HostFunc(_) | Extern::Func(_) => "function",
            Extern::Memory(_) => "memory",
            Extern::Table(_) => "table",
            Extern::Global(_) => "global",
        }
    }
}

impl From<HostFunc> for Extern {
    fn from(func: HostFunc) -> Extern {
        Extern::HostFunc(func)
    }
}

impl From<FuncRef> for Extern {
    fn from(func: FuncRef) -> Extern {
        Extern::Func(func)
    }
}

impl From<Memory> for Extern {
    fn from(memory: Memory) -> Extern {
        Extern::Memory(memory)
    }
}

impl From<Table> for Extern {
    fn from(table: Table) -> Extern {
        Extern::Table(table)
    }
}

impl From<Global> for Extern {
    fn from(global: Global) -> Extern {
        Extern::Global(global)
    }
}
