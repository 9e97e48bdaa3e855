#![doc = include_str!("docs.md")]
#![deny(missing_docs)]

mod emit;
mod error;
mod expand;
mod input;
mod local_names;
pub mod naming;
mod plan;

pub use error::BindgenError;
pub use expand::{expand, expand_tokens};
pub use input::MacroInput;

use proc_macro2::TokenStream;
use std::path::Path;
use wasmlite_abi::ModuleInfo;

/// What to generate bindings for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// The module file as the user named it (`"wasm/calc.wat"`). Its stem
    /// names the generated module, struct and descriptor symbol; the whole
    /// of it appears in error messages.
    pub file: String,
    /// Function imports, as `"module.field"`, whose trait methods also
    /// receive a `&mut wasmlite_rt::Caller<'_>`.
    pub with_caller: Vec<String>,
    /// Function imports, as `"module.field"`, whose trait methods return
    /// `Result<_, wasmlite_rt::HostError>` (an `Err` stops the wasm call).
    pub fallible: Vec<String>,
}

impl Options {
    /// The imports listed in `option`.
    pub fn list(&self, option: ImportOption) -> &[String] {
        match option {
            ImportOption::WithCaller => &self.with_caller,
            ImportOption::Fallible => &self.fallible,
        }
    }
}

/// A macro option listing function imports as `"module.field"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportOption {
    /// `with_caller`: the method also receives the `Caller`.
    WithCaller,
    /// `fallible`: the method returns `Result<_, HostError>`.
    Fallible,
}

impl ImportOption {
    /// Every option, in the order the docs list them.
    pub const ALL: [ImportOption; 2] = [ImportOption::WithCaller, ImportOption::Fallible];

    /// The option's name in `include_wasm!`.
    pub fn name(self) -> &'static str {
        match self {
            ImportOption::WithCaller => "with_caller",
            ImportOption::Fallible => "fallible",
        }
    }
}

impl Options {
    /// The file's stem (`"calc"` for `"wasm/calc.wat"`): the same stem
    /// `wasmlite-build` gives the compiled object's symbol.
    pub fn stem(&self) -> Result<&str, BindgenError> {
        let path = Path::new(&self.file);
        let bad = |reason| BindgenError::BadPath {
            path: path.to_path_buf(),
            reason,
        };
        path.file_stem()
            .ok_or_else(|| bad("the path has no file name"))?
            .to_str()
            .ok_or_else(|| bad("the file name is not valid UTF-8"))
    }
}

/// Generated bindings and the problems found on the way. When `errors` is
/// not empty, `tokens` still holds everything that could be generated, so
/// that a macro reporting the errors causes no follow-up errors.
#[derive(Debug)]
pub struct Bindings {
    /// `pub mod <stem> { … }`.
    pub tokens: TokenStream,
    /// What could not be generated, in module order.
    pub errors: Vec<BindgenError>,
    /// Whether the module imports WASI functions, so that the tokens use
    /// the `wasmlite-wasi` crate.
    pub imports_wasi: bool,
}

impl Bindings {
    /// The tokens, if there were no errors.
    pub fn into_result(self) -> Result<TokenStream, Vec<BindgenError>> {
        if self.errors.is_empty() {
            Ok(self.tokens)
        } else {
            Err(self.errors)
        }
    }
}

/// Generate bindings for the wasm binary `wasm` (for a `.wat` file, the
/// binary [`wasmlite_abi::read_module_file`] makes of it: the descriptor
/// symbol depends on these exact bytes).
pub fn generate(wasm: &[u8], options: &Options) -> Bindings {
    let stem = match options.stem() {
        Ok(stem) => stem,
        Err(error) => {
            return Bindings {
                tokens: TokenStream::new(),
                errors: vec![error],
                imports_wasi: false,
            }
        }
    };
    let info = match ModuleInfo::from_wasm(wasm) {
        Ok(info) => info,
        Err(source) => {
            return Bindings {
                tokens: emit::fallback_module(&naming::module_ident(stem)),
                errors: vec![BindgenError::Module {
                    file: options.file.clone(),
                    source,
                }],
                imports_wasi: false,
            }
        }
    };
    let (plan, errors) = plan::plan(wasm, &info, stem, options);
    Bindings {
        tokens: emit::module(&plan),
        errors,
        imports_wasi: plan.imports_wasi(),
    }
}

#[cfg(test)]
mod tests;
