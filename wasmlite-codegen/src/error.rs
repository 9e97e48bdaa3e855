//! Why a module could not be compiled.

use wasmlite_abi::ParseError;

/// A compilation failure. Every variant about the input names the byte
/// offset in the wasm binary.
#[derive(Debug)]
pub enum CompileError {
    /// The module is malformed, invalid, or uses an unsupported feature
    /// outside function bodies.
    Parse(ParseError),
    /// A function body uses an instruction or feature not supported yet.
    Unsupported {
        /// Byte offset in the wasm binary.
        offset: u64,
        /// What is not supported.
        what: String,
    },
    /// LLVM reported an error (target, verifier, pass pipeline or emission).
    Llvm(String),
}

impl std::fmt::Display for CompileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CompileError::Parse(e) => e.fmt(f),
            CompileError::Unsupported { offset, what } => {
                write!(f, "unsupported at byte offset {offset:#x}: {what}")
            }
            CompileError::Llvm(message) => write!(f, "LLVM error: {message}"),
        }
    }
}

impl std::error::Error for CompileError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CompileError::Parse(e) => Some(e),
            _ => None,
        }
    }
}

impl From<ParseError> for CompileError {
    fn from(e: ParseError) -> CompileError {
        CompileError::Parse(e)
    }
}

impl From<wasmparser::BinaryReaderError> for CompileError {
    fn from(e: wasmparser::BinaryReaderError) -> CompileError {
        CompileError::Parse(e.into())
    }
}

impl From<inkwell::builder::BuilderError> for CompileError {
    fn from(e: inkwell::builder::BuilderError) -> CompileError {
        CompileError::Llvm(format!("IR builder: {e}"))
    }
}
