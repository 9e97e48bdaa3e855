//! `ModuleInfo`: everything about a module except its code, in a form the
//! compiler embeds in the object and the runtime and bindings read back.

use serde::{Deserialize, Serialize};

/// A value type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ValType {
    /// 32-bit integer.
    I32,
    /// 64-bit integer.
    I64,
    /// 32-bit float.
    F32,
    /// 64-bit float.
    F64,
    /// 128-bit vector.
    V128,
    /// A reference (`funcref`, `externref`, `(ref null $t)`, …).
    Ref(RefType),
}

impl ValType {
    /// `funcref`: a nullable reference to any function.
    pub const FUNCREF: ValType = ValType::Ref(RefType::FUNCREF);
    /// `externref`: a nullable reference to a host value.
    pub const EXTERNREF: ValType = ValType::Ref(RefType::EXTERNREF);

    /// The type's name in the wasm text format (`i32`, `v128`, `funcref`,
    /// `(ref null $3)`, …).
    pub fn name(self) -> String {
        self.to_string()
    }

    /// The reference type, if this is one.
    pub fn as_ref(self) -> Option<RefType> {
        match self {
            ValType::Ref(r) => Some(r),
            _ => None,
        }
    }

    /// Whether the type has a default value (every type but a
    /// non-nullable reference).
    pub fn is_defaultable(self) -> bool {
        !matches!(self, ValType::Ref(RefType { nullable: false, .. }))
    }
}

impl std::fmt::Display for ValType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ValType::I32 => f.write_str("i32"),
            ValType::I64 => f.write_str("i64"),
            ValType::F32 => f.write_str("f32"),
            ValType::F64 => f.write_str("f64"),
            ValType::V128 => f.write_str("v128"),
            ValType::Ref(r) => r.fmt(f),
        }
    }
}

/// What a reference points to (the heap types of the function references
/// and exception handling proposals; GC's are not representable).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum HeapType {
    /// Any function (`func`).
    Func,
    /// Any host value (`extern`).
    Extern,
    /// Any exception (`exn`).
    Exn,
    /// No function: the bottom of the function hierarchy (`nofunc`).
    NoFunc,
    /// No host value: the bottom of the extern hierarchy (`noextern`).
    NoExtern,
    /// No exception: the bottom of the exception hierarchy (`noexn`).
    NoExn,
    /// A function of the module's type at this type index.
    Concrete(u32),
}

impl HeapType {
    /// The top of this type's hierarchy: `Func` for functions (concrete or
    /// not), `Extern` or `Exn` for the others.
    pub fn top(self) -> HeapType {
        match self {
            HeapType::Func | HeapType::NoFunc | HeapType::Concrete(_) => HeapType::Func,
            HeapType::Extern | HeapType::NoExtern => HeapType::Extern,
            HeapType::Exn | HeapType::NoExn => HeapType::Exn,
        }
    }

    /// The bottom of this type's hierarchy (`NoFunc`, `NoExtern`, `NoExn`).
    pub fn bottom(self) -> HeapType {
        match self.top() {
            HeapType::Func => HeapType::NoFunc,
            HeapType::Extern => HeapType::NoExtern,
            _ => HeapType::NoExn,
        }
    }
}

impl std::fmt::Display for HeapType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HeapType::Func => f.write_str("func"),
            HeapType::Extern => f.write_str("extern"),
            HeapType::Exn => f.write_str("exn"),
            HeapType::NoFunc => f.write_str("nofunc"),
            HeapType::NoExtern => f.write_str("noextern"),
            HeapType::NoExn => f.write_str("noexn"),
            HeapType::Concrete(index) => write!(f, "${index}"),
        }
    }
}

/// A reference type: a heap type and whether null is a value of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RefType {
    /// Whether `ref.null` is a value of the type.
    pub nullable: bool,
    /// What the reference points to.
    pub heap: HeapType,
}

impl RefType {
    /// `funcref` = `(ref null func)`.
    pub const FUNCREF: RefType = RefType { nullable: true, heap: HeapType::Func };
    /// `externref` = `(ref null extern)`.
    pub const EXTERNREF: RefType = RefType { nullable: true, heap: HeapType::Extern };
    /// `exnref` = `(ref null exn)`.
    pub const EXNREF: RefType = RefType { nullable: true, heap: HeapType::Exn };

    /// A nullable reference to `heap`.
    pub const fn nullable(heap: HeapType) -> RefType {
        RefType { nullable: true, heap }
    }

    /// A non-nullable reference to `heap`.
    pub const fn non_null(heap: HeapType) -> RefType {
        RefType { nullable: false, heap }
    }

    /// Whether values of this type are function references (represented
    /// as `*const VMFuncRef`).
    pub fn is_func(self) -> bool {
        self.heap.top() == HeapType::Func
    }

    /// Whether values of this type are host references (`externref`).
    pub fn is_extern(self) -> bool {
        self.heap.top() == HeapType::Extern
    }

    /// Whether values of this type are exception references.
    pub fn is_exn(self) -> bool {
        self.heap.top() == HeapType::Exn
    }
}

impl std::fmt::Display for RefType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.nullable, self.heap) {
            (true, HeapType::Func) => f.write_str("funcref"),
            (true, HeapType::Extern) => f.write_str("externref"),
            (true, HeapType::Exn) => f.write_str("exnref"),
            (true, HeapType::NoFunc) => f.write_str("nullfuncref"),
            (true, HeapType::NoExtern) => f.write_str("nullexternref"),
            (true, HeapType::NoExn) => f.write_str("nullexnref"),
            (true, heap) => write!(f, "(ref null {heap})"),
            (false, heap) => write!(f, "(ref {heap})"),
        }
    }
}

impl From<RefType> for ValType {
    fn from(r: RefType) -> ValType {
        ValType::Ref(r)
    }
}

/// A function type.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FuncType {
    /// Parameter types.
    pub params: Vec<ValType>,
    /// Result types.
    pub results: Vec<ValType>,
}

/// A memory type. Sizes are in 64 KiB pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemoryType {
    /// Initial size in pages.
    pub minimum: u64,
    /// Maximum size in pages, if declared.
    pub maximum: Option<u64>,
    /// Whether addresses are 64-bit (memory64).
    pub memory64: bool,
    /// Whether the memory is shared (threads).
    pub shared: bool,
}

/// A table type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableType {
    /// Element type.
    pub element: RefType,
    /// Initial size in elements.
    pub minimum: u64,
    /// Maximum size in elements, if declared.
    pub maximum: Option<u64>,
    /// Whether element indices are 64-bit (table64, from memory64).
    pub table64: bool,
}

/// A global type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GlobalType {
    /// Value type.
    pub content: ValType,
    /// Whether `global.set` is allowed.
    pub mutable: bool,
}

/// One instruction of a constant expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConstOp {
    /// `i32.const`.
    I32Const(i32),
    /// `i64.const`.
    I64Const(i64),
    /// `f32.const`, as bits.
    F32Const(u32),
    /// `f64.const`, as bits.
    F64Const(u64),
    /// `v128.const`, as bits.
    V128Const(u128),
    /// `global.get` of an (imported) global.
    GlobalGet(u32),
    /// `ref.null`.
    RefNull(RefType),
    /// `ref.func`.
    RefFunc(u32),
    /// `i32.add` (extended constant expressions).
    I32Add,
    /// `i32.sub`.
    I32Sub,
    /// `i32.mul`.
    I32Mul,
    /// `i64.add`.
    I64Add,
    /// `i64.sub`.
    I64Sub,
    /// `i64.mul`.
    I64Mul,
}

/// A constant expression: a sequence of [`ConstOp`]s leaving one value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConstExpr(pub Vec<ConstOp>);

/// What an import provides.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ImportKind {
    /// A function of the given type index.
    Func(u32),
    /// A memory.
    Memory(MemoryType),
    /// A table.
    Table(TableType),
    /// A global.
    Global(GlobalType),
}

/// An import.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Import {
    /// Module name.
    pub module: String,
    /// Field name.
    pub field: String,
    /// What is imported.
    pub kind: ImportKind,
}

/// What an export refers to (by index in its index space).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExportKind {
    /// A function.
    Func(u32),
    /// A memory.
    Memory(u32),
    /// A table.
    Table(u32),
    /// A global.
    Global(u32),
}

/// An export.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Export {
    /// Export name.
    pub name: String,
    /// What is exported.
    pub kind: ExportKind,
}

/// How a data segment is used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DataMode {
    /// Copied into `memory` at `offset` on instantiation.
    Active {
        /// Memory index.
        memory: u32,
        /// Offset expression.
        offset: ConstExpr,
    },
    /// Used by `memory.init` only.
    Passive,
}

/// A data segment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataSegment {
    /// How it is used.
    pub mode: DataMode,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// How an element segment is used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ElementMode {
    /// Copied into `table` at `offset` on instantiation.
    Active {
        /// Table index.
        table: u32,
        /// Offset expression.
        offset: ConstExpr,
    },
    /// Used by `table.init` only.
    Passive,
    /// Only declares functions for `ref.func`; dropped on instantiation.
    Declared,
}

/// An element segment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ElementSegment {
    /// How it is used.
    pub mode: ElementMode,
    /// Element type.
    pub element: RefType,
    /// One constant expression per element.
    pub items: Vec<ConstExpr>,
}

/// Everything about a module except its function bodies.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModuleInfo {
    /// The module's name from the name section.
    pub name: Option<String>,
    /// Function types, by type index.
    pub types: Vec<FuncType>,
    /// Imports, in order.
    pub imports: Vec<Import>,
    /// Type index of every function, imported first.
    pub functions: Vec<u32>,
    /// Every table, imported first.
    pub tables: Vec<TableType>,
    /// Every memory, imported first.
    pub memories: Vec<MemoryType>,
    /// Every global, imported first.
    pub globals: Vec<GlobalType>,
    /// Initializer of every defined table (index `i` is table
    /// `num_imported_tables + i`): `None` fills it with null.
    pub table_inits: Vec<Option<ConstExpr>>,
    /// Initial value of every defined global (index `i` is global
    /// `num_imported_globals + i`).
    pub global_inits: Vec<ConstExpr>,
    /// Exports, in order.
    pub exports: Vec<Export>,
    /// Start function.
    pub start: Option<u32>,
    /// Element segments.
    pub elements: Vec<ElementSegment>,
    /// Data segments.
    pub data: Vec<DataSegment>,
    /// Function names from the name section, sorted by function index.
    pub function_names: Vec<(u32, String)>,
    /// Functions that can be referenced (exported, in an element segment, or
    /// named by `ref.func` anywhere), sorted.
    pub referenced_functions: Vec<u32>,
    /// Number of imported functions.
    pub num_imported_functions: u32,
    /// Number of imported tables.
    pub num_imported_tables: u32,
    /// Number of imported memories.
    pub num_imported_memories: u32,
    /// Number of imported globals.
    pub num_imported_globals: u32,
}

impl ModuleInfo {
    /// The `VMContext` layout of this module.
    pub fn offsets(&self) -> crate::VMOffsets {
        crate::VMOffsets {
            num_types: self.types.len() as u32,
            num_memories: self.memories.len() as u32,
            num_tables: self.tables.len() as u32,
            num_globals: self.globals.len() as u32,
            num_funcrefs: self.num_imported_functions + self.referenced_defined_functions().len() as u32,
        }
    }

    /// The type of function `index`.
    pub fn func_type(&self, index: u32) -> &FuncType {
        &self.types[self.functions[index as usize] as usize]
    }

    /// Number of defined (non-imported) functions.
    pub fn num_defined_functions(&self) -> u32 {
        self.functions.len() as u32 - self.num_imported_functions
    }

    /// The name-section name of function `index`, if any.
    pub fn function_name(&self, index: u32) -> Option<&str> {
        self.function_names
            .binary_search_by_key(&index, |(i, _)| *i)
            .ok()
            .map(|at| self.function_names[at].1.as_str())
    }

    /// A readable name for function `index`: its name-section name, else
    /// the name it is exported under, else `func[index]`.
    pub fn display_function_name(&self, index: u32) -> String {
        if let Some(name) = self.function_name(index) {
            return name.to_string();
        }
        self.exports
            .iter()
            .find(|e| e.kind == ExportKind::Func(index))
            .map(|e| e.name.clone())
            .unwrap_or_else(|| format!("func[{index}]"))
    }

    /// The referenced functions that are defined, not imported, in order.
    fn referenced_defined_functions(&self) -> &[u32] {
        let first = self.referenced_functions.partition_point(|&i| i < self.num_imported_functions);
        &self.referenced_functions[first..]
    }

    /// The `VMFuncRef` slot of function `index` (see [`crate::VMOffsets`]):
    /// imported functions have slots `0..num_imported_functions` in order,
    /// referenced defined functions the next ones in index order, and other
    /// defined functions none (`None`; also for an unknown index).
    pub fn funcref_slot(&self, index: u32) -> Option<u32> {
        if index < self.num_imported_functions {
            return Some(index);
        }
        let position = self.referenced_defined_functions().binary_search(&index).ok()?;
        Some(self.num_imported_functions + position as u32)
    }

    /// Whether function `index` may ever be referenced (see
    /// [`ModuleInfo::referenced_functions`]).
    pub fn is_referenced(&self, index: u32) -> bool {
        self.referenced_functions.binary_search(&index).is_ok()
    }

    /// Every function the module references outside function bodies:
    /// exported ones, the start function, and those named by `ref.func` in
    /// element items, table and global initializers (with repeats). Together with
    /// `ref.func` in bodies these make up
    /// [`ModuleInfo::referenced_functions`].
    pub fn functions_referenced_outside_code(&self) -> impl Iterator<Item = u32> + '_ {
        let exported = self.exports.iter().filter_map(|e| match e.kind {
            ExportKind::Func(i) => Some(i),
            _ => None,
        });
        let in_const_exprs = self
            .global_inits
            .iter()
            .chain(self.table_inits.iter().flatten())
            .chain(self.elements.iter().flat_map(|s| &s.items))
            .flat_map(|expr| &expr.0)
            .filter_map(|op| match op {
                ConstOp::RefFunc(i) => Some(*i),
                _ => None,
            });
        exported.chain(self.start).chain(in_const_exprs)
    }

    /// Serialize for embedding in an object.
    pub fn to_bytes(&self) -> Vec<u8> {
        postcard::to_allocvec(self).expect("serializing ModuleInfo into memory cannot fail")
    }

    /// Read back what [`ModuleInfo::to_bytes`] wrote.
    pub fn from_bytes(bytes: &[u8]) -> Result<ModuleInfo, postcard::Error> {
        postcard::from_bytes(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_imported_and_referenced_functions_have_funcref_slots() {
        let info = ModuleInfo {
            functions: vec![0; 6],
            num_imported_functions: 2,
            referenced_functions: vec![1, 3, 5],
            ..ModuleInfo::default()
        };
        let slots: Vec<Option<u32>> = (0..7).map(|i| info.funcref_slot(i)).collect();
        assert_eq!(slots, [Some(0), Some(1), None, Some(2), None, Some(3), None]);
        assert_eq!(info.offsets().num_funcrefs, 4);
    }

    #[test]
    fn reference_types_have_text_format_names() {
        let names: Vec<String> = [
            ValType::FUNCREF,
            ValType::EXTERNREF,
            ValType::Ref(RefType::EXNREF),
            ValType::Ref(RefType::nullable(HeapType::NoFunc)),
            ValType::Ref(RefType::nullable(HeapType::Concrete(3))),
            ValType::Ref(RefType::non_null(HeapType::Concrete(0))),
            ValType::Ref(RefType::non_null(HeapType::Func)),
            ValType::Ref(RefType::non_null(HeapType::NoExn)),
        ]
        .iter()
        .map(|t| t.name())
        .collect();
        assert_eq!(
            names,
            [
                "funcref",
                "externref",
                "exnref",
                "nullfuncref",
                "(ref null $3)",
                "(ref $0)",
                "(ref func)",
                "(ref noexn)"
            ]
        );
    }

    #[test]
    fn reference_types_survive_serialization() {
        let info = ModuleInfo {
            types: vec![FuncType {
                params: vec![ValType::Ref(RefType::non_null(HeapType::Concrete(0))), ValType::FUNCREF],
                results: vec![ValType::Ref(RefType::EXNREF)],
            }],
            tables: vec![TableType {
                element: RefType::nullable(HeapType::Concrete(0)),
                minimum: 1,
                maximum: None,
                table64: false,
            }],
            ..ModuleInfo::default()
        };
        assert_eq!(ModuleInfo::from_bytes(&info.to_bytes()).unwrap(), info);
    }

    #[test]
    fn hierarchies_and_defaults() {
        assert_eq!(HeapType::Concrete(7).top(), HeapType::Func);
        assert_eq!(HeapType::NoExtern.top(), HeapType::Extern);
        assert_eq!(HeapType::Concrete(7).bottom(), HeapType::NoFunc);
        assert!(RefType::EXNREF.is_exn() && !RefType::EXNREF.is_func());
        assert!(ValType::FUNCREF.is_defaultable());
        assert!(!ValType::Ref(RefType::non_null(HeapType::Extern)).is_defaultable());
    }
}
