//! `WasiCtx`: everything one guest may see of the host.

use crate::builder::WasiCtxBuilder;
use crate::stdio::{Input, Output, Stream};
use crate::table::FdTable;

/// The WASI state of one instance: its arguments, environment, descriptor
/// table (standard streams and preopened directories) and where its standard
/// streams go. Made with [`WasiCtx::builder`], which grants each capability
/// explicitly; by default a guest sees no arguments, no environment, no files,
/// an empty standard input and discarded output.
pub struct WasiCtx {
    pub(crate) args: Vec<Vec<u8>>,
    pub(crate) env: Vec<Vec<u8>>,
    pub(crate) table: FdTable,
    pub(crate) stdin: Input,
    pub(crate) stdout: Output,
    pub(crate) stderr: Output,
}

impl WasiCtx {
    /// Starts a context that grants nothing.
    pub fn builder() -> WasiCtxBuilder {
        WasiCtxBuilder::new()
    }

    /// Takes what the guest wrote to standard output so far, when it is captured
    /// ([`WasiCtxBuilder::capture_stdout`]); empty otherwise.
    pub fn take_stdout(&mut self) -> Vec<u8> {
        self.stdout.take()
    }

    /// Takes what the guest wrote to standard error so far, when it is captured
    /// ([`WasiCtxBuilder::capture_stderr`]); empty otherwise.
    pub fn take_stderr(&mut self) -> Vec<u8> {
        self.stderr.take()
    }

    /// The output behind a standard stream.
    pub(crate) fn output(&mut self, stream: Stream) -> Option<&mut Output> {
        match stream {
            Stream::Stdin => None,
            Stream::Stdout => Some(&mut self.stdout),
            Stream::Stderr => Some(&mut self.stderr),
        }
    }
}

impl std::fmt::Debug for WasiCtx {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WasiCtx")
            .field("args", &self.args.len())
            .field("env", &self.env.len())
            .finish_non_exhaustive()
    }
}
