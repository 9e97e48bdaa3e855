//! Tests whose process must die: the test re-runs itself in a child
//! process with a scenario name in the environment, and checks how the
//! child ended.

use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Output};

const SCENARIO_ENV: &str = "WASMLITE_TEST_SCENARIO";

/// In a child started by [`run`], the scenario to run; `None` in the parent.
pub fn scenario() -> Option<String> {
    std::env::var(SCENARIO_ENV).ok()
}

/// Runs test `test` (its full name) of this test binary in a child process
/// that sees `scenario`, and returns its output once it ended.
pub fn run(test: &str, scenario: &str) -> Output {
    Command::new(std::env::current_exe().expect("the test binary's path"))
        .args(["--exact", test, "--nocapture", "--test-threads=1"])
        .env(SCENARIO_ENV, scenario)
        .output()
        .expect("the test binary runs")
}

/// Asserts that the child of `output` was killed by `signal`.
pub fn assert_killed_by(output: &Output, signal: i32, scenario: &str) {
    assert_eq!(
        output.status.signal(),
        Some(signal),
        "scenario `{scenario}`: the child should die of signal {signal}; it ended with {:?}, stdout {:?}, stderr {:?}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr),
    );
}
