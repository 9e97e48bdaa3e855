//! [`Extern`]: what can satisfy an import, or be exported.

use crate::global::Global;
use crate::memory::Memory;
use crate::table::Table;
use crate::val::FuncRef;

/// A host function in the native calling convention (see
/// [`wasmlite_abi::calling_convention`]). Its `vmctx` argument is the
/// `VMContext` of the instance that imported it, so it can reach that
/// instance's memory and host state (see [`crate::__private::host_call`]).
/// Its type is not known to the runtime: it is trusted to match the import.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HostFunc {
    /// The function's address.
    pub code: *const u8,
}

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
