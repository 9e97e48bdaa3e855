//! The program: parse the command line, run, print, exit.

use crate::cli::{self, Command, RunArgs};
use crate::conformance::{self, SetRun};
use crate::features::FeatureSet;
use crate::isolate::{worker_main, WorkerCommand};
use crate::report;
use crate::script::ScriptOptions;
use crate::suite::{default_files, run_files, suite_file, FileReport, Mode, SuiteFile};
use std::ffi::OsString;
use std::process::ExitCode;

/// Run the program with `args` (after the program name).
pub fn main(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    match cli::parse(args) {
        Ok(Command::Worker(worker)) => {
            let options = ScriptOptions {
                set: worker.set,
                opt_level: worker.opt_level,
                bounds_checks: worker.bounds_checks,
            };
            worker_main(&worker.file, options, &worker.replay);
            ExitCode::SUCCESS
        }
        Ok(Command::Run(run)) => match run_command(&run) {
            Ok(true) => ExitCode::SUCCESS,
            Ok(false) => ExitCode::FAILURE,
            Err(message) => {
                eprintln!("wasmlite-spec: {message}");
                ExitCode::from(2)
            }
        },
        Err(message) => {
            if !message.is_empty() {
                eprintln!("wasmlite-spec: {message}\n");
            }
            eprint!("{}", cli::USAGE);
            ExitCode::from(2)
        }
    }
}

/// Run and print; `Ok(true)` when nothing failed in the chosen set.
fn run_command(args: &RunArgs) -> Result<bool, String> {
    match &args.conformance_md {
        None => {
            let reports = run_set(args, args.set, true)?;
            Ok(report::totals(&reports).failed == 0)
        }
        Some(path) => {
            let mut runs = Vec::new();
            for set in FeatureSet::EVERY {
                let reports = run_set(args, set, false)?;
                println!("{set}: {}", report::totals(&reports));
                runs.push(SetRun { set, reports });
            }
            let command = format!(
                "cargo run --release -p wasmlite-spec -- {} --conformance-md {}",
                args.suite.display(),
                path.display()
            );
            let document = conformance::markdown(&command, &runs);
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent)
                    .map_err(|e| format!("{}: {e}", parent.display()))?;
            }
            std::fs::write(path, document).map_err(|e| format!("{}: {e}", path.display()))?;
            let chosen = runs
                .iter()
                .find(|r| r.set == args.set)
                .expect("every set ran");
            Ok(report::totals(&chosen.reports).failed == 0)
        }
    }
}

/// Run the files of `set`, printing per-file lines if `print` (and the
/// totals last).
fn run_set(args: &RunArgs, set: FeatureSet, print: bool) -> Result<Vec<FileReport>, String> {
    let files = files(args, set)?;
    let options = ScriptOptions {
        set,
        opt_level: args.opt_level,
        bounds_checks: args.bounds_checks,
    };
    let mode = if args.in_process {
        Mode::InProcess(options)
    } else {
        let exe =
            std::env::current_exe().map_err(|e| format!("cannot find this executable: {e}"))?;
        Mode::Isolated(WorkerCommand {
            exe,
            options,
            timeout: args.timeout,
        })
    };
    let reports = run_files(&files, &mode, args.jobs, |report| {
        if print {
            println!("{}", report::file_line(report));
            if args.verbose {
                print!("{}", report::failure_lines(report));
            }
        }
    });
    if print {
        println!("{}", report::totals(&reports));
    }
    Ok(reports)
}

fn files(args: &RunArgs, set: FeatureSet) -> Result<Vec<SuiteFile>, String> {
    if !args.suite.is_dir() {
        return Err(format!("{} is not a directory", args.suite.display()));
    }
    if args.files.is_empty() {
        return default_files(&args.suite, set)
            .map_err(|e| format!("{}: {e}", args.suite.display()));
    }
    let files: Vec<SuiteFile> = args
        .files
        .iter()
        .map(|f| suite_file(&args.suite, f.clone()))
        .collect();
    match files.iter().find(|f| !f.path.is_file()) {
        Some(missing) => Err(format!("{}: no such file", missing.path.display())),
        None => Ok(files),
    }
}
