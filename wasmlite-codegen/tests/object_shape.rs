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

#[test]
fn defines_only_the_descriptor_and_export_wrappers() {
    for level in [OptLevel::O0, OptLevel::O2] {
        let compiled = compile_wat(MODULE, level);
        assert_eq!(compiled.objects.len(), 1, "small modules are not split");
        let file = object::File::parse(&*compiled.objects[0]).expect("a valid object file");
        let mut globals: Vec<String> = file
            .symbols()
            .filter(|s| s.is_global() && s.is_definition())
            .map(|s| s.name().unwrap().to_string())
            .collect();
        globals.sort();
        let prefix = compiled.descriptor_symbol.trim_end_matches("_module");
        let mut expected = vec![compiled.descriptor_symbol.clone()];
        expected.extend((0..6).map(|k| format!("{prefix}_export_{k}")));
        expected.sort();
        assert_eq!(globals, expected);
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
}
