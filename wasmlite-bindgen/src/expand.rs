//! `include_wasm!`'s expansion: read the file, generate, report errors
//! with spans on the literal at fault.

use crate::{generate, naming, BindgenError, Bindings, MacroInput, Options};
use proc_macro2::TokenStream;
use quote::quote;
use std::path::Path;
use syn::parse::{ParseStream, Parser};
use syn::LitStr;
use wasmlite_abi::read_module_file;

/// Expand the raw arguments of `include_wasm!`. When they do not parse, the
/// result is the parse error, plus the fallback module when at least the
/// path literal is there (so a typo in an option causes no follow-up
/// errors where the module is used).
pub fn expand_tokens(args: TokenStream, manifest_dir: &Path) -> TokenStream {
    match syn::parse2::<MacroInput>(args.clone()) {
        Ok(input) => expand(&input, manifest_dir),
        Err(error) => {
            let mut tokens = error.to_compile_error();
            let leading_path = |input: ParseStream<'_>| {
                let path: LitStr = input.parse()?;
                input.parse::<TokenStream>()?;
                Ok(path)
            };
            let fallback = leading_path.parse2(args).ok().and_then(|path| {
                let options = Options {
                    file: path.value(),
                    ..Options::default()
                };
                options
                    .stem()
                    .ok()
                    .map(|stem| crate::emit::fallback_module(&naming::module_ident(stem)))
            });
            tokens.extend(fallback);
            tokens
        }
    }
}

/// Expand `include_wasm!(input)` for a crate whose manifest directory is
/// `manifest_dir`. Never fails: problems become `compile_error!`s pointing
/// at the path literal (or at the `with_caller` or `fallible` entry at
/// fault), next to
/// whatever could still be generated.
pub fn expand(input: &MacroInput, manifest_dir: &Path) -> TokenStream {
    let options = Options {
        file: input.path.value(),
        with_caller: input.with_caller.iter().map(LitStr::value).collect(),
        fallible: input.fallible.iter().map(LitStr::value).collect(),
    };
    let path = manifest_dir.join(&options.file);
    let bindings = match options.stem() {
        Err(error) => Bindings {
            tokens: TokenStream::new(),
            errors: vec![error],
            imports_wasi: false,
        },
        Ok(stem) => match read_module_file(&path) {
            Err(source) => Bindings {
                tokens: crate::emit::fallback_module(&naming::module_ident(stem)),
                errors: vec![BindgenError::Module {
                    file: options.file.clone(),
                    source,
                }],
                imports_wasi: false,
            },
            Ok(wasm) => {
                let mut bindings = generate(&wasm, &options);
                match track_file(&path) {
                    Ok(track) => bindings.tokens.extend(track),
                    Err(error) => bindings.errors.push(error),
                }
                if bindings.imports_wasi && !manifest_names_wasi_crate(manifest_dir) {
                    bindings.errors.push(BindgenError::MissingWasiCrate {
                        file: options.file.clone(),
                    });
                }
                bindings
            }
        },
    };
    let errors = bindings.errors.iter().map(|error| {
        let span = match error {
            BindgenError::UnknownImport { option, index, .. } => input.list(*option)[*index].span(),
            _ => input.path.span(),
        };
        syn::Error::new(span, error).to_compile_error()
    });
    let tokens = bindings.tokens;
    quote!(#(#errors)* #tokens)
}

/// Whether the crate's `Cargo.toml` mentions `wasmlite-wasi` (or
/// `wasmlite_wasi`) at all. A crate whose manifest does not cannot name the
/// crate, and rustc's own error ("unresolved crate `wasmlite_wasi`") would
/// not say why the bindings need it; an unreadable manifest gets the benefit
/// of the doubt.
fn manifest_names_wasi_crate(manifest_dir: &Path) -> bool {
    match std::fs::read_to_string(manifest_dir.join("Cargo.toml")) {
        Ok(manifest) => manifest.contains("wasmlite-wasi") || manifest.contains("wasmlite_wasi"),
        Err(_) => true,
    }
}

/// `const _: &[u8] = include_bytes!("<absolute path>");`, which makes the
/// compiler rebuild the crate when the file changes.
fn track_file(path: &Path) -> Result<TokenStream, BindgenError> {
    let path_str = path.to_str().ok_or_else(|| BindgenError::BadPath {
        path: path.to_path_buf(),
        reason: "the path is not valid UTF-8",
    })?;
    Ok(quote!(
        const _: &[u8] = ::core::include_bytes!(#path_str);
    ))
}
