//! The runtime's error types.

use crate::trap::Trap;
use thiserror::Error;
use wasmlite_abi::{FuncType, GlobalType, RefType, ValType};

/// The operating system refused memory or address space.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("cannot allocate {what}: {reason}")]
pub struct ResourceError {
    /// What was being allocated, e.g. "a linear memory of 3 pages".
    pub what: String,
    /// Why it failed.
    pub reason: String,
}

impl ResourceError {
    pub(crate) fn new(what: impl Into<String>, reason: impl Into<String>) -> ResourceError {
        ResourceError {
            what: what.into(),
            reason: reason.into(),
        }
    }

    /// A failed system call: the reason is the OS error's description.
    pub(crate) fn os(what: impl Into<String>, error: std::io::Error) -> ResourceError {
        ResourceError::new(what, error.to_string())
    }
}

/// Why [`crate::Module::from_descriptor`] or [`crate::Instance::new`] failed.
#[derive(Debug, Error)]
pub enum InstantiationError {
    /// The object was compiled against another version of the ABI.
    #[error("module was compiled for wasmlite ABI version {found}, this runtime implements version {expected}")]
    AbiMismatch {
        /// The runtime's [`wasmlite_abi::ABI_VERSION`].
        expected: u32,
        /// The descriptor's version.
        found: u32,
    },
    /// The descriptor's module information is unreadable or inconsistent.
    #[error("malformed module description: {0}")]
    BadModuleInfo(String),
    /// The number of imports given differs from the module's.
    #[error("module has {expected} imports, {given} were given")]
    ImportCount {
        /// What the module declares.
        expected: usize,
        /// What was passed.
        given: usize,
    },
    /// [`crate::Linker::instantiate`] found nothing defined for an import.
    #[error("import #{index} `{module}`.`{field}` ({kind}) has no definition (no such host function or export was given)")]
    UnknownImport {
        /// Position in the import list.
        index: u32,
        /// Import module name.
        module: String,
        /// Import field name.
        field: String,
        /// "function", "memory", "table" or "global".
        kind: &'static str,
    },
    /// An import does not match the module's declaration.
    #[error("import #{index} `{module}`.`{field}`: incompatible import type: {reason}")]
    ImportMismatch {
        /// Position in the import list.
        index: u32,
        /// Import module name.
        module: String,
        /// Import field name.
        field: String,
        /// What differs (boxed: it can hold two function types).
        reason: Box<ImportMismatchReason>,
    },
    /// Memory or address space for the instance could not be allocated.
    #[error(transparent)]
    Resource(#[from] ResourceError),
    /// An active element or data segment did not fit its table or memory.
    /// Segments before it stay applied, as the specification requires.
    #[error("segment initialization failed: {0}")]
    SegmentOutOfBounds(Trap),
    /// The start function trapped.
    #[error("start function trapped: {0}")]
    StartTrapped(Trap),
}

/// How an import differs from the module's declaration.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ImportMismatchReason {
    /// A memory was given where a function was expected, etc.
    #[error("expected a {expected}, got a {found}")]
    Kind {
        /// The declared kind.
        expected: &'static str,
        /// The given kind.
        found: &'static str,
    },
    /// The function's type differs (`found` is `None` if unknown).
    #[error("expected a function of type {expected:?}, got {found:?}")]
    FuncType {
        /// The declared type.
        expected: FuncType,
        /// The given function's type.
        found: Option<FuncType>,
    },
    /// The memory's or table's size limits do not fit the declared ones.
    #[error("limits {found_min}..{found_max:?} do not fit the declared {expected_min}..{expected_max:?}")]
    Limits {
        /// Declared minimum.
        expected_min: u64,
        /// Declared maximum.
        expected_max: Option<u64>,
        /// Current size of the given entity.
        found_min: u64,
        /// Maximum of the given entity.
        found_max: Option<u64>,
    },
    /// The memory's sharing (threads) differs.
    #[error("shared flags differ")]
    MemoryFlags,
    /// The memory's or table's index type differs: a 64-bit one
    /// (memory64, table64) where a 32-bit one is declared, or the reverse.
    #[error("expected a {entity} with {expected}-bit addresses, got one with {found}-bit addresses")]
    IndexType {
        /// `"memory"` or `"table"`.
        entity: &'static str,
        /// The declared index width: 32 or 64.
        expected: u32,
        /// The given entity's index width.
        found: u32,
    },
    /// The table's element type differs.
    #[error("expected a table of {expected:?}, got a table of {found:?}")]
    TableElement {
        /// Declared element type.
        expected: RefType,
        /// Given element type.
        found: RefType,
    },
    /// The global's value type or mutability differs.
    #[error("expected a global of type {expected:?}, got {found:?}")]
    GlobalType {
        /// Declared type.
        expected: GlobalType,
        /// Given type.
        found: GlobalType,
    },
}

/// Why [`crate::Instance::call`] failed.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum CallError {
    /// The module has no export of that name.
    #[error("no export named `{0}`")]
    UnknownExport(String),
    /// The export is not a function.
    #[error("export `{0}` is not a function")]
    NotAFunction(String),
    /// Wrong number of arguments.
    #[error("expected {expected} arguments, got {given}")]
    ArgumentCount {
        /// The function's parameter count.
        expected: usize,
        /// The number of arguments passed.
        given: usize,
    },
    /// An argument has the wrong type.
    #[error("argument {index}: expected {expected:?}, got {found:?}")]
    ArgumentType {
        /// Position of the argument.
        index: usize,
        /// The parameter type.
        expected: ValType,
        /// The argument's type.
        found: ValType,
    },
    /// The function trapped.
    #[error(transparent)]
    Trap(#[from] Trap),
    /// [`crate::Instance::typed_func`]: the export's type differs from the
    /// one the Rust parameter and result types give.
    #[error("export `{name}` has type {found:?}, not the requested {expected:?}")]
    FuncTypeMismatch {
        /// The export's name.
        name: String,
        /// The type the Rust types give.
        expected: Box<FuncType>,
        /// The export's type.
        found: Box<FuncType>,
    },
}

/// A host access to linear memory failed.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum MemoryAccessError {
    /// The range is not inside the memory.
    #[error("access of {len} bytes at {offset} is outside the memory's {size} bytes")]
    OutOfBounds {
        /// Start of the range.
        offset: u64,
        /// Length of the range.
        len: u64,
        /// Current size of the memory in bytes.
        size: u64,
    },
    /// The bytes are not UTF-8 ([`crate::Caller::read_str`]).
    #[error("memory contents are not valid UTF-8: {0}")]
    InvalidUtf8(#[from] std::str::Utf8Error),
}

/// A host access to a global or table failed.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum AccessError {
    /// The value's type differs from the global's or table's.
    #[error("expected a value of type {expected:?}, got {found:?}")]
    TypeMismatch {
        /// The entity's value type.
        expected: ValType,
        /// The value's type.
        found: ValType,
    },
    /// The global is immutable.
    #[error("the global is immutable")]
    Immutable,
    /// The element index is outside the table.
    #[error("index {index} is outside the table's {size} elements")]
    OutOfBounds {
        /// The index.
        index: u64,
        /// The table's size.
        size: u64,
    },
    /// The table cannot grow by that much.
    #[error("the table cannot grow by {delta} elements")]
    GrowFailed {
        /// The requested growth.
        delta: u64,
    },
    /// The table could not be allocated.
    #[error(transparent)]
    Resource(#[from] ResourceError),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn import_mismatch_names_the_import_and_the_difference() {
        let err = InstantiationError::ImportMismatch {
            index: 2,
            module: "env".into(),
            field: "mem".into(),
            reason: Box::new(ImportMismatchReason::Kind {
                expected: "memory",
                found: "function",
            }),
        };
        assert_eq!(
            err.to_string(),
            "import #2 `env`.`mem`: incompatible import type: expected a memory, got a function"
        );
    }
}
