//! Why a build failed, worded so the message names the input or setting at
//! fault and, where there is one, the fix.

use std::fmt;
use std::path::PathBuf;
use wasmlite_abi::ParseError;
use wasmlite_codegen::CompileError;

/// A failure of [`crate::Build::try_compile`].
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// [`crate::Build::file`] was never called.
    NoInputs,
    /// A variable Cargo sets for build scripts is missing and the matching
    /// builder method was not called.
    MissingEnv {
        /// The variable.
        name: &'static str,
        /// The builder method that sets the same thing explicitly.
        setter: &'static str,
    },
    /// An environment variable or builder setting has an unusable value.
    InvalidSetting {
        /// The variable or setting.
        name: String,
        /// Its value.
        value: String,
        /// What would have been accepted.
        expected: &'static str,
    },
    /// Reading an input or writing an output failed.
    Io {
        /// What was being done (`"read"`, `"write"`, `"create directory"`).
        action: &'static str,
        /// The file or directory.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A `.wat`/`.wast` file is not valid WebAssembly text.
    Parse {
        /// The input file.
        file: PathBuf,
        /// What is wrong, with line and column.
        error: ParseError,
    },
    /// A module is malformed, invalid or unsupported, or LLVM failed.
    Compile {
        /// The input file.
        file: PathBuf,
        /// What is wrong, with the byte offset in the wasm binary.
        error: CompileError,
    },
    /// Creating the static library from the objects failed.
    Archive {
        /// The library name (as in `-l static=NAME`).
        library: String,
        /// The `cc` crate's error.
        error: cc::Error,
    },
    /// Several inputs failed; one error each, in input order.
    Multiple(Vec<BuildError>),
}

impl BuildError {
    /// Turn a list of failures into one error (`None` if the list is empty).
    pub(crate) fn from_all(mut errors: Vec<BuildError>) -> Option<BuildError> {
        match errors.len() {
            0 => None,
            1 => errors.pop(),
            _ => Some(BuildError::Multiple(errors)),
        }
    }
}

/// Run `f` on every item; all successes, or every failure at once.
pub(crate) fn try_all<T, U>(
    items: impl IntoIterator<Item = T>,
    f: impl FnMut(T) -> Result<U, BuildError>,
) -> Result<Vec<U>, BuildError> {
    let (ok, errors): (Vec<_>, Vec<_>) = items.into_iter().map(f).partition(Result::is_ok);
    match BuildError::from_all(errors.into_iter().filter_map(Result::err).collect()) {
        Some(error) => Err(error),
        None => Ok(ok.into_iter().filter_map(Result::ok).collect()),
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::NoInputs => f.write_str(
                "no input files: call `Build::file(\"wasm/module.wat\")` before compiling",
            ),
            BuildError::MissingEnv { name, setter } => write!(
                f,
                "environment variable `{name}` is not set: run this from a Cargo build script \
                 (build.rs), or call `Build::{setter}(..)`"
            ),
            BuildError::InvalidSetting {
                name,
                value,
                expected,
            } => {
                write!(f, "`{name}` is {value:?}; expected {expected}")
            }
            BuildError::Io {
                action,
                path,
                source,
            } => {
                write!(f, "cannot {action} {}: {source}", path.display())
            }
            // The text parser's message already names the file, line and column.
            BuildError::Parse {
                error: error @ ParseError::Text { .. },
                ..
            } => error.fmt(f),
            BuildError::Parse { file, error } => write!(f, "{}: {error}", file.display()),
            BuildError::Compile { file, error } => {
                write!(f, "cannot compile {}: {error}", file.display())
            }
            BuildError::Archive { library, error } => write!(
                f,
                "cannot create the static library `lib{library}.a`: {error} \
                 (wasmlite-build archives objects with `ar`; set `AR` to choose another archiver)"
            ),
            BuildError::Multiple(errors) => {
                write!(f, "{} WebAssembly inputs failed:", errors.len())?;
                for error in errors {
                    write!(f, "\n- {error}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Io { source, .. } => Some(source),
            BuildError::Parse { error, .. } => Some(error),
            BuildError::Compile { error, .. } => Some(error),
            BuildError::Archive { error, .. } => Some(error),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invalid(offset: u64) -> BuildError {
        BuildError::Compile {
            file: PathBuf::from("/crate/wasm/bad.wasm"),
            error: CompileError::Parse(ParseError::Invalid {
                offset,
                message: "unexpected end-of-file".into(),
            }),
        }
    }

    #[test]
    fn compile_errors_name_file_offset_and_reason() {
        assert_eq!(
            invalid(0x1a).to_string(),
            "cannot compile /crate/wasm/bad.wasm: invalid module at byte offset 0x1a: unexpected end-of-file"
        );
    }

    #[test]
    fn text_errors_are_not_prefixed_twice() {
        let error = BuildError::Parse {
            file: PathBuf::from("/crate/a.wat"),
            error: ParseError::Text {
                path: PathBuf::from("/crate/a.wat"),
                message: "expected `(`".into(),
            },
        };
        assert_eq!(
            error.to_string().matches("/crate/a.wat").count(),
            1,
            "{error}"
        );
    }

    #[test]
    fn missing_env_names_the_fix() {
        let error = BuildError::MissingEnv {
            name: "OUT_DIR",
            setter: "out_dir",
        };
        assert!(error.to_string().contains("`OUT_DIR`"));
        assert!(error.to_string().contains("Build::out_dir(..)"));
    }

    #[test]
    fn try_all_reports_every_failure() {
        let result = try_all(
            [1u64, 2, 3],
            |n| if n == 2 { Ok(n) } else { Err(invalid(n)) },
        );
        let BuildError::Multiple(errors) = result.unwrap_err() else {
            panic!("expected Multiple")
        };
        assert_eq!(errors.len(), 2);
        let all = BuildError::Multiple(errors).to_string();
        assert!(all.starts_with("2 WebAssembly inputs failed:\n- "), "{all}");
        assert!(
            all.contains("offset 0x1:") && all.contains("offset 0x3:"),
            "{all}"
        );
        assert_eq!(try_all([1, 2], Ok::<_, BuildError>).unwrap(), [1, 2]);
    }
}
