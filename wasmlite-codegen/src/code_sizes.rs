//! Filling the descriptor's code-size tables after LLVM emitted the code.
//!
//! The runtime accepts a fault as a trap only at an instruction inside a
//! function, export wrapper or start wrapper of a loaded module, so it must know where
//! each one ends. LLVM IR cannot name the end of a function, but the ELF
//! symbol table records every function's size (`st_size`). The descriptor
//! therefore points to `[u32; n]` tables emitted with a placeholder
//! (`descriptor.rs`); once every part of the module is emitted, this file
//! reads each function's and wrapper's size from the part that defines it
//! and writes it into the tables' bytes in the part holding the
//! descriptor. The objects stay ordinary relocatable objects, so the
//! patched sizes are the same whether a linker or ORC loads them.

use crate::descriptor::{EXPORT_SIZES_SYMBOL, FUNCTION_SIZES_SYMBOL, SIZE_PLACEHOLDER, START_SIZE_SYMBOL};
use crate::module_cx::function_symbol;
use crate::wrappers::{start_symbol, wrapper_symbol};
use crate::CompileError;
use object::{Object, ObjectSection, ObjectSymbol, SymbolKind};
use std::collections::HashMap;
use wasmlite_abi::{ExportKind, ModuleInfo};

/// Writes the sizes of every defined function, export wrapper and the start
/// wrapper into the
/// descriptor's tables in `objects[0]`. `split_prefix` is the symbol prefix
/// when the module was split into several objects.
pub(crate) fn patch(
    objects: &mut [Vec<u8>],
    info: &ModuleInfo,
    symbol_prefix: &str,
    split: bool,
) -> Result<(), CompileError> {
    let code = code_symbols(objects)?;
    let size_of = |name: &str| -> Result<u32, CompileError> {
        code.get(name)
            .copied()
            .ok_or_else(|| error(format!("no part defines the code symbol `{name}`")))
    };
    let defined = info.num_imported_functions..info.functions.len() as u32;
    let function_sizes = defined
        .map(|index| size_of(&function_symbol(info, split.then_some(symbol_prefix), index)))
        .collect::<Result<Vec<u32>, _>>()?;
    let export_sizes = info
        .exports
        .iter()
        .enumerate()
        .map(|(k, export)| match export.kind {
            ExportKind::Func(_) => size_of(&wrapper_symbol(symbol_prefix, k)),
            _ => Ok(0),
        })
        .collect::<Result<Vec<u32>, _>>()?;
    let start_size = match info.start {
        Some(_) => size_of(&start_symbol(symbol_prefix))?,
        None => 0,
    };
    // Host adapters are code too, but never wasm code: they only call the
    // host, so the runtime needs no range for them.
    let adapters = crate::host_adapters::symbols(info, symbol_prefix);
    for adapter in &adapters {
        size_of(adapter)?;
    }
    let known = function_sizes.len()
        + export_sizes.iter().filter(|&&s| s != 0).count()
        + usize::from(start_size != 0)
        + adapters.len();
    if code.len() != known {
        let mut extra: Vec<&String> = code.keys().collect();
        extra.sort();
        return Err(error(format!(
            "the objects define {} functions, {known} expected (a function LLVM cloned would be code the runtime does not know): {extra:?}",
            code.len()
        )));
    }
    let descriptor_object = &mut objects[0];
    write_table(descriptor_object, FUNCTION_SIZES_SYMBOL, &function_sizes)?;
    write_table(descriptor_object, EXPORT_SIZES_SYMBOL, &export_sizes)?;
    write_table(descriptor_object, START_SIZE_SYMBOL, &[start_size])
}

/// Every function symbol defined in `objects`, with its size.
fn code_symbols(objects: &[Vec<u8>]) -> Result<HashMap<String, u32>, CompileError> {
    let mut code = HashMap::new();
    for bytes in objects {
        let file = parse(bytes)?;
        for symbol in file.symbols() {
            if symbol.kind() != SymbolKind::Text || !symbol.is_definition() {
                continue;
            }
            let name = symbol.name().map_err(|e| error(e.to_string()))?.to_string();
            let size = u32::try_from(symbol.size()).ok().filter(|&s| s != 0);
            let size = size.ok_or_else(|| error(format!("function `{name}` has size {}", symbol.size())))?;
            if code.insert(name.clone(), size).is_some() {
                return Err(error(format!("function `{name}` is defined twice")));
            }
        }
    }
    Ok(code)
}

/// Overwrites the `u32` table under local symbol `name` with `values`.
fn write_table(object: &mut [u8], name: &str, values: &[u32]) -> Result<(), CompileError> {
    if values.is_empty() {
        return Ok(());
    }
    let (start, little_endian) = {
        let file = parse(object)?;
        let symbol = file
            .symbols()
            .find(|s| s.name() == Ok(name))
            .ok_or_else(|| error(format!("the descriptor's object has no `{name}`")))?;
        let section = symbol
            .section_index()
            .and_then(|index| file.section_by_index(index).ok())
            .ok_or_else(|| error(format!("`{name}` is in no section")))?;
        let (section_offset, section_size) =
            section.file_range().ok_or_else(|| error(format!("`{name}` is in a section without file contents")))?;
        if symbol.address() + 4 * values.len() as u64 > section_size {
            return Err(error(format!("`{name}` extends past its section")));
        }
        ((section_offset + symbol.address()) as usize, file.is_little_endian())
    };
    let table = &mut object[start..start + 4 * values.len()];
    for (slot, value) in table.chunks_exact_mut(4).zip(values) {
        let current = u32::from_ne_bytes(slot.try_into().expect("4 bytes"));
        if current != SIZE_PLACEHOLDER {
            return Err(error(format!("`{name}` does not hold the placeholder")));
        }
        slot.copy_from_slice(&if little_endian { value.to_le_bytes() } else { value.to_be_bytes() });
    }
    Ok(())
}

fn parse(bytes: &[u8]) -> Result<object::File<'_>, CompileError> {
    object::File::parse(bytes).map_err(|e| error(format!("reading the emitted object: {e}")))
}

fn error(message: String) -> CompileError {
    CompileError::Llvm(format!("recording code sizes: {message}"))
}
