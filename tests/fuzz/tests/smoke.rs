//! A bounded fuzzing run in the default test suite: a fixed seed, small
//! modules (the test build is unoptimised), through the real binary and
//! its worker processes. Both runs must end clean: no divergence (the
//! guard-page build's documented deviation, accepted where the explicit
//! build matches wasmi, is not one) and no crash.

use std::process::Command;

const SEED: &str = "20240601";

/// Runs the fuzzer with `args` and returns its output, checking the last
/// line is `<count> <noun>, 0 <problems>`.
fn run_clean(args: &[&str], count: &str, noun: &str, problems: &str) {
    let out = tempfile::tempdir().expect("scratch directory");
    let output = Command::new(env!("CARGO_BIN_EXE_wasmlite-fuzz"))
        .args(args)
        .args(["--seed", SEED, "--out"])
        .arg(out.path())
        .output()
        .expect("run wasmlite-fuzz");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let last = stdout.lines().last().unwrap_or_default();
    assert_eq!(
        last,
        format!("{count} {noun}, 0 {problems}"),
        "\n--- wasmlite-fuzz {args:?} --seed {SEED} found problems ---\n{stdout}\n--- stderr ---\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "exit status {}", output.status);
}

/// Every module runs in both builds; the explicit build must match wasmi
/// exactly and the guard-page build up to its documented deviation, so no
/// divergence at all is tolerated.
#[test]
fn differential_smoke_run_finds_no_divergence() {
    run_clean(
        &["--modules", "200", "--size", "small"],
        "200",
        "modules",
        "divergences",
    );
}

#[test]
fn hostile_smoke_run_finds_no_crash() {
    run_clean(
        &["--hostile", "2000", "--size", "small"],
        "2000",
        "inputs",
        "crashes",
    );
}
