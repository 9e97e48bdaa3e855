//! Finding the suite's files and running many of them in parallel.

use crate::features::FeatureSet;
use crate::isolate::{run_isolated, run_on_big_stack, WorkerCommand};
use crate::outcome::{Counts, DirectiveResult};
use crate::script::{Event, Replay, ScriptOptions};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

/// Directories below the suite root holding files outside the core suite.
pub const EXTRA_DIRECTORIES: [&str; 3] = ["legacy", "custom", "proposals"];

/// A script of the suite.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct SuiteFile {
    /// Its name relative to the suite root (`i32.wast`, `legacy/throw.wast`).
    pub name: String,
    /// Where it is.
    pub path: PathBuf,
}

/// The results of one script.
#[derive(Clone, Debug)]
pub struct FileReport {
    /// The script.
    pub file: SuiteFile,
    /// Every directive's result, in order.
    pub results: Vec<DirectiveResult>,
}

impl FileReport {
    /// Pass/fail/skip counts.
    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        self.results.iter().for_each(|r| counts.add(&r.outcome));
        counts
    }
}

/// The scripts `set` runs by default: the top-level `*.wast` files, plus
/// those below [`EXTRA_DIRECTORIES`] when the set includes them; sorted.
pub fn default_files(root: &Path, set: FeatureSet) -> std::io::Result<Vec<SuiteFile>> {
    let mut files = wast_files_in(root, root, false)?;
    if set.includes_extra_directories() {
        for dir in EXTRA_DIRECTORIES {
            let dir = root.join(dir);
            if dir.is_dir() {
                files.extend(wast_files_in(root, &dir, true)?);
            }
        }
    }
    files.sort();
    Ok(files)
}

fn wast_files_in(root: &Path, dir: &Path, recursive: bool) -> std::io::Result<Vec<SuiteFile>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() && recursive {
            files.extend(wast_files_in(root, &path, true)?);
        } else if path.extension().is_some_and(|e| e == "wast") {
            files.push(suite_file(root, path));
        }
    }
    Ok(files)
}

/// A script given on the command line: a path, or a name relative to `root`.
pub fn suite_file(root: &Path, given: PathBuf) -> SuiteFile {
    let path = if given.exists() || given.is_absolute() {
        given
    } else {
        root.join(given)
    };
    let name = path
        .strip_prefix(root)
        .unwrap_or(&path)
        .to_string_lossy()
        .into_owned();
    SuiteFile { name, path }
}

/// How scripts are run.
#[derive(Clone, Debug)]
pub enum Mode {
    /// Each in a worker process (crashes and hangs cost one directive).
    Isolated(WorkerCommand),
    /// In this process (for debugging; a crash ends the run).
    InProcess(ScriptOptions),
}

/// Run `files` on `jobs` threads; `on_done` sees the reports in file order.
pub fn run_files(
    files: &[SuiteFile],
    mode: &Mode,
    jobs: usize,
    mut on_done: impl FnMut(&FileReport),
) -> Vec<FileReport> {
    let next = AtomicUsize::new(0);
    let (done_tx, done) = mpsc::channel::<(usize, FileReport)>();
    let mut reports: Vec<Option<FileReport>> = vec![None; files.len()];
    std::thread::scope(|scope| {
        for _ in 0..jobs.max(1) {
            let done_tx = done_tx.clone();
            let next = &next;
            scope.spawn(move || loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(file) = files.get(i) else { break };
                let report = FileReport {
                    file: file.clone(),
                    results: run_one(&file.path, mode),
                };
                if done_tx.send((i, report)).is_err() {
                    break;
                }
            });
        }
        drop(done_tx);
        let mut printed = 0;
        for (i, report) in done {
            reports[i] = Some(report);
            while let Some(Some(report)) = reports.get(printed) {
                on_done(report);
                printed += 1;
            }
        }
    });
    reports
        .into_iter()
        .map(|r| r.expect("every file was run"))
        .collect()
}

fn run_one(path: &Path, mode: &Mode) -> Vec<DirectiveResult> {
    match mode {
        Mode::Isolated(command) => run_isolated(command, path),
        Mode::InProcess(options) => {
            let mut results = Vec::new();
            let mut observer = |event| {
                if let Event::Finished(result) = event {
                    results.push(result);
                }
            };
            run_on_big_stack(path, *options, &Replay::default(), &mut observer);
            results
        }
    }
}
