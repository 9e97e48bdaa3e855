//! The worker process: judges items `from..to` and reports each on stdout
//! in the [`crate::protocol`] format. Items are run on a thread with a
//! large stack, and panics are caught and reported as findings.

use crate::cli::Options;
use crate::differ::differential;
use crate::generate::runnable_module;
use crate::hostile::{check_compile, hostile_input, CompileCheck};
use crate::loader::Loader;
use crate::panics::catch;
use crate::protocol::{Finding, Message};
use std::io::Write;

/// Stack for the thread running items: wasm code may use 8 MiB of it
/// (wasmlite's limit) and the compiler recurses on nesting.
const STACK: usize = 256 << 20;

fn send(message: Message) {
    let mut out = std::io::stdout().lock();
    // A closed pipe means the supervisor is gone: nothing left to do.
    if writeln!(out, "{}", message.encode())
        .and_then(|()| out.flush())
        .is_err()
    {
        std::process::exit(1);
    }
}

/// Runs items `from..to` of the campaign `options` describes.
pub fn run(options: &Options, is_differential: bool, from: u64, to: u64) -> std::io::Result<()> {
    let options = options.clone();
    let thread = std::thread::Builder::new()
        .name("fuzz-worker".into())
        .stack_size(STACK)
        .spawn(move || -> std::io::Result<()> {
            let mut loader = Loader::new()?;
            for index in from..to {
                send(Message::Start(index));
                let finding = if is_differential {
                    differential_item(&options, index, &mut loader)
                } else {
                    hostile_item(&options, index)
                };
                send(Message::Done(index, finding));
            }
            Ok(())
        })?;
    thread
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

fn differential_item(options: &Options, index: u64, loader: &mut Loader) -> Finding {
    send(Message::Phase(index, "generation".into()));
    let wasm = match runnable_module(options.seed, index, options.size) {
        Ok(wasm) => wasm,
        Err(e) => return Finding::Inconclusive(format!("generation failed: {e}")),
    };
    let opt_level = options.opt.level(index);
    let mut phase = |name: &str| send(Message::Phase(index, name.to_string()));
    match catch(|| differential(&wasm, opt_level, loader, &mut phase)) {
        Ok(run) => run.verdict.into(),
        Err(panic) => Finding::Divergence(format!("panic: {panic}")),
    }
}

fn hostile_item(options: &Options, index: u64) -> Finding {
    let (mutation, bytes) = hostile_input(options.seed, index);
    send(Message::Phase(
        index,
        format!("compiling ({mutation:?}, {} bytes)", bytes.len()),
    ));
    match check_compile(&bytes, options.opt.level(index)) {
        CompileCheck::Compiled => Finding::Compiled,
        CompileCheck::Rejected(_) => Finding::Rejected,
        CompileCheck::WronglyRejected(message) => Finding::WrongRejection(message),
        CompileCheck::Crashed(why) => Finding::Crash(why),
    }
}
