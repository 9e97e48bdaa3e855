//! The emitted object's shape: which symbols it defines and what it needs.

use object::{Object, ObjectSymbol};
use wasmlite_codegen::{compile, CompileOptions, OptLevel};

fn compile_wat(text: &str, opt_level: OptLevel) -> wasmlite_codegen::CompiledModule {
    let wasm = wat::parse_str(text).expect("test module parses");
    let options = CompileOptions { opt_level, stem: "shape".into(), ..Default::default() };
    compile(&wasm, &options).unwrap_or_else(|e| panic!("compiles: {e}"))
}

const MODULE: &str = r#"(module
    (import "env" "log" (func $log (param i32)))
    (table 2 funcref)
    (elem (i32.const 0) $id)
    (func $id (export "id") (param i32) (result i32) local.get 0)
    (func (export "pick") (param i32 i32 i32) (result i32)
        (block (result i32)
            local.get 0
            local.get 2
            br_if 0
            drop
            local.get 1))
    (func (export "swap") (param i32 i32) (result i32 i32) local.get 1 local.get 0)
    (func (export "loop") (param i32) (result i32)
        (loop $l (result i32) local.get 0 br_if $l local.get 0))
    (func (export "indirect") (param i32) (result i32) local.get 0 local.get 0 call_indirect (param i32) (result i32))
    (func (export "call_log") (param i32) local.get 0 call $log))"#;

/// The names of the global symbols `file` defines, with whether each is hidden.
fn global_definitions(file: &object::File<'_>) -> Vec<(String, bool)> {
    let mut globals: Vec<(String, bool)> = file
        .symbols()
        .filter(|s| s.is_global() && s.is_definition())
        .map(|s| {
            let hidden = match s.flags() {
                object::SymbolFlags::Elf { st_other, .. } => st_other & 3 == object::elf::STV_HIDDEN,
                _ => false,
            };
            (s.name().unwrap().to_string(), hidden)
        })
        .collect();
    globals.sort();
    globals
}

#[test]
fn defines_exactly_one_global_symbol_the_descriptor() {
    for level in [OptLevel::O0, OptLevel::O2] {
        let compiled = compile_wat(MODULE, level);
        assert_eq!(compiled.objects.len(), 1, "small modules are not split");
        let file = object::File::parse(&*compiled.objects[0]).expect("a valid object file");
        assert_eq!(global_definitions(&file), [(compiled.descriptor_symbol.clone(), false)]);
        let undefined: Vec<String> = file
            .symbols()
            .filter(|s| s.is_undefined() && !s.name().unwrap().is_empty())
            .map(|s| s.name().unwrap().to_string())
            .collect();
        assert!(undefined.is_empty(), "the object needs no outside symbols, found {undefined:?}");
    }
}

/// A module with `count` functions of about `body_ops` operators each, each
/// calling the next, so split parts must reference each other.
fn large_module(count: usize, body_ops: usize) -> String {
    let mut text = String::from("(module\n");
    for i in 0..count {
        text.push_str(&format!("(func $f{i} (export \"f{i}\") (param i32) (result i32) local.get 0\n"));
        for _ in 0..body_ops {
            text.push_str("i32.const 1 local.get 0 select\n");
        }
        if i + 1 < count {
            text.push_str(&format!("call $f{}\n", i + 1));
        }
        text.push_str(")\n");
    }
    text.push(')');
    text
}

#[test]
fn large_modules_split_across_threads_into_linkable_objects() {
    let wasm = wat::parse_str(large_module(64, 1200)).unwrap();
    let options = CompileOptions { opt_level: OptLevel::O1, stem: "big".into(), threads: 4, ..Default::default() };
    let compiled = compile(&wasm, &options).unwrap();
    assert_eq!(compiled.objects.len(), 4);
    let mut defined = std::collections::HashSet::new();
    let mut needed = std::collections::HashSet::new();
    for bytes in &compiled.objects {
        let file = object::File::parse(&**bytes).unwrap();
        for symbol in file.symbols() {
            let name = symbol.name().unwrap().to_string();
            if symbol.is_undefined() && !name.is_empty() {
                needed.insert(name);
            } else if symbol.is_global() && symbol.is_definition() {
                assert!(defined.insert(name.clone()), "{name} defined twice");
            }
        }
    }
    assert!(!needed.is_empty(), "parts call each other");
    for name in &needed {
        assert!(defined.contains(name), "{name} is needed but no part defines it");
    }
    assert!(defined.contains(&compiled.descriptor_symbol));
    // Beside the descriptor, only the functions, each hidden.
    let prefix = compiled.descriptor_symbol.trim_end_matches("_module");
    for (k, bytes) in compiled.objects.iter().enumerate() {
        let file = object::File::parse(&**bytes).unwrap();
        for (name, hidden) in global_definitions(&file) {
            if name == compiled.descriptor_symbol {
                assert!(k == 0 && !hidden, "the descriptor is visible and in the first part");
            } else {
                let index: u32 = name.strip_prefix(&format!("{prefix}_f")).and_then(|i| i.parse().ok()).unwrap_or_else(|| panic!("unexpected global {name}"));
                assert!(index < 64 && hidden, "{name} is a hidden function symbol");
            }
        }
    }
    // The first part's size table holds every part's function sizes.
    let sizes_by_name: std::collections::HashMap<String, u64> = compiled
        .objects
        .iter()
        .flat_map(|bytes| {
            let file = object::File::parse(&**bytes).unwrap();
            file.symbols()
                .filter(|s| s.is_definition() && s.kind() == object::SymbolKind::Text)
                .map(|s| (s.name().unwrap().to_string(), s.size()))
                .collect::<Vec<_>>()
        })
        .collect();
    let expected: Vec<u64> = (0..64).map(|i| sizes_by_name[&format!("{prefix}_f{i}")]).collect();
    assert_eq!(size_table(&compiled.objects[0], "wasmlite.function_sizes", 64), expected);
}

/// The `len` little-endian `u32`s at local symbol `name` of `object`.
fn size_table(object: &[u8], name: &str, len: usize) -> Vec<u64> {
    use object::ObjectSection;
    let file = object::File::parse(object).unwrap();
    let table = file.symbols().find(|s| s.name() == Ok(name)).unwrap_or_else(|| panic!("{name} is defined"));
    let data = file.section_by_index(table.section_index().unwrap()).unwrap().data().unwrap();
    (0..len)
        .map(|i| {
            let at = table.address() as usize + 4 * i;
            u32::from_le_bytes(data[at..at + 4].try_into().unwrap()) as u64
        })
        .collect()
}

/// The descriptor codegen writes, read back from the object's bytes and
/// relocations, has the runtime's `ModuleDescriptor` layout, and its size
/// tables hold the functions' and wrappers' symbol sizes.
#[test]
fn the_descriptor_in_the_object_is_a_module_descriptor() {
    use object::{ObjectSection, RelocationTarget};
    use std::mem::{offset_of, size_of};
    use wasmlite_abi::{ModuleDescriptor, ABI_VERSION};

    for level in [OptLevel::O0, OptLevel::O2] {
        let compiled = compile_wat(MODULE, level);
        let file = object::File::parse(&*compiled.objects[0]).unwrap();
        let symbol = file.symbols().find(|s| s.name() == Ok(compiled.descriptor_symbol.as_str())).unwrap();
        assert_eq!(symbol.size() as usize, size_of::<ModuleDescriptor>());
        let section = file.section_by_index(symbol.section_index().unwrap()).unwrap();
        let data = section.data().unwrap();
        let start = symbol.address() as usize;
        let bytes = &data[start..start + size_of::<ModuleDescriptor>()];
        let u32_at = |offset: usize| u32::from_le_bytes(bytes[offset..offset + 4].try_into().unwrap());
        assert_eq!(u32_at(offset_of!(ModuleDescriptor, abi_version)), ABI_VERSION);
        assert_eq!(u32_at(offset_of!(ModuleDescriptor, num_defined_functions)), 6);
        assert_eq!(u32_at(offset_of!(ModuleDescriptor, num_exports)), 6);
        assert_eq!(u32_at(offset_of!(ModuleDescriptor, num_imported_functions)), 1);
        let info_len = offset_of!(ModuleDescriptor, module_info_len);
        assert_eq!(u64::from_le_bytes(bytes[info_len..info_len + 8].try_into().unwrap()) as usize, compiled.info.to_bytes().len());

        // Pointer fields are relocations at exactly the struct's pointer offsets.
        let mut pointers: Vec<usize> = section
            .relocations()
            .map(|(offset, _)| offset as usize)
            .filter(|&offset| (start..start + bytes.len()).contains(&offset))
            .map(|offset| offset - start)
            .collect();
        pointers.sort();
        let mut expected = vec![
            offset_of!(ModuleDescriptor, module_info),
            offset_of!(ModuleDescriptor, functions),
            offset_of!(ModuleDescriptor, exports),
            offset_of!(ModuleDescriptor, function_sizes),
            offset_of!(ModuleDescriptor, export_sizes),
            offset_of!(ModuleDescriptor, import_adapters),
            // No start function: `start` is null, its size table is there.
            offset_of!(ModuleDescriptor, start_size),
        ];
        expected.sort();
        assert_eq!(pointers, expected);
        // The function-size pointer targets the size table.
        let (_, reloc) = section.relocations().find(|(o, _)| *o as usize == start + offset_of!(ModuleDescriptor, function_sizes)).unwrap();
        let RelocationTarget::Symbol(target) = reloc.target() else { panic!("a symbol relocation") };
        let target = file.symbol_by_index(target).unwrap();
        let table_address = target.address() as i64 + reloc.addend();
        let table = file.symbols().find(|s| s.name() == Ok("wasmlite.function_sizes")).unwrap();
        assert_eq!((target.section_index(), table_address), (table.section_index(), table.address() as i64));

        // Sizes: each defined function's symbol size, in index order.
        let sizes = size_table(&compiled.objects[0], "wasmlite.function_sizes", 6);
        let symbol_sizes: Vec<u64> = (1..7)
            .map(|index| {
                let prefix = format!("wasm[{index}]");
                file.symbols()
                    .find(|s| s.name().is_ok_and(|n| n == prefix || n.starts_with(&format!("{prefix}::"))))
                    .unwrap_or_else(|| panic!("{prefix} has a symbol"))
                    .size()
            })
            .collect();
        assert_eq!(sizes, symbol_sizes, "level {level:?}");
        assert!(sizes.iter().all(|&s| s > 0 && s < 4096));
    }
}
