//! Command-line arguments.

use crate::features::FeatureSet;
use crate::script::Replay;
use std::ffi::OsString;
use std::path::PathBuf;
use std::time::Duration;
use wasmlite_codegen::{BoundsChecks, OptLevel};

/// Usage text.
pub const USAGE: &str = "\
usage: wasmlite-spec SUITE_DIR [options] [FILE...]

Runs the WebAssembly spec test suite through the wasmlite compiler and runtime.
FILEs are paths or names relative to SUITE_DIR (default: every top-level *.wast,
plus legacy/, custom/ and proposals/ with --set all).

options:
  --set wasm1|wasm2|wasm3|all   feature set (default wasm2); modules needing more are skipped
  -v, --verbose                 print every failure with its line and reason
  -j, --jobs N                  files run in parallel (default: available cores)
  --timeout SECS                a directive running longer fails (default 60)
  --opt-level 0|1|2|3|s|z       optimisation level of compiled modules (default 2)
  --bounds-checks guard-pages|explicit
                                how compiled modules bounds-check memory (default guard-pages)
  --in-process                  run scripts in this process (a crash ends the run)
  --conformance-md PATH         run every feature set and write the conformance report to PATH
";

/// What the command line asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Run scripts and report.
    Run(RunArgs),
    /// Internal: run one script as a worker of a parent run.
    Worker(WorkerArgs),
}

/// Arguments of a run.
#[derive(Clone, Debug, PartialEq)]
pub struct RunArgs {
    /// The suite's root directory.
    pub suite: PathBuf,
    /// Scripts to run (empty: the set's default files).
    pub files: Vec<PathBuf>,
    /// The feature set.
    pub set: FeatureSet,
    /// Print every failure.
    pub verbose: bool,
    /// Parallel files.
    pub jobs: usize,
    /// Per-directive timeout.
    pub timeout: Duration,
    /// Optimisation level.
    pub opt_level: OptLevel,
    /// Bounds-checking mode.
    pub bounds_checks: BoundsChecks,
    /// Run scripts in this process.
    pub in_process: bool,
    /// Where to write the conformance report.
    pub conformance_md: Option<PathBuf>,
}

/// Arguments of a worker.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkerArgs {
    /// The script.
    pub file: PathBuf,
    /// The feature set.
    pub set: FeatureSet,
    /// Optimisation level.
    pub opt_level: OptLevel,
    /// Bounds-checking mode.
    pub bounds_checks: BoundsChecks,
    /// Where to resume after crashes.
    pub replay: Replay,
}

/// Cargo's spelling of an optimisation level.
pub fn opt_level_name(level: OptLevel) -> &'static str {
    match level {
        OptLevel::O0 => "0",
        OptLevel::O1 => "1",
        OptLevel::O2 => "2",
        OptLevel::O3 => "3",
        OptLevel::Os => "s",
        OptLevel::Oz => "z",
    }
}

/// The command-line spelling of a bounds-checking mode.
pub fn bounds_checks_name(mode: BoundsChecks) -> &'static str {
    match mode {
        BoundsChecks::GuardPages => "guard-pages",
        BoundsChecks::Explicit => "explicit",
    }
}

fn parse_bounds_checks(name: &str) -> Option<BoundsChecks> {
    [BoundsChecks::GuardPages, BoundsChecks::Explicit]
        .into_iter()
        .find(|mode| bounds_checks_name(*mode) == name)
}

/// Parse the arguments after the program name.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command, String> {
    let mut args = args.into_iter();
    let mut positional = Vec::new();
    let mut set = FeatureSet::Wasm2;
    let mut verbose = false;
    let mut jobs = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut timeout = Duration::from_secs(60);
    let mut opt_level = OptLevel::O2;
    let mut bounds_checks = BoundsChecks::default();
    let mut in_process = false;
    let mut conformance_md = None;
    let mut worker = false;
    let mut replay = Replay::default();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| -> Result<String, String> {
            args.next()
                .and_then(|v| v.into_string().ok())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match arg.to_str() {
            Some("--set") => {
                let name = value("--set")?;
                set = FeatureSet::from_name(&name)
                    .ok_or_else(|| format!("unknown feature set `{name}`"))?;
            }
            Some("-v" | "--verbose") => verbose = true,
            Some("-j" | "--jobs") => jobs = number(&value("--jobs")?, "--jobs")?.max(1),
            Some("--timeout") => {
                timeout = Duration::from_secs(number(&value("--timeout")?, "--timeout")? as u64)
            }
            Some("--opt-level") => {
                let level = value("--opt-level")?;
                opt_level = OptLevel::from_cargo(&level)
                    .ok_or_else(|| format!("unknown opt level `{level}`"))?;
            }
            Some("--bounds-checks") => {
                let mode = value("--bounds-checks")?;
                bounds_checks = parse_bounds_checks(&mode)
                    .ok_or_else(|| format!("unknown bounds-checking mode `{mode}`"))?;
            }
            Some("--in-process") => in_process = true,
            Some("--conformance-md") => {
                conformance_md = Some(PathBuf::from(value("--conformance-md")?))
            }
            Some("--worker") => worker = true,
            Some("--resume-at") => {
                replay.resume_at = number(&value("--resume-at")?, "--resume-at")?
            }
            Some("--crashed") => {
                replay.crashed = value("--crashed")?
                    .split(',')
                    .map(|n| number(n, "--crashed"))
                    .collect::<Result<_, _>>()?;
            }
            Some("-h" | "--help") => return Err(String::new()),
            Some(flag) if flag.starts_with('-') => return Err(format!("unknown option `{flag}`")),
            _ => positional.push(PathBuf::from(arg)),
        }
    }
    if worker {
        let [file] = <[PathBuf; 1]>::try_from(positional)
            .map_err(|_| "a worker runs exactly one file".to_string())?;
        return Ok(Command::Worker(WorkerArgs {
            file,
            set,
            opt_level,
            bounds_checks,
            replay,
        }));
    }
    if positional.is_empty() {
        return Err("missing SUITE_DIR".to_string());
    }
    let suite = positional.remove(0);
    Ok(Command::Run(RunArgs {
        suite,
        files: positional,
        set,
        verbose,
        jobs,
        timeout,
        opt_level,
        bounds_checks,
        in_process,
        conformance_md,
    }))
}

fn number(text: &str, option: &str) -> Result<usize, String> {
    text.parse()
        .map_err(|_| format!("{option}: `{text}` is not a number"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_strs(args: &[&str]) -> Result<Command, String> {
        parse(args.iter().map(OsString::from))
    }

    #[test]
    fn run_arguments() {
        let Command::Run(run) =
            parse_strs(&["suite", "--set", "wasm1", "-v", "-j", "3", "i32.wast"]).unwrap()
        else {
            panic!("a run");
        };
        assert_eq!(run.suite, PathBuf::from("suite"));
        assert_eq!(run.files, vec![PathBuf::from("i32.wast")]);
        assert_eq!(run.set, FeatureSet::Wasm1);
        assert!(run.verbose);
        assert_eq!(run.jobs, 3);
        assert_eq!(run.opt_level, OptLevel::O2);
        assert_eq!(run.bounds_checks, BoundsChecks::GuardPages);
    }

    #[test]
    fn bounds_checking_modes() {
        let Command::Run(run) = parse_strs(&["suite", "--bounds-checks", "explicit"]).unwrap()
        else {
            panic!("a run");
        };
        assert_eq!(run.bounds_checks, BoundsChecks::Explicit);
        for mode in [BoundsChecks::GuardPages, BoundsChecks::Explicit] {
            assert_eq!(parse_bounds_checks(bounds_checks_name(mode)), Some(mode));
        }
        assert!(parse_strs(&["s", "--bounds-checks", "none"])
            .unwrap_err()
            .contains("none"));
    }

    #[test]
    fn worker_arguments() {
        let Command::Worker(worker) = parse_strs(&[
            "--worker",
            "--set",
            "all",
            "--resume-at",
            "7",
            "--crashed",
            "2,6",
            "x.wast",
        ])
        .unwrap() else {
            panic!("a worker");
        };
        assert_eq!(worker.set, FeatureSet::All);
        assert_eq!(
            worker.replay,
            Replay {
                resume_at: 7,
                crashed: vec![2, 6]
            }
        );
    }

    #[test]
    fn errors() {
        assert!(parse_strs(&[]).unwrap_err().contains("SUITE_DIR"));
        assert!(parse_strs(&["s", "--set", "wasm9"])
            .unwrap_err()
            .contains("wasm9"));
        assert!(parse_strs(&["s", "--bogus"])
            .unwrap_err()
            .contains("--bogus"));
    }
}
