//! Reading and validating a wasm module into a [`ModuleInfo`].

use crate::module_info::*;
use std::path::{Path, PathBuf};
use wasmparser::{
    ElementItems, ElementKind, ExternalKind, KnownCustom, Name, Operator, Parser, Payload,
    TypeRef, Validator, WasmFeatures,
};

/// Why a module could not be read.
#[derive(Debug)]
pub enum ParseError {
    /// The file could not be read.
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A `.wat` file is not valid text format (the message has line and column).
    Text {
        /// The file.
        path: PathBuf,
        /// The text parser's message.
        message: String,
    },
    /// The binary is malformed or does not validate.
    Invalid {
        /// Byte offset in the binary.
        offset: u64,
        /// What is wrong.
        message: String,
    },
    /// The module uses something wasmlite does not support yet.
    Unsupported {
        /// Byte offset in the binary.
        offset: u64,
        /// What is not supported.
        what: String,
    },
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParseError::Io { path, source } => write!(f, "cannot read {}: {source}", path.display()),
            ParseError::Text { path, message } => {
                write!(f, "{} is not valid WebAssembly text: {message}", path.display())
            }
            ParseError::Invalid { offset, message } => {
                write!(f, "invalid module at byte offset {offset:#x}: {message}")
            }
            ParseError::Unsupported { offset, what } => {
                write!(f, "unsupported at byte offset {offset:#x}: {what}")
            }
        }
    }
}

impl std::error::Error for ParseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ParseError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl From<wasmparser::BinaryReaderError> for ParseError {
    fn from(e: wasmparser::BinaryReaderError) -> ParseError {
        ParseError::Invalid { offset: e.offset(), message: e.message().to_string() }
    }
}

/// The wasm features wasmlite accepts: WebAssembly 2.0 plus the 3.0
/// features listed one per line (so that additions merge).
pub fn supported_features() -> WasmFeatures {
    WasmFeatures::WASM2
        | WasmFeatures::EXTENDED_CONST
        | WasmFeatures::MULTI_MEMORY
        | WasmFeatures::MEMORY64
        | WasmFeatures::TAIL_CALL
        | WasmFeatures::FUNCTION_REFERENCES
        | WasmFeatures::RELAXED_SIMD
}

/// Read a `.wasm` binary, or a `.wat`/`.wast` text file converted to binary.
pub fn read_module_file(path: &Path) -> Result<Vec<u8>, ParseError> {
    let bytes = std::fs::read(path)
        .map_err(|source| ParseError::Io { path: path.to_path_buf(), source })?;
    if bytes.starts_with(b"\0asm") {
        return Ok(bytes);
    }
    match wat::parse_bytes(&bytes) {
        Ok(wasm) => Ok(wasm.into_owned()),
        Err(mut e) => {
            e.set_path(path);
            Err(ParseError::Text { path: path.to_path_buf(), message: e.to_string() })
        }
    }
}

impl ModuleInfo {
    /// Validate `wasm` with [`supported_features`] and describe it.
    pub fn from_wasm(wasm: &[u8]) -> Result<ModuleInfo, ParseError> {
        Validator::new_with_features(supported_features()).validate_all(wasm)?;
        let mut info = ModuleInfo::default();
        let mut referenced = Vec::new();
        for payload in Parser::new(0).parse_all(wasm) {
            match payload? {
                Payload::TypeSection(reader) => {
                    let offset = reader.range().start;
                    for ty in reader.into_iter_err_on_gc_types() {
                        let ty = ty?;
                        info.types.push(FuncType {
                            params: ty.params().iter().map(|t| convert_val_type(*t, offset)).collect::<Result<_, _>>()?,
                            results: ty.results().iter().map(|t| convert_val_type(*t, offset)).collect::<Result<_, _>>()?,
                        });
                    }
                }
                Payload::ImportSection(reader) => {
                    for import in reader.into_imports_with_offsets() {
                        let (offset, import) = import?;
                        
                        let kind = match import.ty {
                            TypeRef::Func(t) | TypeRef::FuncExact(t) => {
                                info.functions.push(t);
                                info.num_imported_functions += 1;
                                ImportKind::Func(t)
                            }
                            TypeRef::Memory(m) => {
                                let m = memory_type(m, offset)?;
                                info.memories.push(m);
                                info.num_imported_memories += 1;
                                ImportKind::Memory(m)
                            }
                            TypeRef::Table(t) => {
                                let t = table_type(t, offset)?;
                                info.tables.push(t);
                                info.num_imported_tables += 1;
                                ImportKind::Table(t)
                            }
                            TypeRef::Global(g) => {
                                let g = global_type(g, offset)?;
                                info.globals.push(g);
                                info.num_imported_globals += 1;
                                ImportKind::Global(g)
                            }
                            TypeRef::Tag(_) => return Err(unsupported(offset, "tag imports (exception handling)")),
                        };
                        info.imports.push(Import {
                            module: import.module.to_string(),
                            field: import.name.to_string(),
                            kind,
                        });
                    }
                }
                Payload::FunctionSection(reader) => {
                    for t in reader {
                        info.functions.push(t?);
                    }
                }
                Payload::TableSection(reader) => {
                    for table in reader.into_iter_with_offsets() {
                        let (offset, table) = table?;
                        let ty = table_type(table.ty, offset)?;
                        let init = match table.init {
                            wasmparser::TableInit::RefNull => None,
                            wasmparser::TableInit::Expr(expr) => Some(const_expr(&expr, &mut referenced)?),
                        };
                        info.tables.push(ty);
                        info.table_inits.push(init);
                    }
                }
                Payload::MemorySection(reader) => {
                    for memory in reader.into_iter_with_offsets() {
                        let (offset, memory) = memory?;
                        info.memories.push(memory_type(memory, offset)?);
                    }
                }
                Payload::GlobalSection(reader) => {
                    for global in reader.into_iter_with_offsets() {
                        let (offset, global) = global?;
                        info.globals.push(global_type(global.ty, offset)?);
                        let init = const_expr(&global.init_expr, &mut referenced)?;
                        info.global_inits.push(init);
                    }
                }
                Payload::ExportSection(reader) => {
                    for export in reader.into_iter_with_offsets() {
                        let (offset, export) = export?;
                        let kind = match export.kind {
                            ExternalKind::Func | ExternalKind::FuncExact => {
                                referenced.push(export.index);
                                ExportKind::Func(export.index)
                            }
                            ExternalKind::Memory => ExportKind::Memory(export.index),
                            ExternalKind::Table => ExportKind::Table(export.index),
                            ExternalKind::Global => ExportKind::Global(export.index),
                            ExternalKind::Tag => return Err(unsupported(offset, "tag exports (exception handling)")),
                        };
                        info.exports.push(Export { name: export.name.to_string(), kind });
                    }
                }
                Payload::StartSection { func, .. } => {
                    referenced.push(func);
                    info.start = Some(func);
                }
                Payload::ElementSection(reader) => {
                    for element in reader {
                        let element = element?;
                        let offset = element.range.start;
                        let mode = match element.kind {
                            ElementKind::Passive => ElementMode::Passive,
                            ElementKind::Declared => ElementMode::Declared,
                            ElementKind::Active { table_index, offset_expr } => ElementMode::Active {
                                table: table_index.unwrap_or(0),
                                offset: const_expr(&offset_expr, &mut referenced)?,
                            },
                        };
                        let (element_type, items) = match element.items {
                            ElementItems::Functions(funcs) => {
                                let mut items = Vec::new();
                                for f in funcs {
                                    let f = f?;
                                    referenced.push(f);
                                    items.push(ConstExpr(vec![ConstOp::RefFunc(f)]));
                                }
                                (RefType::FUNCREF, items)
                            }
                            ElementItems::Expressions(ty, exprs) => {
                                let mut items = Vec::new();
                                for e in exprs {
                                    items.push(const_expr(&e?, &mut referenced)?);
                                }
                                (ref_type(ty, offset)?, items)
                            }
                        };
                        info.elements.push(ElementSegment { mode, element: element_type, items });
                    }
                }
                Payload::DataSection(reader) => {
                    for data in reader {
                        let data = data?;
                        let mode = match data.kind {
                            wasmparser::DataKind::Passive => DataMode::Passive,
                            wasmparser::DataKind::Active { memory_index, offset_expr } => DataMode::Active {
                                memory: memory_index,
                                offset: const_expr(&offset_expr, &mut referenced)?,
                            },
                        };
                        info.data.push(DataSegment { mode, bytes: data.data.to_vec() });
                    }
                }
                Payload::CustomSection(reader) => {
                    if let KnownCustom::Name(names) = reader.as_known() {
                        // A malformed name section is ignored, as the spec allows.
                        let _ = read_names(names, &mut info);
                    }
                }
                Payload::TagSection(reader) => {
                    return Err(unsupported(reader.range().start, "tags (exception handling)"));
                }
                _ => {}
            }
        }
        referenced.sort_unstable();
        referenced.dedup();
        info.referenced_functions = referenced;
        info.function_names.sort_by_key(|(i, _)| *i);
        info.function_names.dedup_by_key(|(i, _)| *i);
        Ok(info)
    }
}

fn read_names(names: wasmparser::NameSectionReader<'_>, info: &mut ModuleInfo) -> wasmparser::Result<()> {
    for name in names {
        match name? {
            Name::Module { name, .. } => info.name = Some(name.to_string()),
            Name::Function(map) => {
                for naming in map {
                    let naming = naming?;
                    info.function_names.push((naming.index, naming.name.to_string()));
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn unsupported(offset: u64, what: &str) -> ParseError {
    ParseError::Unsupported { offset, what: what.to_string() }
}

fn ref_type(t: wasmparser::RefType, offset: u64) -> Result<RefType, ParseError> {
    Ok(RefType { nullable: t.is_nullable(), heap: heap_type(t.heap_type(), offset)? })
}

/// Convert a heap type; GC's and shared ones are unsupported.
fn heap_type(t: wasmparser::HeapType, offset: u64) -> Result<HeapType, ParseError> {
    use wasmparser::AbstractHeapType as A;
    let unsupported_heap = || unsupported(offset, &format!("heap type {t:?} (GC / shared-everything)"));
    match t {
        wasmparser::HeapType::Abstract { shared: false, ty } => Ok(match ty {
            A::Func => HeapType::Func,
            A::Extern => HeapType::Extern,
            A::Exn => HeapType::Exn,
            A::NoFunc => HeapType::NoFunc,
            A::NoExtern => HeapType::NoExtern,
            A::NoExn => HeapType::NoExn,
            _ => return Err(unsupported_heap()),
        }),
        wasmparser::HeapType::Concrete(index) => {
            index.as_module_index().map(HeapType::Concrete).ok_or_else(unsupported_heap)
        }
        _ => Err(unsupported_heap()),
    }
}

/// Convert a validated wasmparser value type; GC's reference types are
/// [`ParseError::Unsupported`].
pub fn convert_val_type(t: wasmparser::ValType, offset: u64) -> Result<ValType, ParseError> {
    Ok(match t {
        wasmparser::ValType::I32 => ValType::I32,
        wasmparser::ValType::I64 => ValType::I64,
        wasmparser::ValType::F32 => ValType::F32,
        wasmparser::ValType::F64 => ValType::F64,
        wasmparser::ValType::V128 => ValType::V128,
        wasmparser::ValType::Ref(r) => ref_type(r, offset)?.into(),
    })
}

fn memory_type(m: wasmparser::MemoryType, offset: u64) -> Result<MemoryType, ParseError> {
    if m.page_size_log2.is_some() {
        return Err(unsupported(offset, "custom page sizes"));
    }
    if m.shared {
        return Err(unsupported(offset, "shared memories (threads)"));
    }
    Ok(MemoryType { minimum: m.initial, maximum: m.maximum, memory64: m.memory64, shared: m.shared })
}

fn table_type(t: wasmparser::TableType, offset: u64) -> Result<TableType, ParseError> {
    Ok(TableType {
        element: ref_type(t.element_type, offset)?,
        minimum: t.initial,
        maximum: t.maximum,
        table64: t.table64,
    })
}

fn global_type(g: wasmparser::GlobalType, offset: u64) -> Result<GlobalType, ParseError> {
    if g.shared {
        return Err(unsupported(offset, "shared globals (threads)"));
    }
    Ok(GlobalType { content: convert_val_type(g.content_type, offset)?, mutable: g.mutable })
}

fn const_expr(expr: &wasmparser::ConstExpr<'_>, referenced: &mut Vec<u32>) -> Result<ConstExpr, ParseError> {
    let mut ops = Vec::new();
    let mut reader = expr.get_operators_reader();
    while !reader.eof() {
        let offset = reader.original_position();
        let op = match reader.read()? {
            Operator::I32Const { value } => ConstOp::I32Const(value),
            Operator::I64Const { value } => ConstOp::I64Const(value),
            Operator::F32Const { value } => ConstOp::F32Const(value.bits()),
            Operator::F64Const { value } => ConstOp::F64Const(value.bits()),
            Operator::V128Const { value } => ConstOp::V128Const(u128::from_le_bytes(*value.bytes())),
            Operator::GlobalGet { global_index } => ConstOp::GlobalGet(global_index),
            Operator::RefNull { hty } => ConstOp::RefNull(RefType::nullable(heap_type(hty, offset)?)),
            Operator::RefFunc { function_index } => {
                referenced.push(function_index);
                ConstOp::RefFunc(function_index)
            }
            Operator::I32Add => ConstOp::I32Add,
            Operator::I32Sub => ConstOp::I32Sub,
            Operator::I32Mul => ConstOp::I32Mul,
            Operator::I64Add => ConstOp::I64Add,
            Operator::I64Sub => ConstOp::I64Sub,
            Operator::I64Mul => ConstOp::I64Mul,
            Operator::End => break,
            other => return Err(unsupported(offset, &format!("{other:?} in a constant expression"))),
        };
        ops.push(op);
    }
    Ok(ConstExpr(ops))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_a_module() {
        let wasm = wat::parse_str(
            r#"(module $m
                (import "env" "log" (func $log (param i32)))
                (import "env" "g" (global i32))
                (memory (export "memory") 1 2)
                (table 2 funcref)
                (global $x (mut i64) (i64.const 7))
                (func $add (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
                (elem (i32.const 0) $add)
                (data (i32.const 16) "hello"))"#,
        )
        .unwrap();
        let info = ModuleInfo::from_wasm(&wasm).unwrap();
        assert_eq!(info.name.as_deref(), Some("m"));
        assert_eq!(info.num_imported_functions, 1);
        assert_eq!(info.num_imported_globals, 1);
        assert_eq!(info.functions.len(), 2);
        assert_eq!(info.memories[0], MemoryType { minimum: 1, maximum: Some(2), memory64: false, shared: false });
        assert_eq!(info.global_inits, vec![ConstExpr(vec![ConstOp::I64Const(7)])]);
        assert_eq!(info.function_name(1), Some("add"));
        assert_eq!(info.referenced_functions, vec![1]);
        assert_eq!(info.data[0].bytes, b"hello");
        let round_trip = ModuleInfo::from_bytes(&info.to_bytes()).unwrap();
        assert_eq!(round_trip, info);
    }

    #[test]
    fn describes_wasm3_memories_tables_and_constants() {
        let wasm = wat::parse_str(
            r#"(module
                (import "env" "base" (global $base i32))
                (memory $a 1)
                (memory $b i64 2 3)
                (table i64 4 funcref)
                (global i32 (i32.add (global.get $base) (i32.const 8)))
                (data (memory $b) (i64.const 16) "x")
                (func (param i64) (result i32)
                    (i32.load8_u $b (local.get 0))
                    (memory.copy $a $b (i32.const 0) (i64.const 0) (i32.const 1))))"#,
        )
        .unwrap();
        let info = ModuleInfo::from_wasm(&wasm).unwrap();
        assert_eq!(info.memories.len(), 2);
        assert!(!info.memories[0].memory64);
        assert_eq!(info.memories[1], MemoryType { minimum: 2, maximum: Some(3), memory64: true, shared: false });
        assert!(info.tables[0].table64);
        assert_eq!(
            info.global_inits[0],
            ConstExpr(vec![ConstOp::GlobalGet(0), ConstOp::I32Const(8), ConstOp::I32Add])
        );
        assert!(matches!(info.data[0].mode, DataMode::Active { memory: 1, .. }));
    }

    #[test]
    fn describes_typed_function_references() {
        let wasm = wat::parse_str(
            r#"(module
                (type $t (func (param i32) (result i32)))
                (import "env" "g" (global (ref null $t)))
                (table 2 (ref $t) (ref.func $f))
                (global (ref null $t) (ref.null $t))
                (func $f (type $t) local.get 0)
                (func (param (ref $t)) (result i32) (call_ref $t (i32.const 1) (local.get 0))))"#,
        )
        .unwrap();
        let info = ModuleInfo::from_wasm(&wasm).unwrap();
        let t = HeapType::Concrete(0);
        assert_eq!(info.tables[0].element, RefType::non_null(t));
        assert_eq!(info.table_inits, vec![Some(ConstExpr(vec![ConstOp::RefFunc(0)]))]);
        assert_eq!(info.globals[1].content, ValType::Ref(RefType::nullable(t)));
        assert_eq!(info.global_inits, vec![ConstExpr(vec![ConstOp::RefNull(RefType::nullable(t))])]);
        assert_eq!(info.types[1].params, [ValType::Ref(RefType::non_null(t))]);
        assert_eq!(info.referenced_functions, vec![0]);
    }

    #[test]
    fn exceptions_are_still_rejected() {
        let wasm = wat::parse_str(r#"(module (tag $e) (func (throw $e)))"#).unwrap();
        assert!(ModuleInfo::from_wasm(&wasm).is_err());
    }

    #[test]
    fn invalid_module_reports_offset() {
        let err = ModuleInfo::from_wasm(b"\0asm\x01\0\0\0\x01\x05").unwrap_err();
        assert!(matches!(err, ParseError::Invalid { offset, .. } if offset > 0), "{err}");
    }
}
