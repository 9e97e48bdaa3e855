//! Running each script in a worker process, so that a crash (a fault the
//! runtime does not turn into a trap, an abort) or a hang in one directive
//! costs that directive only.
//!
//! The parent starts `wasmlite-spec --worker ... FILE`, which runs the
//! script in-process and reports through [`crate::protocol`]. When the
//! worker dies or goes quiet for longer than the timeout in the middle of
//! a directive, that directive fails and a new worker replays the script
//! from the start, skipping the directives that crashed and reporting only
//! those after the last one.

use crate::outcome::{DirectiveResult, Outcome};
use crate::protocol::{self, Message};
use crate::script::{run_script, Event, Replay, ScriptOptions};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

/// Stack size of the thread running a script: the runtime lets wasm use up
/// to 8 MiB below the entry point, plus a margin for the host.
pub const SCRIPT_STACK_SIZE: usize = 32 << 20;

/// How many times a script's worker may be restarted after crashes.
const MAX_RESTARTS: usize = 200;

/// Timeout of `assert_exhaustion` directives: running out of the 8 MiB
/// wasm stack takes milliseconds, so one still running after this is in an
/// endless loop (e.g. a recursion the compiler turned into a loop).
const EXHAUSTION_TIMEOUT: Duration = Duration::from_secs(10);

/// Keep this many bytes of a worker's stderr for crash reports.
const STDERR_TAIL: usize = 1500;

/// How to start workers.
#[derive(Clone, Debug)]
pub struct WorkerCommand {
    /// The `wasmlite-spec` executable.
    pub exe: PathBuf,
    /// Script options passed on.
    pub options: ScriptOptions,
    /// A directive running longer than this is killed.
    pub timeout: Duration,
}

/// Run `script` on a thread with a stack big enough for wasm, calling
/// `observer` for each event.
pub fn run_on_big_stack(
    path: &Path,
    options: ScriptOptions,
    replay: &Replay,
    observer: &mut (dyn FnMut(Event) + Send),
) {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("wast".into())
            .stack_size(SCRIPT_STACK_SIZE)
            .spawn_scoped(scope, || run_script(path, options, replay, observer))
            .expect("spawning the script thread")
            .join()
            .unwrap_or_else(|payload| std::panic::resume_unwind(payload));
    });
}

/// The worker side: run `path` and print the protocol to stdout.
pub fn worker_main(path: &Path, options: ScriptOptions, replay: &Replay) {
    let stdout = std::io::stdout();
    let mut observer = |event: Event| {
        let mut out = stdout.lock();
        // A parent that went away has no use for the rest.
        let _ = writeln!(out, "{}", protocol::encode(&event)).and_then(|()| out.flush());
    };
    run_on_big_stack(path, options, replay, &mut observer);
    println!("{}", protocol::END);
}

/// The parent side: every directive's result for `path`.
pub fn run_isolated(command: &WorkerCommand, path: &Path) -> Vec<DirectiveResult> {
    let mut results = Vec::new();
    let mut replay = Replay::default();
    for _ in 0..=MAX_RESTARTS {
        match run_worker(command, path, &replay, &mut results) {
            WorkerEnd::Finished => return results,
            WorkerEnd::Died {
                during: Some((index, line, kind)),
                group,
                why,
            } => {
                results.push(DirectiveResult {
                    index,
                    line,
                    kind,
                    outcome: Outcome::fail(group, why),
                });
                replay.crashed.push(index);
                replay.resume_at = index + 1;
            }
            WorkerEnd::Died {
                during: None,
                group,
                why,
            } => {
                let index = results.last().map_or(0, |r| r.index + 1);
                let outcome =
                    Outcome::fail(format!("worker died outside any directive: {group}"), why);
                results.push(DirectiveResult {
                    index,
                    line: 0,
                    kind: "script".into(),
                    outcome,
                });
                return results;
            }
        }
    }
    let outcome = Outcome::fail(
        "too many crashes",
        format!("gave up after {MAX_RESTARTS} restarts"),
    );
    let index = results.last().map_or(0, |r| r.index + 1);
    results.push(DirectiveResult {
        index,
        line: 0,
        kind: "script".into(),
        outcome,
    });
    results
}

enum WorkerEnd {
    Finished,
    Died {
        during: Option<(usize, u32, String)>,
        group: String,
        why: String,
    },
}

fn run_worker(
    command: &WorkerCommand,
    path: &Path,
    replay: &Replay,
    results: &mut Vec<DirectiveResult>,
) -> WorkerEnd {
    let mut child = match spawn(command, path, replay) {
        Ok(child) => child,
        Err(e) => {
            return WorkerEnd::Died {
                during: None,
                group: "cannot start worker".into(),
                why: e.to_string(),
            }
        }
    };
    let stdout = child.stdout.take().expect("stdout is piped");
    let stderr = child.stderr.take().expect("stderr is piped");
    let (lines_tx, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if lines_tx.send(line).is_err() {
                break;
            }
        }
    });
    let stderr_tail = std::thread::spawn(move || tail(stderr));
    let mut during: Option<(usize, u32, String)> = None;
    let end = loop {
        let timeout = match &during {
            Some((_, _, kind)) if kind == "assert_exhaustion" => {
                command.timeout.min(EXHAUSTION_TIMEOUT)
            }
            _ => command.timeout,
        };
        match lines.recv_timeout(timeout) {
            Ok(line) => match protocol::decode(&line) {
                Some(Message::Event(Event::Starting { index, line, kind })) => {
                    during = Some((index, line, kind))
                }
                Some(Message::Event(Event::Finished(result))) => {
                    during = None;
                    results.push(result);
                }
                Some(Message::End) => break None,
                None => {}
            },
            Err(RecvTimeoutError::Timeout) => {
                // The worker may have exited just now; killing it is harmless.
                let _ = child.kill();
                break Some(format!("timed out after {}s (killed)", timeout.as_secs()));
            }
            Err(RecvTimeoutError::Disconnected) => break Some(String::new()),
        }
    };
    let status = child.wait();
    let stderr = stderr_tail.join().unwrap_or_default();
    match end {
        None => WorkerEnd::Finished,
        Some(timed_out) => {
            let status = status.map_or_else(|e| e.to_string(), |s| s.to_string());
            let group = if timed_out.is_empty() {
                format!("crashed the process ({status})")
            } else {
                timed_out
            };
            let stderr = stderr.trim();
            let why = if stderr.is_empty() {
                String::new()
            } else {
                format!("stderr: {stderr}")
            };
            WorkerEnd::Died { during, group, why }
        }
    }
}

fn spawn(command: &WorkerCommand, path: &Path, replay: &Replay) -> std::io::Result<Child> {
    let mut cmd = Command::new(&command.exe);
    cmd.arg("--worker")
        .args(["--set", command.options.set.name()])
        .args([
            "--opt-level",
            crate::cli::opt_level_name(command.options.opt_level),
        ])
        .args([
            "--bounds-checks",
            crate::cli::bounds_checks_name(command.options.bounds_checks),
        ])
        .args(["--resume-at", &replay.resume_at.to_string()]);
    if !replay.crashed.is_empty() {
        let crashed: Vec<String> = replay.crashed.iter().map(usize::to_string).collect();
        cmd.args(["--crashed", &crashed.join(",")]);
    }
    cmd.arg(path)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
}

/// The last [`STDERR_TAIL`] bytes `reader` produces.
fn tail(mut reader: impl Read) -> String {
    let mut kept = Vec::new();
    let mut buf = [0u8; 4096];
    while let Ok(n) = reader.read(&mut buf) {
        if n == 0 {
            break;
        }
        kept.extend_from_slice(&buf[..n]);
        if kept.len() > 2 * STDERR_TAIL {
            kept.drain(..kept.len() - STDERR_TAIL);
        }
    }
    let start = kept.len().saturating_sub(STDERR_TAIL);
    String::from_utf8_lossy(&kept[start..]).into_owned()
}
