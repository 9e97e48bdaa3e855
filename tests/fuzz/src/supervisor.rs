//! The supervisor: runs a campaign in worker processes, so that a crash
//! (abort, segfault, stack overflow) or a hang is caught, attributed to
//! the item being judged, saved, and the campaign goes on after it.

use crate::cli::Options;
use crate::generate::runnable_module;
use crate::hostile::hostile_input;
use crate::protocol::{Finding, Message};
use crate::save::{save, Saved};
use crate::tally::Tally;
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How much of a worker's stderr is kept for crash reports.
const STDERR_TAIL: usize = 2_000;
/// How often progress is printed.
const PROGRESS_EVERY: Duration = Duration::from_secs(5);

/// A running worker: its messages and the tail of its stderr.
struct Worker {
    child: Child,
    messages: Receiver<Message>,
    stderr: Arc<Mutex<String>>,
}

fn spawn(options: &Options, differential: bool, from: u64, to: u64) -> std::io::Result<Worker> {
    let mut child = Command::new(std::env::current_exe()?)
        .args([
            "--worker",
            if differential {
                "differential"
            } else {
                "hostile"
            },
        ])
        .args(["--from", &from.to_string(), "--to", &to.to_string()])
        .args([
            "--seed",
            &options.seed.to_string(),
            "--size",
            options.size.name(),
        ])
        .args(["--opt-level", options.opt.name()])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let (sender, messages) = mpsc::channel();
    let stdout = child.stdout.take().expect("piped");
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(message) = Message::decode(&line) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        }
    });
    let stderr = Arc::new(Mutex::new(String::new()));
    let tail = stderr.clone();
    let mut pipe = child.stderr.take().expect("piped");
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n @ 1..) = pipe.read(&mut buf) {
            let mut tail = tail.lock().unwrap_or_else(|e| e.into_inner());
            tail.push_str(&String::from_utf8_lossy(&buf[..n]));
            if tail.len() > 2 * STDERR_TAIL {
                let cut = tail.len() - STDERR_TAIL;
                let cut = (cut..tail.len())
                    .find(|&i| tail.is_char_boundary(i))
                    .unwrap_or(0);
                tail.replace_range(..cut, "");
            }
        }
    });
    Ok(Worker {
        child,
        messages,
        stderr,
    })
}

/// Runs `count` items (differential modules or hostile inputs), printing
/// progress, and returns the tally.
pub fn run(options: &Options, differential: bool, count: u64) -> std::io::Result<Tally> {
    let mut tally = Tally::default();
    let mut next = 0;
    let mut last_progress = Instant::now();
    while next < count {
        let end = (next + options.batch).min(count);
        let mut worker = spawn(options, differential, next, end)?;
        let mut current = next;
        let mut phase = String::from("starting");
        let mut deadline = Instant::now() + options.timeout;
        loop {
            let wait = deadline.saturating_duration_since(Instant::now());
            match worker.messages.recv_timeout(wait) {
                Ok(Message::Start(i)) => {
                    current = i;
                    phase = "started".into();
                    deadline = Instant::now() + options.timeout;
                }
                Ok(Message::Phase(_, p)) => phase = p,
                Ok(Message::Done(i, finding)) => {
                    record(options, differential, &mut tally, i, finding);
                    next = i + 1;
                    if last_progress.elapsed() >= PROGRESS_EVERY || next == count {
                        println!("{}", tally.progress(differential, count));
                        last_progress = Instant::now();
                    }
                }
                Err(RecvTimeoutError::Timeout) => {
                    let _ = worker.child.kill();
                    let _ = worker.child.wait();
                    let what = format!(
                        "hang: no answer within {}s during {phase}",
                        options.timeout.as_secs()
                    );
                    record(
                        options,
                        differential,
                        &mut tally,
                        current,
                        failure(differential, what),
                    );
                    next = current + 1;
                    break;
                }
                Err(RecvTimeoutError::Disconnected) => {
                    let status = worker.child.wait()?;
                    if next < end {
                        let stderr = worker
                            .stderr
                            .lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .clone();
                        let what = format!(
                            "worker died ({status}) during {phase}; stderr: {}",
                            stderr
                                .trim()
                                .lines()
                                .rev()
                                .take(4)
                                .collect::<Vec<_>>()
                                .join(" | ")
                        );
                        record(
                            options,
                            differential,
                            &mut tally,
                            current,
                            failure(differential, what),
                        );
                        next = current + 1;
                    }
                    break;
                }
            }
        }
    }
    Ok(tally)
}

/// A crash or hang as the finding of its mode.
fn failure(differential: bool, what: String) -> Finding {
    if differential {
        Finding::Divergence(what)
    } else {
        Finding::Crash(what)
    }
}

/// Counts `finding`, saving the item's input first if it is a problem.
fn record(options: &Options, differential: bool, tally: &mut Tally, index: u64, finding: Finding) {
    let description = match &finding {
        Finding::Divergence(d) | Finding::Crash(d) | Finding::WrongRejection(d) => Some(d.clone()),
        _ => None,
    };
    let saved = description.and_then(|d| {
        let saved = save_item(options, differential, index, &d);
        println!("#{index}: {d}");
        if let Some(s) = &saved {
            println!(
                "    saved {}\n    reproduce: {}",
                s.path.display(),
                s.command
            );
        }
        saved
    });
    tally.record(index, finding, saved);
}

/// Regenerates item `index` and saves it.
fn save_item(
    options: &Options,
    differential: bool,
    index: u64,
    description: &str,
) -> Option<Saved> {
    let seed = options.seed;
    let opt_level = options.opt.level(index);
    let (name, bytes) = if differential {
        (
            format!("{seed}-{index}.wasm"),
            runnable_module(seed, index, options.size).ok()?,
        )
    } else {
        (
            format!("hostile-{seed}-{index}.bin"),
            hostile_input(seed, index).1,
        )
    };
    match save(&options.out, &name, &bytes, description, opt_level) {
        Ok(saved) => Some(saved),
        Err(e) => {
            eprintln!("could not save {name} in {}: {e}", options.out.display());
            None
        }
    }
}
