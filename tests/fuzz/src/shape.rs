//! What a module exports, as the reference engine reads it: the list both
//! engines are driven through and compared on.

use crate::value::Ty;

/// An exported function and its signature.
#[derive(Clone, Debug)]
pub struct FuncExport {
    /// Export name.
    pub name: String,
    /// Parameter types.
    pub params: Vec<Ty>,
    /// Result types.
    pub results: Vec<Ty>,
}

/// A module's exports, grouped by kind, each in export order.
#[derive(Clone, Debug, Default)]
pub struct Shape {
    /// Exported functions.
    pub funcs: Vec<FuncExport>,
    /// Exported globals' names.
    pub globals: Vec<String>,
    /// Exported memories' names.
    pub memories: Vec<String>,
    /// Exported tables' names.
    pub tables: Vec<String>,
}
