//! Conformance gate: runs the WebAssembly 2.0 set of the spec test suite
//! through `wasmlite-spec` and fails if any directive fails.
//!
//! The suite is read from `WASMLITE_SPEC_SUITE`, by default
//! `../shared/wasm-testsuite` next to the repository.

use std::path::PathBuf;
use std::process::{Command, ExitCode};
use std::time::Instant;

fn suite_dir() -> PathBuf {
    std::env::var_os("WASMLITE_SPEC_SUITE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/wasm-testsuite")
        })
}

fn main() -> ExitCode {
    let suite = suite_dir();
    if !suite.is_dir() {
        eprintln!(
            "wasm2 conformance: the spec test suite is not at {} (set WASMLITE_SPEC_SUITE to its directory)",
            suite.display()
        );
        return ExitCode::FAILURE;
    }
    let started = Instant::now();
    let output = match Command::new(env!("CARGO_BIN_EXE_wasmlite-spec"))
        .arg(&suite)
        .args(["--set", "wasm2", "-v"])
        .output()
    {
        Ok(output) => output,
        Err(e) => {
            eprintln!("wasm2 conformance: cannot run wasmlite-spec: {e}");
            return ExitCode::FAILURE;
        }
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    let failures: Vec<&str> = stdout.lines().filter(|l| l.starts_with("  ")).collect();
    // The files with failures, and the totals (the last line).
    for line in stdout.lines().filter(|l| !l.starts_with("  ") && !l.contains(" 0 failed")) {
        println!("{line}");
    }
    let elapsed = started.elapsed();
    // The run completed when its last line is the totals line.
    let completed = stdout
        .lines()
        .last()
        .is_some_and(|l| l.contains(" passed, ") && l.ends_with(" skipped"));
    if failures.is_empty() && completed && output.status.success() {
        println!("wasm2 conformance: no failures ({elapsed:.0?})");
        return ExitCode::SUCCESS;
    }
    for line in &failures {
        eprintln!("{line}");
    }
    eprint!("{}", String::from_utf8_lossy(&output.stderr));
    eprintln!(
        "wasm2 conformance: failures ({}, {elapsed:.0?}); details with\n  \
         cargo run --release -p wasmlite-spec -- {} -v FILE...",
        output.status,
        suite.display()
    );
    ExitCode::FAILURE
}

