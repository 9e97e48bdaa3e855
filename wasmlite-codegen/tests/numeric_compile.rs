//! Every numeric operator compiles, at several optimisation levels and for
//! both supported architectures, to a valid object that needs no outside
//! symbol (no libm call for rounding, no compiler-rt helper), and an
//! operator outside the numeric set still fails with its byte offset.

mod support;

use object::{Architecture, Object, ObjectSymbol};
use support::operators::{self, Case};
use support::values;
use wasmlite_codegen::{CompileError, CompiledModule, OptLevel};

/// Parse the objects and check they are for `arch`, define one wrapper
/// per function export, and reference no symbol they do not define.
fn assert_self_contained(compiled: &CompiledModule, arch: Architecture, exports: usize) {
    let files: Vec<object::File> = compiled
        .objects
        .iter()
        .map(|o| object::File::parse(&**o).expect("a valid object file"))
        .collect();
    let symbols = || files.iter().flat_map(|f| f.symbols());
    let name = |s: &object::Symbol| s.name().unwrap_or("").to_string();
    for file in &files {
        assert_eq!(file.architecture(), arch);
    }
    let defined: Vec<String> = symbols()
        .filter(|s| s.is_global() && s.is_definition())
        .map(|s| name(&s))
        .collect();
    // Wrappers are local symbols (the descriptor is the only global one).
    let wrappers = symbols()
        .filter(|s| s.is_definition() && name(s).contains("_export_"))
        .count();
    assert_eq!(wrappers, exports, "one wrapper per export");
    let undefined: Vec<String> = symbols()
        .filter(|s| s.is_undefined())
        .map(|s| name(&s))
        .filter(|n| !n.is_empty() && !defined.contains(n))
        .collect();
    assert!(
        undefined.is_empty(),
        "the objects need outside symbols: {undefined:?}"
    );
}

const LEVELS: [OptLevel; 3] = [OptLevel::O0, OptLevel::O2, OptLevel::Oz];

#[test]
fn every_operator_compiles_for_the_host() {
    let ops = operators::all();
    assert_eq!(ops.len(), 136, "the operator list is complete");
    let text = operators::module_with_params(&ops);
    for level in LEVELS {
        let compiled = support::compile_wat(&text, level);
        assert_self_contained(&compiled, host_architecture(), ops.len());
    }
}

#[test]
fn every_operator_compiles_for_the_other_architectures() {
    let ops = operators::all();
    let text = operators::module_with_params(&ops);
    for (triple, arch) in [
        ("aarch64-unknown-linux-gnu", Architecture::Aarch64),
        ("x86_64-unknown-linux-gnu", Architecture::X86_64),
    ] {
        for level in LEVELS {
            let compiled = support::compile_wat_for(&text, level, Some(triple));
            assert_self_contained(&compiled, arch, ops.len());
        }
    }
}

#[test]
fn constant_operands_fold_without_undefined_behaviour_or_outside_symbols() {
    let ops = operators::all();
    let mut cases = Vec::new();
    for op in &ops {
        for (k, operands) in values::product(&op.params, values::few)
            .into_iter()
            .enumerate()
        {
            let operands = operands.iter().map(|v| Some(v.text())).collect();
            cases.push(Case {
                export: format!("{}/{k}", op.name),
                op,
                operands,
            });
        }
    }
    let text = operators::module(&cases);
    for level in [OptLevel::O0, OptLevel::O2] {
        let compiled = support::compile_wat(&text, level);
        assert_self_contained(&compiled, host_architecture(), cases.len());
    }
}

/// An instruction of a feature wasmlite does not support (here `ref.i31`,
/// from GC) is rejected with the byte offset of that instruction,
/// never compiled silently.
#[test]
fn unsupported_instruction_is_rejected_at_its_byte_offset() {
    let text = r#"(module
        (func $f (export "f") (param i32) (result i32)
            local.get 0
            ref.i31
            drop
            local.get 0))"#;
    let wasm = wat::parse_str(text).expect("parses");
    let options = wasmlite_codegen::CompileOptions {
        stem: "numeric".into(),
        ..Default::default()
    };
    match wasmlite_codegen::compile(&wasm, &options) {
        Err(error @ CompileError::Parse(wasmlite_abi::ParseError::Invalid { offset, .. })) => {
            assert_eq!(offset, offset_of_first_ref_i31(&wasm), "{error}");
            assert!(error.to_string().contains("gc"), "names the feature: {error}");
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
}

fn offset_of_first_ref_i31(wasm: &[u8]) -> u64 {
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        if let wasmparser::Payload::CodeSectionEntry(body) = payload.expect("valid wasm") {
            let mut reader = body.get_operators_reader().expect("operators");
            while !reader.eof() {
                let (op, offset) = reader.read_with_offset().expect("operator");
                if matches!(op, wasmparser::Operator::RefI31) {
                    return offset;
                }
            }
        }
    }
    panic!("no return_call in the module");
}

fn host_architecture() -> Architecture {
    if cfg!(target_arch = "aarch64") {
        Architecture::Aarch64
    } else {
        Architecture::X86_64
    }
}
