//! Talking to Cargo: the one place that reads the environment, and the
//! `cargo:` directives a build script prints.

use crate::BuildError;
use std::cell::RefCell;
#[cfg(test)]
use std::collections::BTreeMap;
use std::collections::BTreeSet;
use std::ffi::OsString;
use std::fmt::Display;
use std::sync::OnceLock;

/// Cargo's environment as seen by one [`crate::Build::try_compile`] call.
///
/// Every read goes through [`CargoEnv::var_os`], which also prints
/// `cargo:rerun-if-env-changed=NAME` once per name, so the build script
/// reruns whenever a variable that influenced it changes.
pub(crate) struct CargoEnv {
    source: Source,
    print: bool,
    emitted: RefCell<Vec<String>>,
    tracked: RefCell<BTreeSet<String>>,
}

enum Source {
    /// The process environment (what Cargo set for the build script).
    Process,
    /// A fixed set of variables (tests).
    #[cfg(test)]
    Fixed(BTreeMap<String, OsString>),
}

impl CargoEnv {
    /// The process environment; directives are printed to stdout when
    /// `print` is true (they are always recorded).
    pub(crate) fn process(print: bool) -> CargoEnv {
        CargoEnv::new(Source::Process, print)
    }

    /// A fixed environment that prints nothing (for tests).
    #[cfg(test)]
    pub(crate) fn fixed(vars: &[(&str, &str)]) -> CargoEnv {
        let vars = vars
            .iter()
            .map(|(k, v)| (k.to_string(), OsString::from(v)))
            .collect();
        CargoEnv::new(Source::Fixed(vars), false)
    }

    fn new(source: Source, print: bool) -> CargoEnv {
        CargoEnv {
            source,
            print,
            emitted: RefCell::default(),
            tracked: RefCell::default(),
        }
    }

    /// Cargo's jobserver, when the build script runs under one (Cargo
    /// always provides one; `make` may too). Connected once per process.
    ///
    /// Its variable (`CARGO_MAKEFLAGS`) is deliberately not read through
    /// [`CargoEnv::var_os`]: it names different file descriptors in every
    /// Cargo run, and tracking it would rerun the build script every time.
    pub(crate) fn jobserver(&self) -> Option<jobserver::Client> {
        match &self.source {
            Source::Process => process_jobserver().clone(),
            #[cfg(test)]
            Source::Fixed(_) => None,
        }
    }

    /// Whether directives go to stdout.
    pub(crate) fn prints(&self) -> bool {
        self.print
    }

    /// Read a variable and tell Cargo to rerun the build script when it
    /// changes.
    pub(crate) fn var_os(&self, name: &str) -> Option<OsString> {
        if self.tracked.borrow_mut().insert(name.to_string()) {
            self.emit("rerun-if-env-changed", name);
        }
        match &self.source {
            // The one sanctioned raw read (see clippy.toml).
            #[allow(clippy::disallowed_methods)]
            Source::Process => std::env::var_os(name),
            #[cfg(test)]
            Source::Fixed(vars) => vars.get(name).cloned(),
        }
    }

    /// Read a variable that must be UTF-8 if set.
    pub(crate) fn var(&self, name: &str) -> Result<Option<String>, BuildError> {
        match self.var_os(name) {
            None => Ok(None),
            Some(value) => {
                value
                    .into_string()
                    .map(Some)
                    .map_err(|value| BuildError::InvalidSetting {
                        name: name.to_string(),
                        value: value.to_string_lossy().into_owned(),
                        expected: "valid UTF-8",
                    })
            }
        }
    }

    /// Print (if enabled) and record a `cargo:KEY=VALUE` directive.
    pub(crate) fn emit(&self, key: &str, value: impl Display) {
        let line = format!("cargo:{key}={value}");
        if self.print {
            println!("{line}");
        }
        self.emitted.borrow_mut().push(line);
    }

    /// Every directive emitted so far, in order.
    #[cfg(test)]
    pub(crate) fn emitted(&self) -> Vec<String> {
        self.emitted.borrow().clone()
    }
}

/// The process's jobserver client, connected on first use.
fn process_jobserver() -> &'static Option<jobserver::Client> {
    static CLIENT: OnceLock<Option<jobserver::Client>> = OnceLock::new();
    CLIENT.get_or_init(|| {
        // SAFETY: `from_env_ext` turns the descriptor numbers named in
        // `CARGO_MAKEFLAGS`/`MAKEFLAGS` into files. With `check_pipe` it
        // only accepts descriptors that are open pipes (or a named FIFO
        // given by path), and it duplicates them rather than taking
        // ownership, so no descriptor this process uses otherwise is
        // closed or misread. It runs once per process.
        unsafe { jobserver::Client::from_env_ext(true) }.client.ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_read_is_tracked_once() {
        let env = CargoEnv::fixed(&[("TARGET", "x86_64-unknown-linux-gnu")]);
        assert_eq!(
            env.var("TARGET").unwrap().as_deref(),
            Some("x86_64-unknown-linux-gnu")
        );
        assert_eq!(
            env.var("TARGET").unwrap().as_deref(),
            Some("x86_64-unknown-linux-gnu")
        );
        assert_eq!(env.var("OPT_LEVEL").unwrap(), None);
        assert_eq!(
            env.emitted(),
            [
                "cargo:rerun-if-env-changed=TARGET",
                "cargo:rerun-if-env-changed=OPT_LEVEL"
            ]
        );
    }

    #[test]
    fn directives_are_recorded_in_order() {
        let env = CargoEnv::fixed(&[]);
        env.emit("rerun-if-changed", "/a/b.wat");
        env.emit("warning", "careful");
        assert_eq!(
            env.emitted(),
            ["cargo:rerun-if-changed=/a/b.wat", "cargo:warning=careful"]
        );
    }
}
