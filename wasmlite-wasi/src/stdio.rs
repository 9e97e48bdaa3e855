//! Standard input, output and error: where each comes from or goes to.

use crate::errno::{Errno, WasiResult};
use std::io::{Read, Write};

/// Where the guest's standard input comes from.
pub(crate) enum Input {
    /// Nothing: reads return end of file.
    Empty,
    /// Fixed bytes, read once in order.
    Bytes { data: Vec<u8>, pos: usize },
    /// The host process's standard input.
    Inherit,
}

impl Input {
    /// Reads up to `len` bytes.
    pub(crate) fn read(&mut self, len: usize) -> WasiResult<Vec<u8>> {
        match self {
            Input::Empty => Ok(Vec::new()),
            Input::Bytes { data, pos } => {
                let n = len.min(data.len() - *pos);
                let out = data[*pos..*pos + n].to_vec();
                *pos += n;
                Ok(out)
            }
            Input::Inherit => {
                let mut buf = vec![0; len];
                let n = std::io::stdin().lock().read(&mut buf)?;
                buf.truncate(n);
                Ok(buf)
            }
        }
    }

    /// Bytes readable without blocking, if known (for `poll_oneoff`).
    pub(crate) fn available(&self) -> Option<u64> {
        match self {
            Input::Empty => Some(0),
            Input::Bytes { data, pos } => Some((data.len() - pos) as u64),
            Input::Inherit => None,
        }
    }
}

/// Where the guest's standard output or error goes.
pub(crate) enum Output {
    /// Discarded.
    Discard,
    /// Kept in memory until the embedder takes it.
    Capture(Vec<u8>),
    /// The host process's standard output.
    InheritStdout,
    /// The host process's standard error.
    InheritStderr,
    /// Any writer the embedder gave.
    Writer(Box<dyn Write + Send>),
}

impl Output {
    /// Writes all of `bytes`.
    pub(crate) fn write(&mut self, bytes: &[u8]) -> WasiResult<usize> {
        match self {
            Output::Discard => {}
            Output::Capture(buf) => buf.extend_from_slice(bytes),
            Output::InheritStdout => {
                let mut out = std::io::stdout().lock();
                out.write_all(bytes)?;
                out.flush()?;
            }
            Output::InheritStderr => std::io::stderr().lock().write_all(bytes)?,
            Output::Writer(writer) => writer.write_all(bytes)?,
        }
        Ok(bytes.len())
    }

    /// Flushes what the writer buffers.
    pub(crate) fn flush(&mut self) -> WasiResult {
        match self {
            Output::Writer(writer) => writer.flush().map_err(Errno::from),
            Output::InheritStdout => std::io::stdout().flush().map_err(Errno::from),
            _ => Ok(()),
        }
    }

    /// Takes what was captured (empty if this output is not captured).
    pub(crate) fn take(&mut self) -> Vec<u8> {
        match self {
            Output::Capture(buf) => std::mem::take(buf),
            _ => Vec::new(),
        }
    }

    /// The host file descriptor behind this output, if it is one (for `isatty`-like answers).
    pub(crate) fn host_fd(&self) -> Option<i32> {
        match self {
            Output::InheritStdout => Some(libc::STDOUT_FILENO),
            Output::InheritStderr => Some(libc::STDERR_FILENO),
            _ => None,
        }
    }
}

/// Which of the three standard streams a descriptor is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Stream {
    Stdin,
    Stdout,
    Stderr,
}
