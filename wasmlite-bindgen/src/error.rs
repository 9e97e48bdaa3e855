//! Why bindings could not be generated (in full).

use crate::ImportOption;
use std::fmt;
use std::path::PathBuf;
use wasmlite_abi::ParseError;

/// A problem found while generating bindings. Generation goes on past most
/// of them, so one call can report several; see [`crate::Bindings`].
#[derive(Debug)]
pub enum BindgenError {
    /// The path given to the macro cannot name a module file.
    BadPath {
        /// The path, resolved against the crate's manifest directory.
        path: PathBuf,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The file could not be read, or is not a valid module.
    Module {
        /// The file, as the caller wrote it.
        file: String,
        /// Why it could not be used.
        source: ParseError,
    },
    /// An entry of `with_caller` or `fallible` names no function import.
    UnknownImport {
        /// The option whose list has the entry.
        option: ImportOption,
        /// Position of the entry in the list.
        index: usize,
        /// The entry.
        name: String,
        /// The module's function imports, as `module.field`.
        available: Vec<String>,
    },
    /// The module imports WASI, but the crate's `Cargo.toml` does not name
    /// `wasmlite-wasi`, which the generated code uses.
    MissingWasiCrate {
        /// The file, as the caller wrote it.
        file: String,
    },
}

impl fmt::Display for BindgenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BindgenError::BadPath { path, reason } => write!(f, "{}: {reason}", path.display()),
            // These two already name the file.
            BindgenError::Module {
                source: source @ (ParseError::Io { .. } | ParseError::Text { .. }),
                ..
            } => {
                write!(f, "{source}")
            }
            BindgenError::Module { file, source } => write!(f, "{file}: {source}"),
            BindgenError::UnknownImport {
                option,
                name,
                available,
                ..
            } => {
                write!(
                    f,
                    "{}: the module has no function import `{name}`",
                    option.name()
                )?;
                if available.is_empty() {
                    write!(f, " (it imports no functions)")
                } else {
                    write!(f, "; its function imports are: {}", available.join(", "))
                }
            }
            BindgenError::MissingWasiCrate { file } => write!(
                f,
                "{file} imports WASI functions, which the generated code takes from the \
                 `wasmlite-wasi` crate: add `wasmlite-wasi` to this crate's [dependencies]"
            ),
        }
    }
}

impl std::error::Error for BindgenError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BindgenError::Module { source, .. } => Some(source),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_item() {
        let e = BindgenError::Module {
            file: "wasm/calc.wasm".into(),
            source: ParseError::Invalid {
                offset: 26,
                message: "type mismatch".into(),
            },
        };
        assert_eq!(
            e.to_string(),
            "wasm/calc.wasm: invalid module at byte offset 0x1a: type mismatch"
        );
        let e = BindgenError::UnknownImport {
            option: ImportOption::WithCaller,
            index: 0,
            name: "env.prnt".into(),
            available: vec!["env.print".into(), "env.log".into()],
        };
        assert_eq!(
            e.to_string(),
            "with_caller: the module has no function import `env.prnt`; its function imports are: env.print, env.log"
        );
    }
}
