//! `wasmlite-wasi-suite [SUITE_DIR] [FILTER]`: runs every preview-1 program of the
//! official WASI test suite (`SUITE_DIR/tests/*/testsuite/wasm32-wasip1/*.wasm`, default
//! `../shared/wasi-testsuite`) through wasmlite and prints `N passed, M failed, K skipped`
//! last. Each program is compiled with wasmlite-codegen, loaded with LLVM's ORC JIT (as
//! the spec harness does), linked with wasmlite-wasi by name and run with the arguments,
//! environment and preopened root its JSON gives, in a scratch copy of that root.
//!
//! `wasmlite-wasi-suite run ... PROGRAM.wasm [ARG]...` runs any WASI command the same
//! way, with the arguments, environment, preopens and stdin given (see `command.rs`).
#![deny(missing_docs)]

mod command;
mod run;
mod spec;

use run::Outcome;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;
use wasmlite_codegen::{BoundsChecks, OptLevel};
use wasmlite_spec::compiler::Compiler;

/// How long one test may run before the whole run is declared hung.
const TIMEOUT: Duration = Duration::from_secs(300);

/// Every preview-1 program of the suite, sorted.
fn programs(suite: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for language in std::fs::read_dir(suite.join("tests"))? {
        let dir = language?.path().join("testsuite/wasm32-wasip1");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "wasm") {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

fn main() {
    let mut args = std::env::args().skip(1).peekable();
    if args.peek().is_some_and(|first| first == "run") {
        std::process::exit(command::main(args.skip(1)));
    }
    let suite = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "../shared/wasi-testsuite".into()),
    );
    let filter = args.next().unwrap_or_default();
    let programs = match programs(&suite) {
        Ok(programs) if !programs.is_empty() => programs,
        Ok(_) => {
            eprintln!(
                "no programs under {}/tests/*/testsuite/wasm32-wasip1",
                suite.display()
            );
            std::process::exit(2);
        }
        Err(error) => {
            eprintln!("cannot read {}: {error}", suite.display());
            std::process::exit(2);
        }
    };
    let mut compiler = Compiler::new(OptLevel::O1, BoundsChecks::default());
    let (mut passed, mut failed, mut skipped) = (0, 0, 0);
    for wasm in &programs {
        let name = wasm
            .strip_prefix(suite.join("tests"))
            .unwrap_or(wasm)
            .display()
            .to_string();
        if !name.contains(&filter) {
            skipped += 1;
            continue;
        }
        let spec = match spec::Spec::of(wasm) {
            Ok(spec) => spec,
            Err(error) => {
                println!("FAIL {name}: specification: {}", error.0);
                failed += 1;
                continue;
            }
        };
        let (done, watchdog) = mpsc::channel::<()>();
        let hung = name.clone();
        std::thread::spawn(move || {
            if let Err(mpsc::RecvTimeoutError::Timeout) = watchdog.recv_timeout(TIMEOUT) {
                println!(
                    "FAIL {hung}: no result after {} s; stopping",
                    TIMEOUT.as_secs()
                );
                std::process::exit(1);
            }
        });
        let start = std::time::Instant::now();
        let outcome = run::run(&mut compiler, wasm, &spec);
        drop(done);
        match outcome {
            Outcome::Passed => {
                passed += 1;
                println!("ok   {name} ({:.1} s)", start.elapsed().as_secs_f64());
            }
            Outcome::Failed(reason) => {
                failed += 1;
                println!("FAIL {name}: {reason}");
            }
        }
    }
    println!("{passed} passed, {failed} failed, {skipped} skipped");
    std::process::exit(if failed == 0 { 0 } else { 1 });
}
