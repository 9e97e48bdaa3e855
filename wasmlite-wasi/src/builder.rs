//! `WasiCtxBuilder`: capabilities granted one by one.

use crate::abi::rights;
use crate::ctx::WasiCtx;
use crate::stdio::{Input, Output, Stream};
use crate::table::{Descriptor, Dir, FdTable, Kind, Rights};
use std::io::Write;
use std::os::fd::OwnedFd;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

/// What a guest may do below a preopened directory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DirPerms {
    /// Read files, list directories, follow links; no change of any kind.
    ReadOnly,
    /// Everything: create, write, truncate, rename, link, remove, set times.
    ReadWrite,
}

/// Why a context could not be built.
#[derive(Debug, thiserror::Error)]
pub enum WasiCtxError {
    /// A directory to preopen could not be opened.
    #[error("cannot preopen `{path}` as a directory")]
    Preopen {
        /// The host path.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// A string passed to the guest contains a NUL byte, or an environment name contains `=`.
    #[error("`{0}` cannot be passed to a WASI guest (NUL byte, or `=` in a variable name)")]
    InvalidString(String),
}

/// Builds a [`WasiCtx`]; every capability must be granted explicitly.
pub struct WasiCtxBuilder {
    args: Vec<Vec<u8>>,
    env: Vec<Vec<u8>>,
    preopens: Vec<(String, OwnedFd, DirPerms)>,
    stdin: Input,
    stdout: Output,
    stderr: Output,
    error: Option<WasiCtxError>,
}

impl Default for WasiCtxBuilder {
    fn default() -> Self {
        WasiCtxBuilder::new()
    }
}

impl WasiCtxBuilder {
    /// A builder that grants nothing.
    pub fn new() -> WasiCtxBuilder {
        WasiCtxBuilder {
            args: Vec::new(),
            env: Vec::new(),
            preopens: Vec::new(),
            stdin: Input::Empty,
            stdout: Output::Discard,
            stderr: Output::Discard,
            error: None,
        }
    }

    fn checked(&mut self, text: &str, forbid_eq: bool) -> Vec<u8> {
        if text.contains('\0') || (forbid_eq && text.contains('=')) {
            self.error
                .get_or_insert(WasiCtxError::InvalidString(text.to_string()));
        }
        text.as_bytes().to_vec()
    }

    /// Appends one argument (the first is the program name, by convention).
    pub fn arg(mut self, arg: impl AsRef<str>) -> Self {
        let arg = self.checked(arg.as_ref(), false);
        self.args.push(arg);
        self
    }

    /// Appends arguments.
    pub fn args<S: AsRef<str>>(self, args: impl IntoIterator<Item = S>) -> Self {
        args.into_iter().fold(self, |builder, arg| builder.arg(arg))
    }

    /// Passes the host process's arguments.
    pub fn inherit_args(self) -> Self {
        self.args(std::env::args())
    }

    /// Sets one environment variable.
    pub fn env(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        let mut pair = self.checked(name.as_ref(), true);
        pair.push(b'=');
        pair.extend(self.checked(value.as_ref(), false));
        self.env.push(pair);
        self
    }

    /// Sets environment variables.
    pub fn envs<K: AsRef<str>, V: AsRef<str>>(
        self,
        vars: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        vars.into_iter()
            .fold(self, |builder, (name, value)| builder.env(name, value))
    }

    /// Passes the host process's whole environment.
    pub fn inherit_env(self) -> Self {
        self.envs(std::env::vars())
    }

    /// Makes the host directory `host` visible to the guest as `guest`, with `perms`.
    /// Nothing outside it is reachable through it (symbolic links included).
    pub fn preopen_dir(
        mut self,
        host: impl AsRef<Path>,
        guest: impl AsRef<str>,
        perms: DirPerms,
    ) -> Result<Self, WasiCtxError> {
        let host = host.as_ref();
        let file = std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_DIRECTORY)
            .open(host)
            .map_err(|source| WasiCtxError::Preopen {
                path: host.to_path_buf(),
                source,
            })?;
        let guest = self.checked(guest.as_ref(), false);
        let guest = String::from_utf8(guest).expect("checked from a str");
        self.preopens.push((guest, file.into(), perms));
        Ok(self)
    }

    /// Standard input reads these bytes, then end of file.
    pub fn stdin_bytes(mut self, bytes: impl Into<Vec<u8>>) -> Self {
        self.stdin = Input::Bytes {
            data: bytes.into(),
            pos: 0,
        };
        self
    }

    /// Standard input is the host process's standard input.
    pub fn inherit_stdin(mut self) -> Self {
        self.stdin = Input::Inherit;
        self
    }

    /// Standard output is kept; take it with [`WasiCtx::take_stdout`].
    pub fn capture_stdout(mut self) -> Self {
        self.stdout = Output::Capture(Vec::new());
        self
    }

    /// Standard output is the host process's standard output.
    pub fn inherit_stdout(mut self) -> Self {
        self.stdout = Output::InheritStdout;
        self
    }

    /// Standard output goes to `writer`.
    pub fn stdout_writer(mut self, writer: impl Write + Send + 'static) -> Self {
        self.stdout = Output::Writer(Box::new(writer));
        self
    }

    /// Standard error is kept; take it with [`WasiCtx::take_stderr`].
    pub fn capture_stderr(mut self) -> Self {
        self.stderr = Output::Capture(Vec::new());
        self
    }

    /// Standard error is the host process's standard error.
    pub fn inherit_stderr(mut self) -> Self {
        self.stderr = Output::InheritStderr;
        self
    }

    /// Standard error goes to `writer`.
    pub fn stderr_writer(mut self, writer: impl Write + Send + 'static) -> Self {
        self.stderr = Output::Writer(Box::new(writer));
        self
    }

    /// The context; fails if an argument or variable could not be passed.
    pub fn try_build(self) -> Result<WasiCtx, WasiCtxError> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let mut table = FdTable::default();
        for stream in [Stream::Stdin, Stream::Stdout, Stream::Stderr] {
            table
                .push(Descriptor::stdio(stream))
                .expect("an empty table has room");
        }
        for (guest, fd, perms) in self.preopens {
            let rights = preopen_rights(perms);
            let dir = Dir {
                fd,
                preopen: Some(guest),
                perms,
                listing: Vec::new(),
            };
            table
                .push(Descriptor {
                    kind: Kind::Dir(dir),
                    rights,
                    flags: 0,
                })
                .expect("few preopens");
        }
        Ok(WasiCtx {
            args: self.args,
            env: self.env,
            table,
            stdin: self.stdin,
            stdout: self.stdout,
            stderr: self.stderr,
        })
    }

    /// The context.
    ///
    /// # Panics
    /// If an argument or environment variable contains a NUL byte (or a name `=`); use
    /// [`try_build`](Self::try_build) to get that as an error.
    pub fn build(self) -> WasiCtx {
        match self.try_build() {
            Ok(ctx) => ctx,
            Err(error) => panic!("{error}"),
        }
    }
}

/// The rights of a preopened directory with `perms`.
pub(crate) fn preopen_rights(perms: DirPerms) -> Rights {
    let all = Rights {
        base: rights::DIRECTORY,
        inheriting: rights::DIRECTORY | rights::FILE,
    };
    match perms {
        DirPerms::ReadWrite => all,
        DirPerms::ReadOnly => Rights {
            base: all.base & !rights::MUTATING,
            inheriting: all.inheriting & !rights::MUTATING,
        },
    }
}
