//! Conformance gate: runs the official WASI test suite (preview 1) through
//! `wasmlite-wasi-suite` and fails unless every program passes.
//!
//! The suite is read from `WASMLITE_WASI_SUITE`, by default
//! `../shared/wasi-testsuite` next to the repository.

use std::path::PathBuf;
use std::process::{Command, ExitCode};

fn suite_dir() -> PathBuf {
    std::env::var_os("WASMLITE_WASI_SUITE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/wasi-testsuite")
        })
}

fn main() -> ExitCode {
    let suite = suite_dir();
    if !suite.is_dir() {
        eprintln!(
            "wasi suite: not found at {} (set WASMLITE_WASI_SUITE to its directory)",
            suite.display()
        );
        return ExitCode::FAILURE;
    }
    let output = match Command::new(env!("CARGO_BIN_EXE_wasmlite-wasi-suite"))
        .arg(&suite)
        .output()
    {
        Ok(output) => output,
        Err(e) => {
            eprintln!("wasi suite: cannot run wasmlite-wasi-suite: {e}");
            return ExitCode::FAILURE;
        }
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    print!("{stdout}");
    eprint!("{}", String::from_utf8_lossy(&output.stderr));
    let last = stdout.lines().last().unwrap_or("");
    if output.status.success() && last.contains(" 0 failed") {
        println!("wasi suite: {last}");
        ExitCode::SUCCESS
    } else {
        eprintln!("wasi suite: {last}");
        ExitCode::FAILURE
    }
}
