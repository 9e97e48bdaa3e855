//! Error reporting: messages, spans, fallbacks and partial output.

use crate::{expand, MacroInput};
use proc_macro2::{TokenStream, TokenTree};
use std::path::Path;

/// The messages of the `compile_error!`s in `tokens`, with the column each
/// error's tokens start at.
fn compile_errors(tokens: &TokenStream) -> Vec<(String, usize)> {
    let trees: Vec<TokenTree> = tokens.clone().into_iter().collect();
    let mut errors = Vec::new();
    for (i, tree) in trees.iter().enumerate() {
        if let TokenTree::Ident(ident) = tree {
            if ident == "compile_error" {
                let TokenTree::Group(args) = &trees[i + 2] else {
                    panic!("compile_error!(…)")
                };
                let literal: syn::LitStr = syn::parse2(args.stream()).unwrap();
                errors.push((literal.value(), ident.span().start().column));
            }
        }
    }
    errors
}

fn expand_str(args: &str, manifest_dir: &Path) -> TokenStream {
    let input: MacroInput = syn::parse_str(args).unwrap();
    expand(&input, manifest_dir)
}

fn has_module(tokens: &TokenStream, name: &str) -> bool {
    tokens.to_string().contains(&format!("pub mod {name} {{"))
}

#[test]
fn missing_file_is_an_error_on_the_literal_with_a_fallback_module() {
    let dir = tempfile::tempdir().unwrap();
    let tokens = expand_str(r#"   "wasm/missing.wat""#, dir.path());
    let errors = compile_errors(&tokens);
    assert_eq!(errors.len(), 1, "{errors:?}");
    let (message, column) = &errors[0];
    let expected_path = dir.path().join("wasm/missing.wat");
    assert!(
        message.starts_with(&format!("cannot read {}: ", expected_path.display())),
        "{message}"
    );
    assert_eq!(*column, 3, "the error points at the literal");
    assert!(has_module(&tokens, "missing"), "{tokens}");
    assert!(
        !tokens.to_string().contains("include_bytes"),
        "nothing to track: {tokens}"
    );
}

#[test]
fn invalid_text_reports_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.wat"),
        "(module\n  (func (result i32) i32.const))",
    )
    .unwrap();
    let tokens = expand_str(r#""bad.wat""#, dir.path());
    let errors = compile_errors(&tokens);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].0.contains("bad.wat:2:"), "{}", errors[0].0);
    assert!(has_module(&tokens, "bad"));
}

#[test]
fn invalid_binary_reports_file_and_byte_offset() {
    let dir = tempfile::tempdir().unwrap();
    // Valid wat, invalid module: the function returns nothing but declares an i32.
    let wasm = wat::parse_str("(module (func (result i32)))").unwrap();
    std::fs::write(dir.path().join("bad.wasm"), &wasm).unwrap();
    let tokens = expand_str(r#""bad.wasm""#, dir.path());
    let errors = compile_errors(&tokens);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0]
            .0
            .starts_with("bad.wasm: invalid module at byte offset 0x"),
        "{}",
        errors[0].0
    );
    assert!(errors[0].0.contains("type mismatch"), "{}", errors[0].0);
}

#[test]
fn valid_file_is_tracked_with_include_bytes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("wasm")).unwrap();
    std::fs::write(dir.path().join("wasm/calc.wat"), super::CALC).unwrap();
    let tokens = expand_str(r#""wasm/calc.wat""#, dir.path());
    assert!(compile_errors(&tokens).is_empty());
    let path = dir.path().join("wasm/calc.wat");
    let track = format!(
        "const _ : & [u8] = :: core :: include_bytes ! ({:?})",
        path.to_str().unwrap()
    );
    assert!(tokens.to_string().contains(&track), "{tokens}");
}

#[test]
fn unknown_with_caller_points_at_the_entry() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("greet.wat"),
        r#"(module (import "env" "print" (func (param i32 i32))))"#,
    )
    .unwrap();
    let args = r#""greet.wat", with_caller = ["env.print", "env.prnt"]"#;
    let tokens = expand_str(args, dir.path());
    let errors = compile_errors(&tokens);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        errors[0].0,
        "with_caller: the module has no function import `env.prnt`; its function imports are: env.print"
    );
    assert_eq!(errors[0].1, args.find("\"env.prnt\"").unwrap());
    // The rest is generated, with the caller for env.print.
    assert!(
        tokens
            .to_string()
            .contains("fn env_print (& mut self , caller"),
        "{tokens}"
    );
}

#[test]
fn a_path_without_a_file_name_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let tokens = expand_str(r#"".." "#, dir.path());
    let errors = compile_errors(&tokens);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].0, "..: the path has no file name");
}

#[test]
fn bad_arguments_still_emit_the_fallback_module() {
    let dir = tempfile::tempdir().unwrap();
    let tokens = crate::expand_tokens(
        r#""wasm/calc.wat", with_calller = []"#.parse().unwrap(),
        dir.path(),
    );
    let errors = compile_errors(&tokens);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].0.starts_with("unknown argument `with_calller`"),
        "{}",
        errors[0].0
    );
    assert!(has_module(&tokens, "calc"), "{tokens}");
    // Without even a path there is nothing to name a module after.
    let tokens = crate::expand_tokens("42".parse().unwrap(), dir.path());
    assert_eq!(compile_errors(&tokens).len(), 1);
    assert!(!tokens.to_string().contains("pub mod"), "{tokens}");
}

#[test]
fn a_wasi_module_in_a_crate_without_wasmlite_wasi_says_what_to_add() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("tool.wat"),
        r#"(module (import "wasi_snapshot_preview1" "sched_yield" (func (result i32))))"#,
    )
    .unwrap();
    let manifest = dir.path().join("Cargo.toml");
    std::fs::write(&manifest, "[dependencies]\nwasmlite-rt = \"0.1\"\n").unwrap();
    let tokens = expand_str(r#""tool.wat""#, dir.path());
    let errors = compile_errors(&tokens);
    assert_eq!(
        errors,
        [("tool.wat imports WASI functions, which the generated code takes from the `wasmlite-wasi` crate: add `wasmlite-wasi` to this crate's [dependencies]".to_string(), 0)]
    );
    assert!(has_module(&tokens, "tool"), "{tokens}");

    std::fs::write(&manifest, "[dependencies]\nwasmlite-wasi = \"0.1\"\n").unwrap();
    assert_eq!(compile_errors(&expand_str(r#""tool.wat""#, dir.path())), []);
    std::fs::remove_file(&manifest).unwrap();
    assert_eq!(compile_errors(&expand_str(r#""tool.wat""#, dir.path())), []);
}
