//! A bounded fuzzing run in the default test suite: a fixed seed, small
//! modules (the test build is unoptimised), through the real binary and
//! its worker processes.
//!
//! Known open bug (issue 5): LLVM may still delete an out-of-bounds load
//! whose value becomes unused only after its own simplifications, or move
//! a global/memory write across a trapping load. The fuzzer classifies such
//! divergences as "gone when loads are kept alive" (it re-runs each
//! diverging module with every loaded value kept alive). The differential
//! smoke run tolerates that one class, prints how many it saw, and fails on
//! any other divergence.

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

/// The class of divergence the known dead-load bug produces.
const KNOWN_LOAD_CLASS: &str = "gone when loads are kept alive";

#[test]
fn differential_smoke_run_finds_no_divergence_but_the_known_load_class() {
    let out = tempfile::tempdir().expect("scratch directory");
    let args = ["--modules", "200", "--size", "small"];
    let output = Command::new(env!("CARGO_BIN_EXE_wasmlite-fuzz"))
        .args(args)
        .args(["--seed", SEED, "--out"])
        .arg(out.path())
        .output()
        .expect("run wasmlite-fuzz");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let last = stdout.lines().last().unwrap_or_default();
    assert!(last.starts_with("200 modules, "), "the run completed:\n{stdout}");
    let divergences: Vec<&str> = stdout.lines().filter(|l| l.starts_with("DIVERGENCE #")).collect();
    let unknown: Vec<&&str> = divergences.iter().filter(|l| !l.contains(KNOWN_LOAD_CLASS)).collect();
    println!("{} divergences of the known load class (issue 5)", divergences.len() - unknown.len());
    assert!(
        unknown.is_empty(),
        "divergences outside the known load class:\n{}\n--- full output ---\n{stdout}",
        unknown.iter().map(|l| l.to_string()).collect::<Vec<_>>().join("\n")
    );
    assert_eq!(
        last,
        format!("200 modules, {} divergences", divergences.len()),
        "every divergence is listed"
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
